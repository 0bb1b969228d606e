// `thidua node ...`: the commands of a district or province machine.
//
// add_node_commands (commands.h) creates the `node` subcommand and calls
// add_node_local_commands (the clerk's work on the local database) and
// add_node_sync_commands (init and sync, cli/cmd_node_sync.cc). Each
// add_node_* registers one subcommand on `node`, like the add_* functions
// of commands.h. CLI11 stays inside cli/.
#pragma once

#include "cli/commands.h"

namespace thidua::cli {

void add_node_local_commands(CLI::App& node, Action* action);
void add_node_sync_commands(CLI::App& node, Action* action);
// set-server and set-token: re-point an existing copy (cli/cmd_node_config.cc).
void add_node_config_commands(CLI::App& node, Action* action);

void add_node_report(CLI::App& node, Action* action);     // cli/cmd_node.cc
void add_node_nominate(CLI::App& node, Action* action);   // cli/cmd_node.cc
void add_node_nomination(CLI::App& node, Action* action); // cli/cmd_node_nomination.cc
// Issue 13, the province's commendation cycle (cli/cmd_node_commendation.cc):
// `node session ...` and the path steps under `node nomination`.
void add_node_session(CLI::App& node, Action* action);
void add_nomination_path(CLI::App& nomination, Action* action);
// attach, documents, detach on `node nomination` (cli/cmd_node_documents.cc).
void add_nomination_documents(CLI::App& nomination, Action* action);
void add_node_story(CLI::App& node, Action* action);      // cli/cmd_node_story.cc
void add_node_review(CLI::App& node, Action* action);     // cli/cmd_node_review.cc
void add_node_progress(CLI::App& node, Action* action);   // cli/cmd_node_progress.cc
void add_node_status(CLI::App& node, Action* action);     // cli/cmd_node_status.cc
void add_node_conflicts(CLI::App& node, Action* action);  // cli/cmd_node_status.cc
void add_node_ui(CLI::App& node, Action* action);         // cli/cmd_node_ui.cc
// The office web app's password (cli/cmd_node_ui_password.cc).
void add_node_ui_password(CLI::App& node, Action* action);

}  // namespace thidua::cli
