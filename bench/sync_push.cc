// The push of N fresh rows, the pull of 100 edits, a sync with nothing to do.
#include <cstdio>

#include "bench/sync_scenarios.h"

namespace thidua::bench {

Measure push_once(Env& env, const std::vector<StoryRow>& rows, int run, std::string* node_db) {
  auto [id, token] = env.add_node(rows.front().unit_id, "district");
  *node_db = (env.dir / ("push" + std::to_string(run) + ".db")).string();
  check(init_node(*node_db, env.url(), token, fast_options()), "init node");
  auto node = check(Store::open(*node_db), "open node");
  write_rows(*node, rows);
  return env.measure([&] { return check(sync_node(*node, fast_options()), "push"); });
}

void run_pull_and_idle(Env& env, const std::string& node_db) {
  const ClientOptions fast = fast_options();
  auto [pid, ptoken] = env.add_node("ban-tdkt", "province");
  std::string prov_db = (env.dir / "province.db").string();
  check(init_node(prov_db, env.url(), ptoken, fast), "init province");
  auto province = check(Store::open(prov_db), "open province");
  auto node = check(Store::open(node_db), "open node");
  std::vector<Measure> pulls;
  auto ids = check(node->ids_where("stories", "status", Value(std::string("draft"))), "ids");
  for (int run = 0; run < 5; ++run) {
    check(province->transaction([&]() -> Status {
      for (int i = 0; i < 100; ++i) {
        THIDUA_RETURN_IF_ERROR(
            province->write("stories", {{"id", ids[static_cast<std::size_t>(run * 100 + i)]},
                                        {"review_note", "Góp ý lần " + std::to_string(run)}}));
      }
      return Status::ok();
    }),
          "province edits");
    check(sync_node(*province, fast), "province push");
    pulls.push_back(env.measure([&] { return check(sync_node(*node, fast), "pull"); }));
  }
  print("pull of 100 edits", median_of(pulls));

  std::vector<Measure> idles;
  for (int run = 0; run < 21; ++run)
    idles.push_back(env.measure([&] { return check(sync_node(*node, fast), "idle"); }));
  Measure idle = median_of(idles);
  print("sync with nothing to do", idle);
  std::printf("%-34s %lld B total on the wire\n", "", static_cast<long long>(idle.up + idle.down));
}

}  // namespace thidua::bench
