// Internal to store: where the server database's generation lives, shared
// by ServerStore (server_generation.cc) and restore.cc.
#pragma once

#include <string>

namespace thidua::generation {

// The sync_cursors row that holds the generation.
inline constexpr const char* kPeer = "generation";
// The sync_cursors rows "restored-node:<node id>".
inline constexpr const char* kRestoredPrefix = "restored-node:";

// SQL that gives the database a new random generation and marks every
// registered node as restored (its lineage on this server is older than
// the node's). Run in one transaction on the file being restored.
// `has_nodes`: the file has the table server_nodes (every schema but 1).
std::string renew_sql(bool has_nodes);

}  // namespace thidua::generation
