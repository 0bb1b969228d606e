// The `thidua server` subcommands, one registration function each.
#pragma once

#include "cli/commands.h"

namespace thidua::cli {

void add_server_run(CLI::App& server, Action* action);
void add_server_node_admin(CLI::App& server, Action* action);
void add_server_backup(CLI::App& server, Action* action);

}  // namespace thidua::cli
