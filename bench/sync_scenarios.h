// The sync benchmark's scenarios, one file each (sync_push.cc,
// sync_load.cc, sync_throttled.cc); sync_bench.cc runs them in order.
#pragma once

#include <random>
#include <string>

#include "bench/sync_common.h"

namespace thidua::bench {

// A fresh node of the rows' unit (a unit no earlier run pushed for, so it
// pulls nothing back) writes `rows` offline, then its first sync pushes
// them. `node_db` is where the node database was made.
Measure push_once(Env& env, const std::vector<StoryRow>& rows, int run, std::string* node_db);

// The pull of 100 province edits to the node at `node_db` (median of 5),
// then a sync with nothing to do (median of 21). Prints both.
void run_pull_and_idle(Env& env, const std::string& node_db);

// The server's idle-sync rate under 100 concurrent clients for `seconds`,
// straight to its port (no proxy). Bare requests, or with `as_nodes` each
// client syncs as a thidua node does: the lineage of its last answer and a
// fresh attempt in every request, so the server rotates its lineage.
struct LoadResult {
  double per_second = 0, seconds = 0;
  long ok = 0, failed = 0;
  long peak_rss_kb = -1;
  std::vector<std::pair<std::string, long>> failures;  // by kind
};
LoadResult run_load(const Env& env, const std::vector<std::string>& tokens, int schema,
                    std::int64_t cursor, int seconds, bool as_nodes);
void print_load(const char* what, const LoadResult& r);

// run_load on a fresh server of binary `bin` (today's, or the baseline's):
// its database made in `dir` by its own cli (`server init` from `content`,
// 100 `server add-node`), so each binary runs on the schema it writes.
// Bare first, then as nodes on a restarted server process (same database).
struct LoadPair {
  LoadResult bare, as_nodes;
};
LoadPair load_fresh_server(const std::string& bin, const std::string& content,
                           const fs::path& dir, int seconds);

// The N-row sync through a 64 kbit/s, 300 ms link that cuts connections,
// against the time a clean push's bytes (`clean`) need.
void run_throttled(Env& env, int rows, std::mt19937& rng, const Measure& clean);

}  // namespace thidua::bench
