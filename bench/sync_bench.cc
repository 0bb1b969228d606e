// Sync benchmark: a real `thidua server run` process, real node databases,
// bytes counted at the socket by a loopback proxy (HTTP headers included).
//
//   sync_bench THIDUA_BIN CONTENT_DIR [--throttled] [--push-only] [--rows N]
//
// Prints, as medians over repeated runs: the initial push of N rows of
// ~600 bytes, a pull of 100 edits, a sync with nothing to do (requests,
// bytes each way, wall time); the server under 100 concurrent idle syncs
// (requests/s, peak RSS); and with --throttled the N-row sync through a
// 64 kbit/s, 300 ms, randomly cut link against the time its bytes need.
// After the push, the floor under it (sync_floor.cc).
// The scenarios live in sync_push.cc, sync_floor.cc, sync_load.cc and sync_throttled.cc.
#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "bench/sync_floor.h"
#include "bench/sync_scenarios.h"
#include "plan/import.h"
#include "plan/loader.h"

using namespace thidua;
using namespace thidua::bench;

int main(int argc, char** argv) {
  if (argc < 3) die("usage: sync_bench THIDUA_BIN CONTENT_DIR [--throttled] [--push-only] [--rows N]");
  signal(SIGPIPE, SIG_IGN);
  Env env;
  env.bin = argv[1];
  env.content = argv[2];
  bool throttled = false;
  bool push_only = false;
  int rows = 10'000;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--throttled") throttled = true;
    if (a == "--push-only") push_only = true;
    if (a == "--rows" && i + 1 < argc) rows = std::stoi(argv[++i]);
  }
  env.dir = fs::temp_directory_path() / ("thidua-bench-" + std::to_string(getpid()));
  fs::create_directories(env.dir);
  {
    auto content = check(load_content(env.content), "load content");
    auto central = check(Store::open(env.central()), "create central");
    check(import_content(*central, content), "import");
  }
  env.start_server();
  std::mt19937 rng(42);

  // 1. Initial push of `rows` rows: three fresh nodes, median. Each run's
  // node is of another unit, so it does not pull the rows the previous runs pushed.
  std::vector<Measure> pushes;
  std::string node_db;
  const char* units[] = {"dong-van", "quan-ba", "bac-me"};
  std::vector<FloorResult> floors;
  for (int run = 0; run < 3; ++run) {
    auto batch = make_rows(units[run], rows, rng, run * rows);
    pushes.push_back(push_once(env, batch, run, &node_db));
    auto node = check(Store::open(node_db), "open node");
    std::vector<std::string> ids;
    for (const auto& r : batch) ids.push_back(r.id);
    floors.push_back(run_floor(env.dir, *node, ids, run));
  }
  std::printf("thidua sync benchmark (loopback; bytes at the socket, headers included; median of runs)\n\n");
  print(("push of " + std::to_string(rows) + " rows (~600 B each)").c_str(), median_of(pushes), rows);
  std::sort(floors.begin(), floors.end(), [](auto& a, auto& b) { return a.seconds < b.seconds; });
  print_floor(floors[floors.size() / 2], median_of(pushes).seconds);
  if (!push_only) {
    // 2-3. Pull of 100 edits made by the province; a sync with nothing to do.
    run_pull_and_idle(env, node_db);
    // 4. The server under 100 concurrent idle syncs, straight to its port.
    auto node = check(Store::open(node_db), "open node");
    auto head = check(node->cursor("server"), "cursor");
    std::vector<std::string> tokens;
    for (int i = 0; i < 100; ++i) tokens.push_back(env.add_node("yen-minh", "district").second);
    print_load("server under load, idle syncs", run_load(env, tokens, latest_schema_version(), head, 5));
    // 5. The same push through a 64 kbit/s, 300 ms link that cuts connections.
    if (throttled) run_throttled(env, rows, rng, median_of(pushes));
  }
  env.stop_server();
  std::error_code ec;
  fs::remove_all(env.dir, ec);
  return 0;
}
