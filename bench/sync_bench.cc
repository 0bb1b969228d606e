// Sync benchmark: a real `thidua server run` process, real node databases,
// bytes counted at the socket by a loopback proxy (HTTP headers included).
//
//   sync_bench THIDUA_BIN CONTENT_DIR [--throttled] [--rows N]
//
// Prints, as medians over repeated runs: the initial push of N rows of
// ~600 bytes, a pull of 100 edits, a sync with nothing to do (requests,
// bytes each way, wall time); the server under 100 concurrent idle syncs
// (requests/s, peak RSS); and with --throttled the N-row sync through a
// 64 kbit/s, 300 ms, randomly cut link against the time its bytes need.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "netsim/free_port.h"
#include "netsim/proxy.h"
#include "plan/import.h"
#include "plan/loader.h"
#include "sync/client/client.h"
#include "common/hex.h"
#include "sync/server/server.h"
#include "store/store.h"
#include "store/server_store.h"

using namespace thidua;
namespace fs = std::filesystem;
using namespace thidua::bench;

namespace {


template <typename T>
T median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// ~600 bytes of Vietnamese prose per row, varied so it does not compress
// to nothing.
std::string prose(std::mt19937& rng, std::size_t bytes) {
  static const char* words[] = {"phong trào", "thi đua", "khen thưởng", "huyện", "xã", "thôn", "bản", "nhân dân",
                                "cán bộ", "điển hình", "tiên tiến", "gương", "người tốt", "việc tốt", "đồng bào",
                                "Mông", "Dao", "Tày", "nông thôn mới", "giảm nghèo", "chè", "ngô", "rừng", "đường",
                                "trường học", "học sinh", "sáng kiến", "tập thể", "doanh nghiệp", "hợp tác xã",
                                "năm 2021", "quý II", "hoàn thành", "vượt kế hoạch", "tích cực", "đóng góp"};
  std::string out;
  while (out.size() < bytes) {
    out += words[rng() % std::size(words)];
    out += (rng() % 9 == 0) ? ". " : " ";
  }
  return out;
}

struct Measure {
  std::int64_t pushed = 0, pulled = 0, rejected = 0;
  int requests = 0;
  std::int64_t up = 0, down = 0;
  double seconds = 0;
};

struct Env {
  std::string bin, content;
  fs::path dir;
  int server_port = 0;
  pid_t server_pid = -1;
  std::unique_ptr<netsim::Proxy> proxy;

