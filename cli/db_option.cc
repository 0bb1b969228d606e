#include "cli/db_option.h"

#include <CLI/CLI.hpp>

#include "cli/output.h"

namespace thidua::cli {

CLI::Option* add_db_option(CLI::App& cmd, std::string& path, const std::string& help, bool required) {
  CLI::Option* option = cmd.add_option("--db", path, help);
  if (required) option->required();
  return option;
}

int fail_open_db(const Status& status) { return fail("không mở được cơ sở dữ liệu", status); }

}  // namespace thidua::cli
