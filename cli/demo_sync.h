// The sync part of `thidua demo`: a real server on a free loopback port and
// the machines of cli/demo_nodes.h (the province's Ban TĐKT, three districts,
// one behind a link that drops, and two more units the plan names) walking
// the first half of 2021 (cli/demo_cycle.h).
#pragma once

#include <string>

#include "store/store.h"

namespace thidua::cli {

// Runs the scenario against the central database at `central_path`, writing
// node databases under `dir`/nodes. Prints what happens and what moved.
// Returns the process exit code.
int run_sync_demo(const std::string& dir, const std::string& content_dir, const std::string& central_path);

}  // namespace thidua::cli