  std::string central() const { return (dir / "central.db").string(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(proxy->port()); }

  void start_server() {
    server_port = check(netsim::free_loopback_port(), "free port");
    server_pid = fork();
    if (server_pid == 0) {
      std::string listen = "127.0.0.1:" + std::to_string(server_port);
      execl(bin.c_str(), bin.c_str(), "server", "run", "--db", central().c_str(), "--listen", listen.c_str(),
            getenv("BENCH_LOG") ? nullptr : "--quiet", static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 300; ++i) {
      httplib::Client c("127.0.0.1", server_port);
      auto r = c.Get("/healthz");
      if (r && r->status == 200) {
        proxy = check(netsim::Proxy::start("127.0.0.1", server_port, {}), "proxy");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    die("server did not start");
  }

  long server_peak_rss_kb() const {
    std::ifstream in("/proc/" + std::to_string(server_pid) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
  }

  void stop_server() {
    proxy.reset();
    if (server_pid > 0) {
      kill(server_pid, SIGTERM);
      waitpid(server_pid, nullptr, 0);
      server_pid = -1;
    }
  }

  std::pair<std::string, std::string> add_node(const std::string& unit, const std::string& role) {
    auto store = check(Store::open(central()), "open central");
    ServerNode n{new_node_id(), unit, role, "bench", "", {}, {}, 0};
    std::string token = new_token();
    check(ServerStore(*store).add_server_node(n, sha256_hex(token)), "add node");
    return {n.id, token};
  }

  // Runs `body` and reports what crossed the proxy meanwhile.
  template <typename F>
  Measure measure(F&& body) {
    proxy->reset_stats();
    auto t = Clock::now();
    SyncReport r = body();
    Measure m;
    m.seconds = seconds_since(t);
    m.requests = r.requests;
    m.pushed = r.cells_pushed;
    m.pulled = r.cells_pulled;
    m.rejected = r.cells_rejected;
    if (!r.rejections.empty()) std::fprintf(stderr, "first rejection: %s\n", r.rejections.front().c_str());
    // The proxy counts a byte just after its write returns: let it settle.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto s = proxy->stats();
    m.up = s.bytes_up;
    m.down = s.bytes_down;
    return m;
  }
};

void write_rows(Store& s, const std::string& unit, int n, std::mt19937& rng, int from = 0) {
  check(s.transaction([&]() -> Status {
    for (int i = from; i < from + n; ++i) {
      char id[33];
      std::snprintf(id, sizeof id, "%016x%016x", static_cast<unsigned>(rng()), i);
      THIDUA_RETURN_IF_ERROR(s.write("stories", {{"id", std::string(id)},
                                                 {"unit_id", unit},
                                                 {"title", "Điển hình tiên tiến số " + std::to_string(i)},
                                                 {"subject", std::string("Nguyễn Văn ") + std::to_string(i % 97)},
                                                 {"category", std::string("individual")},
                                                 {"status", std::string("draft")},
                                                 {"created_on", std::string("2021-06-01")},
                                                 {"body_md", prose(rng, 480)}}));
    }
    return Status::ok();
  }), "write rows");
}

void print(const char* what, const Measure& m, int rows = 0) {
  std::printf("%-34s %5d req %10lld B up %10lld B down %8.3f s", what, m.requests, static_cast<long long>(m.up),
              static_cast<long long>(m.down), m.seconds);
  if (rows) std::printf("  %6.1f B/row", static_cast<double>(m.up + m.down) / rows);
  std::printf("  (cells: %lld pushed, %lld pulled, %lld rejected)\n", static_cast<long long>(m.pushed),
              static_cast<long long>(m.pulled), static_cast<long long>(m.rejected));
}

Measure median_of(std::vector<Measure> v) {
  std::sort(v.begin(), v.end(), [](const Measure& a, const Measure& b) { return a.seconds < b.seconds; });
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) die("usage: sync_bench THIDUA_BIN CONTENT_DIR [--throttled] [--rows N]");
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
  ClientOptions fast;
  fast.backoff_base_ms = 50;

  // 1. Initial push of `rows` rows: three fresh nodes, median.
  std::vector<Measure> pushes;
  std::string node_db;
  // Each run's node is of another unit, so it does not pull the rows the
  // previous runs pushed.
  const char* units[] = {"dong-van", "quan-ba", "bac-me"};
  for (int run = 0; run < 3; ++run) {
    auto [id, token] = env.add_node(units[run], "district");
    node_db = (env.dir / ("push" + std::to_string(run) + ".db")).string();
    check(init_node(node_db, env.url(), token, fast), "init node");
    auto node = check(Store::open(node_db), "open node");
    write_rows(*node, units[run], rows, rng, run * rows);
    pushes.push_back(env.measure([&] { return check(sync_node(*node, fast), "push"); }));
  }
  std::printf("thidua sync benchmark (loopback; bytes at the socket, headers included; median of runs)\n\n");
  print(("push of " + std::to_string(rows) + " rows (~600 B each)").c_str(), median_of(pushes), rows);
  if (push_only) {
    env.stop_server();
    std::error_code ec;
    fs::remove_all(env.dir, ec);
    return 0;
  }

  // 2. Pull of 100 edits made by the province.
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
        THIDUA_RETURN_IF_ERROR(province->write("stories", {{"id", ids[static_cast<std::size_t>(run * 100 + i)]},
                                                           {"review_note", "Góp ý lần " + std::to_string(run)}}));
      }
      return Status::ok();
    }), "province edits");
    check(sync_node(*province, fast), "province push");
    pulls.push_back(env.measure([&] { return check(sync_node(*node, fast), "pull"); }));
  }
  print("pull of 100 edits", median_of(pulls));

