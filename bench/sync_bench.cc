// Sync benchmark: a real `thidua server run` process, real node databases,
// bytes counted at the socket by a loopback proxy (HTTP headers included).
//
//   sync_bench THIDUA_BIN CONTENT_DIR [--quick] [--push-only | --load-only | --snapshot-only]
//       [--throttled]
//       [--rows N] [--runs R] [--snapshot N] [--load-seconds S]
//       [--pouchdb DIR [--adapter leveldb|memory]]
//       [--baseline-bin BIN --baseline-content DIR [--baseline-name NAME]]
//
// Prints, as medians of R runs (3): the push of N fresh rows of ~600 bytes
// (10,000), the floor under it (sync_floor.cc) and, with --pouchdb, PouchDB
// replicating the same rows, back to back in each run; then a pull of 100
// edits and a sync with nothing to do; a new node's first sync of a unit
// with N published stories (10,000; on a server of its own) against PouchDB's first replication of
// the same documents; 100 concurrent nodes doing idle syncs (requests/s,
// peak RSS) on a fresh server, and on the baseline's, bare and as real nodes
// (--load-only: only these; --snapshot-only: only the first sync); with --throttled the
// N-row sync through a 64 kbit/s, 300 ms, randomly cut link. Last, a table
// of the issue-10 figures. --quick: 2,000 rows and stories, 3 s of load.
// The scenarios live in sync_push.cc, sync_floor.cc, sync_snapshot.cc,
// sync_load.cc, sync_throttled.cc; the peer in sync_peer.cc.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "bench/sync_peer.h"
#include "bench/sync_snapshot.h"
#include "bench/sync_summary.h"
#include "plan/import.h"
#include "plan/loader.h"

using namespace thidua;
using namespace thidua::bench;

namespace {

struct Options {
  std::string bin, content;
  bool throttled = false, push_only = false, load_only = false, snapshot_only = false;
  int rows = 10'000, runs = 3, stories = 10'000, load_seconds = 5;
  std::string pouchdb, adapter = "leveldb";
  std::string baseline_bin, baseline_content, baseline_name = "baseline";
};

Options parse(int argc, char** argv) {
  if (argc < 3) die("usage: sync_bench THIDUA_BIN CONTENT_DIR [options] (see bench/sync_bench.cc)");
  Options o;
  o.bin = argv[1];
  o.content = argv[2];
  const std::map<std::string, int*> ints{{"--rows", &o.rows},
                                         {"--runs", &o.runs},
                                         {"--snapshot", &o.stories},
                                         {"--load-seconds", &o.load_seconds}};
  const std::map<std::string, std::string*> texts{{"--pouchdb", &o.pouchdb},
                                                  {"--adapter", &o.adapter},
                                                  {"--baseline-bin", &o.baseline_bin},
                                                  {"--baseline-content", &o.baseline_content},
                                                  {"--baseline-name", &o.baseline_name}};
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (auto n = ints.find(a); n != ints.end()) {
      *n->second = std::stoi(value());
    } else if (auto t = texts.find(a); t != texts.end()) {
      *t->second = value();
    } else if (a == "--throttled") {
      o.throttled = true;
    } else if (a == "--push-only") {
      o.push_only = true;
    } else if (a == "--load-only") {
      o.load_only = true;
    } else if (a == "--snapshot-only") {
      o.snapshot_only = true;
    } else if (a == "--quick") {  // before --rows and the like, which then win
      o.rows = o.stories = 2'000;
      o.load_seconds = 3;
    } else {
      die("unknown option " + a);
    }
  }
  if (o.runs < 1 || o.rows < 1 || o.stories < 1)
    die("--runs, --rows and --snapshot must be positive");
  return o;
}

// Push, floor and peer push, back to back in each run. Leaves in `node_db`
// the last node's database (for the pull and idle scenarios).
void push_phase(const Options& o, Env& env, PouchPeer* peer, std::mt19937& rng, Summary& sum,
                std::string* node_db) {
  // Each run's node is of another unit, so it does not pull the rows the previous runs pushed.
  const char* units[] = {"dong-van",  "quan-ba",    "bac-me", "vi-xuyen",
                         "bac-quang", "quang-binh", "meo-vac"};
  std::vector<Measure> pushes, peer_pushes;
  std::vector<FloorResult> floors;
  for (int run = 0; run < o.runs; ++run) {
    const std::string unit = units[run % std::size(units)];
    auto rows = make_rows(unit, o.rows, rng, run * o.rows);
    pushes.push_back(push_once(env, rows, run, node_db));
    {
      auto node = check(Store::open(*node_db), "open node");
      std::vector<std::string> ids;
      for (const auto& r : rows) ids.push_back(r.id);
      floors.push_back(run_floor(env.dir, *node, ids, run));
    }
    if (peer) {
      fs::path docs = env.dir / ("push" + std::to_string(run) + ".ndjson");
      write_docs(docs, rows);
      peer_pushes.push_back(peer->replicate("push", "push" + std::to_string(run), docs));
    }
  }
  sum.push = median_of(pushes);
  std::sort(floors.begin(), floors.end(), [](auto& a, auto& b) { return a.seconds < b.seconds; });
  sum.floor = floors[floors.size() / 2];
  print(("push of " + std::to_string(o.rows) + " rows (~600 B each)").c_str(), sum.push, o.rows);
  print_floor(*sum.floor, sum.push.seconds);
  if (peer) {
    sum.peer_push = median_of(peer_pushes);
    print(("PouchDB push of " + std::to_string(o.rows) + " docs").c_str(), *sum.peer_push, o.rows,
          "docs");
  }
}

