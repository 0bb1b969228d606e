// thidua: the one command for the central server, district nodes, the site
// generator and the demo.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/usage_vi.h"
#include "common/version.h"

int main(int argc, char** argv) {
  CLI::App app{"thidua — thi đua, khen thưởng: đồng bộ ngoại tuyến và trang công khai"};
  thidua::cli::use_vietnamese(app);
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("thidua ") + thidua::kVersion, "In phiên bản rồi thoát");
  thidua::cli::Action action;
  thidua::cli::add_server_commands(app, &action);
  thidua::cli::add_export_command(app, &action);
  thidua::cli::add_demo_command(app, &action);
  thidua::cli::add_node_commands(app, &action);
  thidua::cli::add_site_commands(app, &action);
  thidua::cli::add_report_command(app, &action);
  thidua::cli::finish_vietnamese(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return action ? action() : 0;
}
