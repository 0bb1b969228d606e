// The snapshot scenario (sync_snapshot.cc says how the server is prepared).
#pragma once

#include <random>
#include <vector>

#include "bench/sync_common.h"

namespace thidua::bench {

// The district whose published stories a new node pulls; no other scenario
// writes stories of it.
inline constexpr const char* kSnapshotUnit = "hoang-su-phi";

// Writes `stories` published stories of kSnapshotUnit into env's server
// database; returns them (for the peer's documents).
std::vector<StoryRow> seed_snapshot(Env& env, int stories, std::mt19937& rng);

// A new node of kSnapshotUnit: init_node (bootstrap and first pull), measured.
Measure snapshot_once(Env& env, int run);

}  // namespace thidua::bench
