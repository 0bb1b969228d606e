// A new node's first sync of a unit with N published stories.
//
// The server's stories are written straight into its database through the
// store API, in one transaction, as published rows of one district (the
// state a district's push and the province's publishing leave, reached
// without timing them): every cell is captured with its clock and feed
// entry like any write, so the new node pulls exactly what it would pull
// in the field. The node is a brand-new machine of that district.
#include "bench/sync_snapshot.h"

#include <cstdio>

namespace thidua::bench {

std::vector<StoryRow> seed_snapshot(Env& env, int stories, std::mt19937& rng) {
  auto rows = make_rows(kSnapshotUnit, stories, rng, 500'000, "published");
  for (auto& r : rows) r.published_on = "2021-07-01";
  auto central = check(Store::open(env.central()), "open central");
  write_rows(*central, rows);
  return rows;
}

Measure snapshot_once(Env& env, int run) {
  auto [id, token] = env.add_node(kSnapshotUnit, "district");
  std::string db = (env.dir / ("snapshot" + std::to_string(run) + ".db")).string();
  return env.measure(
      [&] { return check(init_node(db, env.url(), token, fast_options()), "first sync"); });
}

}  // namespace thidua::bench
