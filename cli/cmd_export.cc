// `thidua export`: every domain table as canonical JSON.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/output.h"
#include "store/store.h"

namespace thidua::cli {
namespace {

struct ExportOptions {
  std::string db;
  std::string out;
};

int run_export(const ExportOptions& o) {
  // Only reads: never migrates the file, and reads one a schema behind
  // this build as it is (issue 11).
  OpenOptions open;
  open.create = false;
  open.read_only = true;
  open.read_compatible_schema = true;
  auto store = Store::open(o.db, open);
  if (!store) return fail_open_db(store.status());
  auto json = (*store)->export_json();
  if (!json) return fail("không xuất được dữ liệu", json.status());
  if (o.out.empty() || o.out == "-") {
    std::cout << *json;
    std::cout.flush();
    if (!std::cout) return fail("không ghi được ra đầu ra chuẩn");
    return 0;
  }
  // Written beside the target and renamed: a failed export never leaves a
  // truncated file where a good one was.
  std::string tmp = o.out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << *json;
    f.close();
    if (!f) {
      std::remove(tmp.c_str());
      return fail("không ghi được tệp " + o.out);
    }
  }
  if (std::rename(tmp.c_str(), o.out.c_str()) != 0) {
    std::remove(tmp.c_str());
    return fail("không ghi được tệp " + o.out);
  }
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, Action* action) {
  auto o = std::make_shared<ExportOptions>();
  auto* cmd = app.add_subcommand(
      "export", "Xuất mọi bảng dữ liệu ra JSON chuẩn tắc (để sao lưu và so sánh hai bản)");
  add_db_option(*cmd, o->db, "Tệp cơ sở dữ liệu");
  cmd->add_option("--out", o->out, "Tệp kết quả (mặc định: đầu ra chuẩn)");
  cmd->callback([o, action] { *action = [o] { return run_export(*o); }; });
}

}  // namespace thidua::cli
