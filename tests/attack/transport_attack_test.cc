// Attacks on transport (issue 9): each case starts a real server or uses the
// real binary, runs one attack on loopback, bounded in time and traffic,
// and names the row of issue 9 it pins. Just over 400 lines: the attack
// helpers (raw sockets, memory readings) are shared by every case.
#include <brotli/encode.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "netsim/free_port.h"
#include "tests/support/process.h"
#include "tests/support/raw_conn.h"
#include "tests/sync/sync_fixture.h"

namespace thidua::testing {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A field of /proc/PID/status in KiB (VmRSS: now, VmHWM: the peak).
long proc_kib(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  }
  return -1;
}

// `n` copies of `c`, brotli-compressed as a stream (never held whole): a
// compression bomb of a few hundred bytes per MiB.
std::string brotli_bomb(char c, std::size_t n) {
  BrotliEncoderState* s = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
  BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, 1);
  const std::string block(1 << 20, c);
  std::string out;
  auto pump = [&](BrotliEncoderOperation op, std::size_t len) {
    const uint8_t* in = reinterpret_cast<const uint8_t*>(block.data());
    std::size_t avail_in = len;
    do {
      uint8_t buf[1 << 16];
      uint8_t* next = buf;
      std::size_t avail_out = sizeof buf;
      REQUIRE(BrotliEncoderCompressStream(s, op, &avail_in, &in, &avail_out, &next, nullptr));
      out.append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
    } while (avail_in > 0 || BrotliEncoderHasMoreOutput(s) ||
             (op == BROTLI_OPERATION_FINISH && !BrotliEncoderIsFinished(s)));
  };
  for (std::size_t done = 0; done < n; done += block.size()) pump(BROTLI_OPERATION_PROCESS, std::min(block.size(), n - done));
  pump(BROTLI_OPERATION_FINISH, 0);
  BrotliEncoderDestroyInstance(s);
  return out;
}

const std::string& bomb_256mib() {
  static const std::string bomb = brotli_bomb(' ', std::size_t{256} << 20);
  return bomb;
}

const std::string kPhotoPath = "/api/v1/photos/" + std::string(64, 'a');

// A real `thidua server run` on a free loopback port, over a central
// database made from content/, with one district's token.
struct RealServer {
  SyncFixture f;
  Issued dv = f.add_node("dong-van", "district");
  int port = 0;
  std::unique_ptr<Process> proc;

  RealServer() {
    auto p = netsim::free_loopback_port();
    REQUIRE(p.is_ok());
    port = *p;
    // The server's own memory is what tests measure: under ASan, freed
    // blocks would otherwise sit in its quarantine (256 MiB by default).
    const char* old_asan = std::getenv("ASAN_OPTIONS");
    const std::string saved = old_asan ? old_asan : "";
    setenv("ASAN_OPTIONS", (saved + ":quarantine_size_mb=8").c_str(), 1);
    proc = std::make_unique<Process>(std::vector<std::string>{THIDUA_BIN, "server", "run", "--db", f.central_path(),
                                                              "--listen", "127.0.0.1:" + std::to_string(port), "--quiet"},
                                     f.dir.file("server.log"));
    if (old_asan) setenv("ASAN_OPTIONS", saved.c_str(), 1);
    else unsetenv("ASAN_OPTIONS");
    REQUIRE(wait_healthy(port));
  }
  long rss() const { return proc_kib(proc->pid(), "VmRSS"); }
  long peak() const { return proc_kib(proc->pid(), "VmHWM"); }
};

// One request on a fresh connection: status and seconds taken.
std::pair<int, double> raw_request(int port, const std::string& head, const std::string& body) {
  auto start = Clock::now();
  RawConn c("127.0.0.1", port);
  REQUIRE(c.ok());
  bool sent = c.send_all(head + body, 10000);
  std::string reply = c.read_until_close(10000);
  CAPTURE(sent);
  return {http_status(reply), seconds_since(start)};
}

std::string request_head(const std::string& method, const std::string& path, const std::string& extra) {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra + "\r\n";
}

}  // namespace

// The server's memory is measured only where its allocator is the real
// one (or ASan's, with a small quarantine): ThreadSanitizer's allocator and
// shadow memory make RSS meaningless, and its slowness turns bombs into
// timeouts. Under TSan these cases still run their thread checks elsewhere.
#if defined(__SANITIZE_THREAD__)
constexpr bool kMemoryMeasured = false;
#else
constexpr bool kMemoryMeasured = true;
#endif

