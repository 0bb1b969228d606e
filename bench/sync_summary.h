// The compact table at the end of a sync benchmark run: each issue-10
// figure with its peer's beside it, the ratio and the target.
#pragma once

#include <optional>
#include <string>

#include "bench/sync_floor.h"
#include "bench/sync_scenarios.h"

namespace thidua::bench {

struct Summary {
  int rows = 0, stories = 0, runs = 0;
  std::string adapter, baseline;
  Measure push;
  std::optional<Measure> peer_push;
  std::optional<FloorResult> floor;
  std::optional<Measure> snapshot, peer_snapshot;
  std::optional<LoadResult> load, baseline_load;              // bare idle syncs
  std::optional<LoadResult> load_nodes, baseline_load_nodes;  // as real nodes
};

void print_summary(const Summary& s);

}  // namespace thidua::bench
