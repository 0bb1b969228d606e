// The subcommands of the thidua executable. Each add_* function registers
// its options on `app` and, when the subcommand is chosen, stores in
// `*action` the work to run after parsing. CLI11 stays inside cli/.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace thidua::cli {

// Returns the process exit code: 0 on success.
using Action = std::function<int()>;

void add_server_commands(CLI::App& app, Action* action);
void add_export_command(CLI::App& app, Action* action);
void add_demo_command(CLI::App& app, Action* action);
void add_node_commands(CLI::App& app, Action* action);
void add_site_commands(CLI::App& app, Action* action);
// `thidua report` (issue 13 §4).
void add_report_command(CLI::App& app, Action* action);

}  // namespace thidua::cli
