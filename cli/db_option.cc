#include "cli/db_option.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/output.h"
#include "store/store.h"

namespace thidua::cli {

CLI::Option* add_db_option(CLI::App& cmd, std::string& path, const std::string& help, bool required) {
  CLI::Option* option = cmd.add_option("--db", path, help);
  if (required) option->required();
  return option;
}

int fail_open_db(const Status& status) { return fail("không mở được cơ sở dữ liệu", status); }

void tell_upgrade(const std::string& path, const Store& store) {
  if (store.upgrade_copy().empty()) return;
  std::cerr << "Đã nâng cấp " << path << " lên lược đồ dữ liệu phiên bản " << store.schema_version()
            << "; bản sao trước khi nâng cấp: " << store.upgrade_copy() << std::endl;
}

}  // namespace thidua::cli
