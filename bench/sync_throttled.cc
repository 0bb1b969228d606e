// The N-row push through a slow link that cuts connections at random.
#include <cstdio>

#include "bench/sync_scenarios.h"

namespace thidua::bench {

void run_throttled(Env& env, int rows, std::mt19937& rng, const Measure& clean) {
  netsim::LinkProfile slow;
  slow.bandwidth_bytes_per_s = 64'000 / 8;
  slow.latency_ms = 300;
  slow.cut_probability = 0.1;
  slow.seed = 3;
  env.proxy->set_profile(slow);
  auto [id, token] = env.add_node("meo-vac", "district");
  std::string db = (env.dir / "slow.db").string();
  env.proxy->set_profile({});
  check(init_node(db, env.url(), token, fast_options()), "init slow node");
  env.proxy->set_profile(slow);
  auto slow_node = check(Store::open(db), "open slow node");
  write_rows(*slow_node, "meo-vac", rows, rng, 900'000);
  ClientOptions o = fast_options();
  o.max_attempts = 50;
  Measure m = env.measure([&] {
    SyncReport total;
    for (;;) {  // a clerk's --watch: keep going until everything is across
      auto r = sync_node(*slow_node, o);
      auto left = slow_node->outbox_count();
      if (r) {
        total.requests += r->requests;
        total.cells_pushed += r->cells_pushed;
      }
      if (r && left && *left == 0) return total;
    }
  });
  double needed =
      static_cast<double>(m.up + m.down) / static_cast<double>(slow.bandwidth_bytes_per_s);
  print(("throttled sync of " + std::to_string(rows) + " rows").c_str(), m, rows);
  // Against the bytes a clean push of the same rows needs, so resent bytes
  // count against the link.
  double clean_needed =
      static_cast<double>(clean.up + clean.down) / static_cast<double>(slow.bandwidth_bytes_per_s);
  std::printf(
      "%-34s %.1f s needed by a clean push's bytes at 64 kbit/s -> %.2fx (%.1f s by the bytes "
      "sent)\n",
      "", clean_needed, m.seconds / clean_needed, needed);
}

}  // namespace thidua::bench
