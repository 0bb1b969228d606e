// `thidua server ...`: the operator's commands for the central database.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/db_setup.h"
#include "cli/output.h"
#include "cli/server_commands.h"

namespace thidua::cli {
namespace {

struct InitOptions {
  std::string db;
  std::string content = "content";
  bool force = false;
};

int run_init(const InitOptions& o) {
  auto created = create_central_db(o.db, o.content, o.force);
  if (!created) return fail("không tạo được cơ sở dữ liệu trung tâm " + o.db, created.status());
  const auto& s = created->stats;
  std::cout << "Đã tạo cơ sở dữ liệu trung tâm " << o.db << "\n"
            << "  " << s.units << " đơn vị, " << s.plans << " kế hoạch, " << s.tasks
            << " nhiệm vụ, " << s.task_units << " phân công\n"
            << "  mã nút (node): " << created->store->node_id() << "\n";
  return 0;
}

}  // namespace

void add_server_commands(CLI::App& app, Action* action) {
  auto* server = app.add_subcommand("server", "Máy chủ trung tâm: tạo và quản lý cơ sở dữ liệu");
  server->require_subcommand(1);

  auto init = std::make_shared<InitOptions>();
  auto* cmd = server->add_subcommand("init", "Tạo cơ sở dữ liệu trung tâm và nạp đơn vị, kế hoạch từ content/");
  add_db_option(*cmd, init->db, "Tệp cơ sở dữ liệu sẽ tạo (ví dụ central.db)");
  cmd->add_option("--content", init->content, "Thư mục dữ liệu kế hoạch")->capture_default_str();
  cmd->add_flag("--force", init->force, "Ghi đè nếu tệp đã tồn tại");
  cmd->callback([init, action] { *action = [init] { return run_init(*init); }; });

  add_server_run(*server, action);
  add_server_node_admin(*server, action);
  add_server_backup(*server, action);
}

}  // namespace thidua::cli