TEST_CASE("regression (issue 9 row 3): without a token a brotli bomb is refused before it is read") {
  const std::string& bomb = bomb_256mib();
  RealServer s;
  const long peak_before = s.peak();
  const std::string br = "Content-Encoding: br\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(bomb.size()) + "\r\n";
  struct Case {
    std::string method, path, auth;
    int status;
  };
  const Case cases[] = {
      {"POST", "/api/v1/photos/missing", "", 401},
      {"PUT", kPhotoPath + "?offset=0&total=100", "", 401},
      {"POST", "/api/v1/sync", "", 401},
      {"POST", "/api/v1/photos/missing", "Authorization: Bearer " + std::string(64, '0') + "\r\n", 401},
      {"PUT", kPhotoPath + "?offset=0&total=100", "Authorization: Bearer nope\r\n", 401},
      // No route reads a body here: refused before httplib would inflate it.
      {"POST", "/api/v1/nothing-here", "", 404},
      {"PUT", "/api/v1/sync", "Authorization: Bearer " + s.dv.token + "\r\n", 404},
  };
  for (const auto& c : cases) {
    CAPTURE(c.method);
    CAPTURE(c.path);
    auto [status, secs] = raw_request(s.port, request_head(c.method, c.path, c.auth + br), bomb);
    CHECK(status == c.status);
    CHECK(secs < 5);
  }
  // Nothing was inflated: the peak grew by far less than one bomb.
  CHECK(s.peak() - peak_before < 32 * 1024);
}

TEST_CASE("regression (issue 9 row 5): a chunked body is bounded on the wire, with a token or without") {
  RealServer s;
  const long peak_before = s.peak();
  auto send_chunked = [&](const std::string& method, const std::string& path, const std::string& auth,
                          std::size_t total) {
    RawConn c("127.0.0.1", s.port);
    REQUIRE(c.ok());
    REQUIRE(c.send_all(request_head(method, path, auth + "Transfer-Encoding: chunked\r\n")));
    const std::string piece(64 << 10, ' ');
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
    const std::string chunk = size_line + piece + "\r\n";
    std::size_t sent = 0;
    // Stops when the server answers or stops reading.
    while (sent < total && c.send_all(chunk, 3000)) sent += piece.size();
    if (sent >= total) c.send_all("0\r\n\r\n");
    return std::pair{http_status(c.read_until_close(10000)), sent};
  };
  auto [s1, sent1] = send_chunked("PUT", kPhotoPath + "?offset=0&total=100", "", std::size_t{100} << 20);
  CHECK(s1 == 401);
  CHECK(sent1 < (std::size_t{16} << 20));
  auto [s2, sent2] = send_chunked("POST", "/api/v1/sync", "Authorization: Bearer " + s.dv.token + "\r\n",
                                  std::size_t{52} << 20);
  CHECK(s2 == 413);
  CHECK(sent2 < (std::size_t{32} << 20));
  auto [s3, sent3] = send_chunked("POST", "/api/v1/photos/missing", "Authorization: Bearer " + s.dv.token + "\r\n",
                                  std::size_t{52} << 20);
  CHECK(s3 == 413);
  CHECK(sent3 < (std::size_t{32} << 20));
  if (kMemoryMeasured) CHECK(s.peak() - peak_before < 96 * 1024);
}

TEST_CASE("issue 9 row 4: memory goes back after large bodies are refused" * doctest::skip(!kMemoryMeasured)) {
  RealServer s;
  const std::string& bomb = bomb_256mib();
  const long rss_before = s.rss();
  const std::string head = request_head("POST", "/api/v1/sync",
                                        "Authorization: Bearer " + s.dv.token + "\r\nContent-Encoding: br\r\n"
                                        "Content-Length: " + std::to_string(bomb.size()) + "\r\n");
  std::vector<std::thread> attackers;
  std::atomic<int> refused{0};
  for (int i = 0; i < 4; ++i) {
    attackers.emplace_back([&] {
      int status = raw_request(s.port, head, bomb).first;
      if (status == 413 || status == 503) ++refused;  // 503: all bodies together at their bound
    });
  }
  for (auto& t : attackers) t.join();
  CHECK(refused == 4);
  const long peak = s.peak();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const long rss_after = s.rss();
  MESSAGE("server RSS KiB: before " << rss_before << ", peak " << peak << ", after " << rss_after);
  // Four bodies at most at the 64 MiB limit each, and then given back.
  CHECK(peak - rss_before < 4 * 80 * 1024);
  CHECK(rss_after - rss_before < 48 * 1024);
}