// A server database made from the content, as `server init` makes it.
void create_central(Env& env) {
  fs::create_directories(env.dir);
  auto content = check(load_content(env.content), "load content");
  auto central = check(Store::open(env.central()), "create central");
  check(import_content(*central, content), "import");
}

// On a server of its own, holding the content and the N stories only: a
// new node pages through every feed entry, other districts' included, so
// rows the push scenario left would weigh on it.
void snapshot_phase(const Options& o, const fs::path& dir, PouchPeer* peer, std::mt19937& rng,
                    Summary& sum) {
  Env env;
  env.bin = o.bin;
  env.content = o.content;
  env.dir = dir;
  create_central(env);
  env.start_server();
  auto rows = seed_snapshot(env, o.stories, rng);
  fs::path docs = env.dir / "snapshot.ndjson";
  if (peer) {
    write_docs(docs, rows);
    peer->seed("snapshot", docs);
  }
  std::vector<Measure> ours, theirs;
  for (int run = 0; run < o.runs; ++run) {
    ours.push_back(snapshot_once(env, run));
    if (peer) theirs.push_back(peer->replicate("pull", "snapshot", {}));
  }
  sum.snapshot = median_of(ours);
  print(("first sync, " + std::to_string(o.stories) + " stories").c_str(), *sum.snapshot,
        o.stories);
  if (peer) {
    sum.peer_snapshot = median_of(theirs);
    print(("PouchDB first pull, " + std::to_string(o.stories) + " docs").c_str(),
          *sum.peer_snapshot, o.stories, "docs");
  }
}

void load_phase(const Options& o, const fs::path& dir, Summary& sum) {
  // Fresh servers, one after the other, each on a database its own cli made.
  auto ours = load_fresh_server(o.bin, o.content, dir / "load", o.load_seconds);
  sum.load = ours.bare;
  sum.load_nodes = ours.as_nodes;
  print_load("server under load, idle syncs", *sum.load);
  print_load("the same as real nodes (lineage)", *sum.load_nodes);
  if (!o.baseline_bin.empty()) {
    auto base = load_fresh_server(o.baseline_bin, o.baseline_content, dir / "load-baseline",
                                  o.load_seconds);
    sum.baseline_load = base.bare;
    sum.baseline_load_nodes = base.as_nodes;
    print_load(("the same, " + o.baseline_name + "'s server").c_str(), *sum.baseline_load);
    print_load(("as real nodes, " + o.baseline_name + "'s").c_str(), *sum.baseline_load_nodes);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  Env env;
  env.bin = o.bin;
  env.content = o.content;
  env.dir = fs::temp_directory_path() / ("thidua-bench-" + std::to_string(getpid()));
  remove_at_exit(env.dir);
  create_central(env);
  env.start_server();
  std::unique_ptr<PouchPeer> peer;
  if (!o.pouchdb.empty())
    peer = std::make_unique<PouchPeer>(o.pouchdb, env.dir / "pouchdb", o.adapter);
  std::mt19937 rng(42);
  Summary sum;
  sum.rows = o.rows;
  sum.stories = o.stories;
  sum.runs = o.runs;
  sum.adapter = peer ? o.adapter : "";
  sum.baseline = o.baseline_name;

  std::printf(
      "thidua sync benchmark (loopback; bytes at the socket, headers included; median of %d "
      "runs)\n\n",
      o.runs);
  std::string node_db;
  if (o.snapshot_only) {
    env.stop_server();
    snapshot_phase(o, env.dir / "snapshot", peer.get(), rng, sum);
    peer.reset();
    return 0;  // remove_at_exit() removes env.dir
  }
  if (!o.load_only) push_phase(o, env, peer.get(), rng, sum, &node_db);
  if (o.load_only) {
    env.stop_server();
    load_phase(o, env.dir, sum);
  } else if (!o.push_only) {
    run_pull_and_idle(env, node_db);
    if (o.throttled) run_throttled(env, o.rows, rng, sum.push);
    env.stop_server();
    snapshot_phase(o, env.dir / "snapshot", peer.get(), rng, sum);
    peer.reset();
    load_phase(o, env.dir, sum);
  }
  print_summary(sum);
  peer.reset();
  env.stop_server();
  return 0;  // remove_at_exit() removes env.dir
}
