#include "bench/sync_common.h"

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "common/hex.h"
#include "netsim/free_port.h"
#include "store/server_store.h"
#include "sync/server/server.h"

namespace thidua::bench {
namespace {

// Servers still running: when the benchmark stops on an error (die() calls
// exit(), which runs no destructor), they are ended here rather than left behind.
std::vector<pid_t>& live_servers() {
  static std::vector<pid_t> pids;
  return pids;
}

fs::path& scratch_dir() {
  static fs::path dir;
  return dir;
}

void end_live_servers() {
  for (pid_t pid : live_servers()) {
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
  live_servers().clear();
  std::error_code ec;
  if (!scratch_dir().empty()) fs::remove_all(scratch_dir(), ec);
}

void register_exit_handler() {
  // The statics first: they die in reverse order of construction, and the
  // handler must run while they are still alive.
  live_servers();
  scratch_dir();
  static const bool registered = std::atexit(end_live_servers) == 0;
  (void)registered;
}

}  // namespace

void remove_at_exit(const fs::path& dir) {
  register_exit_handler();
  scratch_dir() = dir;
}

std::string prose(std::mt19937& rng, std::size_t bytes) {
  static const char* words[] = {
      "phong trào",    "thi đua",    "khen thưởng", "huyện",         "xã",           "thôn",
      "bản",           "nhân dân",   "cán bộ",      "điển hình",     "tiên tiến",    "gương",
      "người tốt",     "việc tốt",   "đồng bào",    "Mông",          "Dao",          "Tày",
      "nông thôn mới", "giảm nghèo", "chè",         "ngô",           "rừng",         "đường",
      "trường học",    "học sinh",   "sáng kiến",   "tập thể",       "doanh nghiệp", "hợp tác xã",
      "năm 2021",      "quý II",     "hoàn thành",  "vượt kế hoạch", "tích cực",     "đóng góp"};
  std::string out;
  while (out.size() < bytes) {
    out += words[rng() % std::size(words)];
    out += (rng() % 9 == 0) ? ". " : " ";
  }
  return out;
}

Measure median_of(std::vector<Measure> v) {
  std::sort(v.begin(), v.end(),
            [](const Measure& a, const Measure& b) { return a.seconds < b.seconds; });
  return v[v.size() / 2];
}

void print(const char* what, const Measure& m, int rows, const char* counted) {
  std::printf("%-34s %5d req %10lld B up %10lld B down %8.3f s", what, m.requests,
              static_cast<long long>(m.up), static_cast<long long>(m.down), m.seconds);
  if (rows) std::printf("  %6.1f B/row", static_cast<double>(m.up + m.down) / rows);
  std::printf("  (%s: %lld pushed, %lld pulled, %lld rejected)\n", counted,
              static_cast<long long>(m.pushed), static_cast<long long>(m.pulled),
              static_cast<long long>(m.rejected));
}

void Env::start_server() {
  server_port = check(netsim::free_loopback_port(), "free port");
  server_pid = fork();
  if (server_pid == 0) {
    std::string listen = "127.0.0.1:" + std::to_string(server_port);
    execl(bin.c_str(), bin.c_str(), "server", "run", "--db", central().c_str(), "--listen",
          listen.c_str(), getenv("BENCH_LOG") ? nullptr : "--quiet", static_cast<char*>(nullptr));
    _exit(127);
  }
  register_exit_handler();
  live_servers().push_back(server_pid);
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

long Env::server_peak_rss_kb() const {
  std::ifstream in("/proc/" + std::to_string(server_pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

void Env::stop_server() {
  proxy.reset();
  if (server_pid > 0) {
    kill(server_pid, SIGTERM);
    waitpid(server_pid, nullptr, 0);
    auto& live = live_servers();
    live.erase(std::remove(live.begin(), live.end(), server_pid), live.end());
    server_pid = -1;
  }
}

std::pair<std::string, std::string> Env::add_node(const std::string& unit,
                                                  const std::string& role) {
  auto store = check(Store::open(central()), "open central");
  ServerNode n{new_node_id(), unit, role, "bench", "", {}, {}, 0};
  std::string token = new_token();
  check(ServerStore(*store).add_server_node(n, sha256_hex(token)), "add node");
  return {n.id, token};
}

Measure Env::finish_measure(Clock::time_point started, const SyncReport& r) {
  Measure m;
  m.seconds = seconds_since(started);
  m.requests = r.requests;
  m.pushed = r.cells_pushed;
  m.pulled = r.cells_pulled;
  m.rejected = r.cells_rejected;
  if (!r.rejections.empty())
    std::fprintf(stderr, "first rejection: %s\n", r.rejections.front().c_str());
  // The proxy counts a byte just after its write returns: let it settle.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto s = proxy->stats();
  m.up = s.bytes_up;
  m.down = s.bytes_down;
  return m;
}

std::vector<StoryRow> make_rows(const std::string& unit, int n, std::mt19937& rng, int from,
                                const std::string& status) {
  std::vector<StoryRow> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (int i = from; i < from + n; ++i) {
    StoryRow r;
    r.id = new_row_id();  // as a node makes them (records/stories.cc): time-ordered
    r.unit_id = unit;
    r.title = "Điển hình tiên tiến số " + std::to_string(i);
    r.subject = std::string("Nguyễn Văn ") + std::to_string(i % 97);
    r.category = "individual";
    r.status = status;
    r.created_on = "2021-06-01";
    r.body_md = prose(rng, 480);
    rows.push_back(std::move(r));
  }
  return rows;
}

void write_rows(Store& s, const std::vector<StoryRow>& rows) {
  check(s.transaction([&]() -> Status {
    for (const auto& r : rows) {
      Row row{{"id", r.id},
              {"unit_id", r.unit_id},
              {"title", r.title},
              {"subject", r.subject},
              {"category", r.category},
              {"status", r.status},
              {"created_on", r.created_on},
              {"body_md", r.body_md}};
      if (!r.published_on.empty()) row["published_on"] = r.published_on;
      THIDUA_RETURN_IF_ERROR(s.write("stories", row));
    }
    return Status::ok();
  }),
        "write rows");
}

void write_rows(Store& s, const std::string& unit, int n, std::mt19937& rng, int from) {
  write_rows(s, make_rows(unit, n, rng, from));
}

ClientOptions fast_options() {
  ClientOptions fast;
  fast.backoff_base_ms = 50;
  return fast;
}

}  // namespace thidua::bench