TEST_CASE("regression (issue 9 row 6): slow and idle clients do not starve /healthz or a sync") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  ServerOptions o;
  o.header_deadline_s = 12;            // 15 by default; shorter keeps the test short
  o.max_connections_per_address = 32;  // 128 by default
  f.start(o);
  // A starved request would wait for the header deadline (12 s) to free a
  // place; an answer in under 10 s shows it was not, with room for a TSan
  // build starting 500 threads on a loaded 2-core machine (2.1 s seen here,
  // and the landing machine may be 2.5x slower).
  const double not_starved_s = o.header_deadline_s - 2;
  const int deadline_ms = o.header_deadline_s * 1000;
  auto healthz_secs = [&] {
    auto start = Clock::now();
    httplib::Client c("127.0.0.1", f.port());
    c.set_connection_timeout(10, 0);
    c.set_read_timeout(10, 0);
    auto res = c.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
    const double secs = seconds_since(start);
    MESSAGE("/healthz answered in " << secs << " s");
    return secs;
  };

  SUBCASE("130 connections from one address, a header byte every 3 s") {
    std::vector<RawConn> slow;
    for (int i = 0; i < 130; ++i) {
      slow.emplace_back("127.0.0.2", f.port());
      REQUIRE(slow.back().ok());
    }
    const std::string line = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    auto start = Clock::now();
    std::atomic<bool> done{false};
    std::thread dripper([&] {
      for (std::size_t k = 0; !done && k < line.size(); ++k) {
        for (auto& c : slow) (void)c.send_all(line.substr(k, 1), 100);
        for (int i = 0; i < 30 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(healthz_secs() < not_starved_s);
    auto node = f.init("dv.db", dv);
    f.sync(*node);
    CHECK(healthz_secs() < not_starved_s);
    // All are closed by the header deadline; those past the per-address
    // cap (32) at once.
    int closed = 0;
    const int left_ms = deadline_ms + 5000 - static_cast<int>(seconds_since(start) * 1000);
    for (auto& c : slow) closed += c.closed_within(std::max(0, left_ms));
    done = true;
    dripper.join();
    CHECK(closed == 130);
    httplib::Client c("127.0.0.1", f.port());
    auto m = c.Get("/metrics");
    REQUIRE(m);
    CHECK(m->body.find("thidua_connections_refused_total 98\n") != std::string::npos);
  }

  SUBCASE("500 idle connections from 127.0.0.2..127.0.0.20") {
    std::vector<RawConn> idle;
    for (int i = 0; i < 500; ++i) {
      idle.emplace_back("127.0.0." + std::to_string(2 + i % 19), f.port());
      REQUIRE(idle.back().ok());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(healthz_secs() < not_starved_s);
    auto node = f.init("dv.db", dv);
    f.sync(*node);
    int closed = 0;
    for (auto& c : idle) closed += c.closed_within(deadline_ms + 2000);
    CHECK(closed == 500);
  }
}

TEST_CASE("regression (issue 9 row 7): /metrics keeps bounded, escaped labels") {
  SyncFixture f;
  f.start();
  httplib::Client c("127.0.0.1", f.port());
  c.set_keep_alive(true);  // one connection: each request is counted before the next is read
  for (int i = 0; i < 1000; ++i) REQUIRE(c.Get("/no/such/path/" + std::to_string(i)));
  REQUIRE(c.Get("/x%22%7D%0Athidua_forged_total%201"));
  REQUIRE(c.Get("/api/v1/photos/" + std::string(64, 'b')));
  auto m = c.Get("/metrics");
  REQUIRE(m);
  CHECK(m->body.size() < 4096);
  CHECK(m->body.find("thidua_forged_total") == std::string::npos);
  CHECK(m->body.find("route=\"other\",status=\"404\"} 1001") != std::string::npos);
  CHECK(m->body.find("route=\"/api/v1/photos/:hash\"") != std::string::npos);
  // Every line a comment or `name{label="value",...} number`.
  const std::regex sample(R"(^[a-z_]+(\{([a-z]+="([^"\\\n]|\\[\\"n])*",?)+\})? [0-9.e+-]+$)");
  std::istringstream lines(m->body);
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    CHECK((line.rfind("# ", 0) == 0 || std::regex_match(line, sample)));
  }
}

TEST_CASE("issue 9 also seen: /healthz reports a database that cannot be written") {
  SyncFixture f;
  f.start();
  httplib::Client c("127.0.0.1", f.port());
  REQUIRE(c.Get("/healthz")->status == 200);
  ::chmod(f.central_path().c_str(), 0444);
  auto res = c.Get("/healthz");
  ::chmod(f.central_path().c_str(), 0644);
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->body.find("chỉ đọc") != std::string::npos);
  CHECK(c.Get("/healthz")->status == 200);
}

TEST_CASE("issue 9 also seen: `thidua server run` refuses a read-only database") {
  SyncFixture f;
  ::chmod(f.central_path().c_str(), 0444);
  auto port = netsim::free_loopback_port();
  REQUIRE(port.is_ok());
  Process p({THIDUA_BIN, "server", "run", "--db", f.central_path(), "--listen", "127.0.0.1:" + std::to_string(*port)},
            f.dir.file("server.log"));
  int status = p.signal_and_wait(0, 10);  // signal 0: only wait for the exit
  ::chmod(f.central_path().c_str(), 0644);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) != 0);
  std::ifstream log(f.dir.file("server.log"));
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  CHECK(text.find("chỉ đọc") != std::string::npos);
  CHECK(text.find("đang chạy") == std::string::npos);
}