  // 3. A sync with nothing to do.
  std::vector<Measure> idles;
  for (int run = 0; run < 21; ++run) idles.push_back(env.measure([&] { return check(sync_node(*node, fast), "idle"); }));
  Measure idle = median_of(idles);
  print("sync with nothing to do", idle);
  std::printf("%-34s %lld B total on the wire\n", "", static_cast<long long>(idle.up + idle.down));

  // 4. The server under 100 concurrent idle syncs, straight to its port.
  {
    auto head = check(node->cursor("server"), "cursor");
    std::vector<std::string> tokens;
    for (int i = 0; i < 100; ++i) tokens.push_back(env.add_node("yen-minh", "district").second);
    std::atomic<long> done{0}, failed{0};
    std::mutex why_mu;
    std::map<std::string, long> why;  // failures by kind
    std::atomic<bool> stop{false};
    const std::string body = "{\"protocol\":1,\"schema\":" + std::to_string(latest_schema_version()) +
                             ",\"cursor\":" + std::to_string(head) + "}";
    std::vector<std::thread> clients;
    auto t = Clock::now();
    for (int i = 0; i < 100; ++i) {
      clients.emplace_back([&, i] {
        httplib::Client c("127.0.0.1", env.server_port);
        c.set_keep_alive(true);
        httplib::Headers h{{"Authorization", "Bearer " + tokens[static_cast<std::size_t>(i)]}};
        while (!stop) {
          auto r = c.Post("/api/v1/sync", h, body, "application/json");
          if (r && r->status == 200) {
            ++done;
          } else {
            ++failed;
            std::lock_guard lock(why_mu);
            ++why[r ? "HTTP " + std::to_string(r->status) : httplib::to_string(r.error())];
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(5));
    stop = true;
    for (auto& c : clients) c.join();
    double secs = seconds_since(t);
    std::printf("%-34s %8.0f req/s (%ld ok, %ld failed, 100 clients, %.1f s); server peak RSS %ld KB\n",
                "server under load, idle syncs", static_cast<double>(done) / secs, done.load(), failed.load(), secs,
                env.server_peak_rss_kb());
    for (const auto& [kind, n] : why) std::printf("%-34s %ld failed: %s\n", "", n, kind.c_str());
  }

  // 5. The same push through a 64 kbit/s, 300 ms link that cuts connections.
  if (throttled) {
    netsim::LinkProfile slow;
    slow.bandwidth_bytes_per_s = 64'000 / 8;
    slow.latency_ms = 300;
    slow.cut_probability = 0.1;
    slow.seed = 3;
    env.proxy->set_profile(slow);
    auto [id, token] = env.add_node("meo-vac", "district");
    std::string db = (env.dir / "slow.db").string();
    env.proxy->set_profile({});
    check(init_node(db, env.url(), token, fast), "init slow node");
    env.proxy->set_profile(slow);
    auto slow_node = check(Store::open(db), "open slow node");
    write_rows(*slow_node, "meo-vac", rows, rng, 900'000);
    ClientOptions o = fast;
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
    double needed = static_cast<double>(m.up + m.down) / static_cast<double>(slow.bandwidth_bytes_per_s);
    print(("throttled sync of " + std::to_string(rows) + " rows").c_str(), m, rows);
    // Against the bytes a clean push of the same rows needs (the push
    // measured above), so resent bytes count against the link.
    Measure clean = median_of(pushes);
    double clean_needed = static_cast<double>(clean.up + clean.down) / static_cast<double>(slow.bandwidth_bytes_per_s);
    std::printf("%-34s %.1f s needed by a clean push's bytes at 64 kbit/s -> %.2fx (%.1f s by the bytes sent)\n", "",
                clean_needed, m.seconds / clean_needed, needed);
  }
  env.stop_server();
  std::error_code ec;
  fs::remove_all(env.dir, ec);
  return 0;
}
