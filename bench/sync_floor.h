// The floor under the push (sync_floor.cc says what is and is not in it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/sync_common.h"

namespace thidua::bench {

struct FloorResult {
  double seconds = 0;         // decode + insert + commit
  double decode_seconds = 0;  // of which the JSON decode
  std::int64_t rows = 0, cells = 0, body_bytes = 0;
};

// The floor for the stories `ids` of `node` (a node that just pushed them);
// the database is made in `dir`, named after `run`.
FloorResult run_floor(const fs::path& dir, Store& node, const std::vector<std::string>& ids,
                      int run);

// One line, with the push's ratio to the floor.
void print_floor(const FloorResult& f, double push_seconds);

}  // namespace thidua::bench