TEST_CASE("issue 9 transport: many byte ranges in one request are ignored, not multiplied in memory") {
  SyncFixture f;
  f.start();
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 2000; ++i) ranges += ",0-";
  httplib::Client c("127.0.0.1", f.port());
  auto res = c.Get("/api/v1/hello", {{"Range", ranges}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body.size() < 1024);
  auto one = c.Get("/api/v1/hello", {{"Range", "bytes=0-9"}});
  REQUIRE(one);
  CHECK(one->status == 206);
}

TEST_CASE("regression (issue 9 row 3): bodies held at once are bounded across requests, and released") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  ServerOptions o;
  o.max_decompressed_bytes = 4u << 20;
  o.max_bodies_in_memory = 1u << 20;
  f.start(o);
  httplib::Client c("127.0.0.1", f.port());
  httplib::Headers auth{{"Authorization", "Bearer " + dv.token}};
  auto big = c.Post("/api/v1/sync", auth, std::string(2u << 20, ' '), "application/json");
  REQUIRE(big);
  CHECK(big->status == 503);
  for (int i = 0; i < 3; ++i) {  // the budget was given back: each fits again
    auto small = c.Post("/api/v1/sync", auth, std::string(600u << 10, ' '), "application/json");
    REQUIRE(small);
    CHECK(small->status == 400);  // not JSON, but read
  }
}

}  // namespace thidua::testing

namespace thidua::testing {

TEST_CASE("regression (issue 9 row 6): a body below the minimum rate is cut off; one at 4x the rate passes") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  ServerOptions o;  // scaled down 10x from 2 KB/s after 10 s, to keep the test short
  o.body_grace_s = 1;
  o.min_body_bytes_per_s = 20000;
  f.start(o);
  auto drip = [&](std::size_t piece, std::size_t total) {
    RawConn c("127.0.0.1", f.port());
    REQUIRE(c.ok());
    REQUIRE(c.send_all(request_head("POST", "/api/v1/sync",
                                    "Authorization: Bearer " + dv.token + "\r\nContent-Length: " +
                                        std::to_string(total) + "\r\n")));
    auto start = Clock::now();
    for (std::size_t sent = 0; sent < total && c.send_all(std::string(piece, ' '), 2000); sent += piece) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (seconds_since(start) > 10) break;
    }
    return std::pair{http_status(c.read_until_close(5000)), seconds_since(start)};
  };
  auto [fast_status, fast_secs] = drip(8000, 400000);  // 80 KB/s: 4x the minimum
  CHECK(fast_status == 400);  // read in full; not JSON
  auto [slow_status, slow_secs] = drip(500, 400000);   // 5 KB/s
  CHECK(slow_status == 408);
  CHECK(slow_secs < 5);
}

}  // namespace thidua::testing
