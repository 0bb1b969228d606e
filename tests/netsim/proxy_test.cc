// The loopback fault proxy (netsim/proxy.h), one case per fault it injects.
// Over 400 lines: the echo server and the fd and thread counters the cases
// share (~190 lines) come first.
#include "netsim/proxy.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "common/unique_fd.h"
#include "netsim/free_port.h"

namespace thidua::netsim {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  return addr;
}

// A blocking client socket; every call gives up after 5 s so a bug fails the
// test instead of hanging it.
UniqueFd dial(int port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  REQUIRE(fd.get() >= 0);
  timeval tv{5, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  const sockaddr_in addr = loopback(port);
  REQUIRE(::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(std::size_t(n));
  }
  return true;
}

enum class End { kDone, kEof, kReset, kTimeout };

// Reads until the connection ends or, when n > 0, until `out` holds n bytes (kDone).
End read_all(int fd, std::string& out, std::size_t n = 0) {
  char buf[16384];
  while (n == 0 || out.size() < n) {
    const std::size_t want = n == 0 ? sizeof buf : std::min(sizeof buf, n - out.size());
    const ssize_t k = ::recv(fd, buf, want, 0);
    if (k > 0) {
      out.append(buf, std::size_t(k));
    } else if (k == 0) {
      return End::kEof;
    } else if (errno != EINTR) {
      return errno == EAGAIN || errno == EWOULDBLOCK ? End::kTimeout : End::kReset;
    }
  }
  return End::kDone;
}

std::string pattern(std::size_t n, unsigned seed = 7) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    seed = seed * 1103515245u + 12345u;
    s[i] = static_cast<char>(seed >> 16);
  }
  return s;
}

// A loopback server on a free port, one thread per connection. kEcho echoes
// and passes on a half-close; kSink only reads; kSource sends `source`, then
// reads. Each records what it received and when its connection ended.
class TestServer {
 public:
  enum class Mode { kEcho, kSink, kSource };
  struct Conn {
    std::string received;
    bool ended = false;
  };

  explicit TestServer(Mode mode, std::string source = {})
      : mode_(mode), source_(std::move(source)), listener_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr = loopback(0);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_.get(), 16) == 0);
    REQUIRE(::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~TestServer() {
    stop_ = true;
    acceptor_.join();
    for (auto& t : workers_) t.join();
  }

  int port() const { return port_; }

  // Waits up to `timeout` for pred to hold over the connections; returns it.
  bool wait(const std::function<bool(const std::vector<Conn>&)>& pred, milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return pred(conns_); });
  }
  std::vector<Conn> conns() {
    std::lock_guard<std::mutex> lock(mu_);
    return conns_;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_.get(), POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      UniqueFd fd(::accept(listener_.get(), nullptr, nullptr));
      if (fd.get() < 0) continue;
      std::lock_guard<std::mutex> lock(mu_);
      conns_.emplace_back();
      workers_.emplace_back(
          [this, i = conns_.size() - 1, f = std::move(fd)] { serve(i, f.get()); });
    }
  }

  // Sends with poll so that stop_ is seen; false when the peer is gone.
  bool send_some(int fd, std::string_view data) {
    while (!data.empty() && !stop_) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN) return false;
      if (n > 0) data.remove_prefix(std::size_t(n));
    }
    return true;
  }

  void serve(std::size_t i, int fd) {
    if (mode_ == Mode::kSource) send_some(fd, source_);
    char buf[16384];
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && errno == EAGAIN) continue;
      if (n <= 0) break;
      {
        std::lock_guard<std::mutex> lock(mu_);
        conns_[i].received.append(buf, std::size_t(n));
      }
      cv_.notify_all();
      if (mode_ == Mode::kEcho && !send_some(fd, {buf, std::size_t(n)})) break;
    }
    if (mode_ == Mode::kEcho) ::shutdown(fd, SHUT_WR);
    {
      std::lock_guard<std::mutex> lock(mu_);
      conns_[i].ended = true;
    }
    cv_.notify_all();
  }

  const Mode mode_;
  const std::string source_;
  UniqueFd listener_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Conn> conns_;           // guarded by mu_
  std::vector<std::thread> workers_;  // guarded by mu_ until stop_
  std::thread acceptor_;
};

std::unique_ptr<Proxy> start_proxy(int port, LinkProfile profile = {}) {
  auto proxy = Proxy::start("127.0.0.1", port, profile);
  REQUIRE_MESSAGE(proxy.is_ok(), proxy.status().message());
  return std::move(proxy).value();
}

// The counters move just after each write returns, so a peer can read the
// bytes a moment before they are counted.
bool stats_reach(const Proxy& proxy, const std::function<bool(const ProxyStats&)>& pred) {
  const Clock::time_point deadline = Clock::now() + milliseconds(2000);
  while (!pred(proxy.stats())) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::size_t count_entries(const char* dir) {
  std::size_t n = 0;
  DIR* d = ::opendir(dir);
  if (d == nullptr) return 0;
  while (::readdir(d) != nullptr) ++n;
  ::closedir(d);
  return n;
}

TEST_CASE("bytes pass through unchanged both ways, half-close included, counted exactly") {
  TestServer server(TestServer::Mode::kEcho);
  auto proxy = start_proxy(server.port());
  const std::string sent = pattern(200 * 1024);
  UniqueFd c = dial(proxy->port());
  std::string echoed;
  for (std::size_t off = 0; off < sent.size(); off += 4096) {
    const std::string_view chunk = std::string_view(sent).substr(off, 4096);
    REQUIRE(send_all(c.get(), chunk));
    REQUIRE(read_all(c.get(), echoed, off + chunk.size()) == End::kDone);
  }
  CHECK(echoed == sent);
  // Our shutdown reaches the server, whose shutdown comes back as a clean EOF.
  ::shutdown(c.get(), SHUT_WR);
  std::string rest;
  CHECK(read_all(c.get(), rest) == End::kEof);
  CHECK(rest.empty());
  const ProxyStats s = proxy->stats();
  CHECK(s.bytes_up == std::int64_t(sent.size()));
  CHECK(s.bytes_down == std::int64_t(sent.size()));
  CHECK(s.connections == 1);
  CHECK(s.cuts == 0);
  REQUIRE(server.wait([](const auto& cs) { return cs.size() == 1 && cs[0].ended; },
                      milliseconds(5000)));
  CHECK(server.conns()[0].received == sent);
}

TEST_CASE("cut_after_bytes_up delivers exactly N bytes to the server, then resets the client") {
  TestServer server(TestServer::Mode::kSink);
  LinkProfile profile;
  profile.cut_after_bytes_up = 10000;
  auto proxy = start_proxy(server.port(), profile);
  const std::string sent = pattern(50000);
  UniqueFd c = dial(proxy->port());
  send_all(c.get(), sent);  // may fail part-way once the cut lands
  std::string got;
  CHECK(read_all(c.get(), got) == End::kReset);
  CHECK(got.empty());
  REQUIRE(server.wait([](const auto& cs) { return cs.size() == 1 && cs[0].ended; },
                      milliseconds(5000)));
  CHECK(server.conns()[0].received == sent.substr(0, 10000));
  CHECK(proxy->stats().bytes_up == 10000);
  CHECK(proxy->stats().cuts == 1);
}

TEST_CASE("cut_after_bytes_down delivers exactly N bytes to the client, then resets it") {
  const std::string source = pattern(50000, 3);
  TestServer server(TestServer::Mode::kSource, source);
  LinkProfile profile;
  profile.cut_after_bytes_down = 12345;
  auto proxy = start_proxy(server.port(), profile);
  UniqueFd c = dial(proxy->port());
  std::string got;
  CHECK(read_all(c.get(), got) == End::kReset);
  CHECK(got == source.substr(0, 12345));
  CHECK(proxy->stats().bytes_down == 12345);
  CHECK(proxy->stats().cuts == 1);
  CHECK(server.wait([](const auto& cs) { return cs.size() == 1 && cs[0].ended; },
                    milliseconds(5000)));
}

TEST_CASE("cut_probability 1 cuts every connection within 64 KiB") {
  TestServer server(TestServer::Mode::kEcho);
  LinkProfile profile;
  profile.cut_probability = 1.0;
  profile.seed = 42;
  auto proxy = start_proxy(server.port(), profile);
  const std::string sent = pattern(70 * 1024);
  constexpr int kConnections = 5;
  for (int i = 0; i < kConnections; ++i) {
    CAPTURE(i);
    UniqueFd c = dial(proxy->port());
    std::string echoed;
    End end = End::kDone;
    // Echo keeps both directions busy past 64 KiB, so either cut point is met.
    for (std::size_t off = 0; off < sent.size() && end == End::kDone; off += 4096) {
      const std::string_view chunk = std::string_view(sent).substr(off, 4096);
      if (!send_all(c.get(), chunk)) break;
      end = read_all(c.get(), echoed, off + chunk.size());
    }
    if (end == End::kDone) end = read_all(c.get(), echoed);
    CHECK(end == End::kReset);
    CHECK(echoed.size() < 64 * 1024);
    CHECK(echoed == sent.substr(0, echoed.size()));
  }
  CHECK(proxy->stats().connections == kConnections);
  CHECK(proxy->stats().cuts == kConnections);
}

TEST_CASE("cut_range_bytes brings every cut within that many bytes") {
  TestServer server(TestServer::Mode::kEcho);
  LinkProfile profile;
  profile.cut_probability = 1.0;
  profile.cut_range_bytes = 1000;
  profile.seed = 7;
  auto proxy = start_proxy(server.port(), profile);
  const std::string sent = pattern(1000);
  constexpr int kConnections = 5;
  for (int i = 0; i < kConnections; ++i) {
    CAPTURE(i);
    UniqueFd c = dial(proxy->port());
    std::string echoed;
    // A thousand bytes each way always reach the cut, whichever way it is.
    End end = send_all(c.get(), sent) ? read_all(c.get(), echoed, sent.size()) : End::kReset;
    if (end == End::kDone) end = read_all(c.get(), echoed);
    CHECK(end == End::kReset);
    CHECK(echoed.size() < 1000);
    CHECK(echoed == sent.substr(0, echoed.size()));
  }
  CHECK(proxy->stats().cuts == kConnections);
}

TEST_CASE("a 50 KB/s link takes about 2 s for 100 KB") {
  TestServer server(TestServer::Mode::kSink);
  LinkProfile profile;
  profile.bandwidth_bytes_per_s = 50000;
  auto proxy = start_proxy(server.port(), profile);
  const std::string sent = pattern(100000);
  const Clock::time_point t0 = Clock::now();
  UniqueFd c = dial(proxy->port());
  REQUIRE(send_all(c.get(), sent));
  REQUIRE(server.wait(
      [&](const auto& cs) { return cs.size() == 1 && cs[0].received.size() == sent.size(); },
      milliseconds(10000)));
  const double elapsed = seconds_since(t0);
  MESSAGE("100 KB at 50 KB/s took " << elapsed << " s");
  CHECK(elapsed >= 1.6);  // a lower bound only: slow machines may take longer
  CHECK(server.conns()[0].received == sent);
  CHECK(stats_reach(
      *proxy, [&](const ProxyStats& st) { return st.bytes_up >= std::int64_t(sent.size()); }));
  CHECK(proxy->stats().bytes_up == std::int64_t(sent.size()));
}

TEST_CASE("200 ms of latency makes a round trip take at least 350 ms") {
  TestServer server(TestServer::Mode::kEcho);
  LinkProfile profile;
  profile.latency_ms = 200;
  auto proxy = start_proxy(server.port(), profile);
  UniqueFd c = dial(proxy->port());
  const Clock::time_point t0 = Clock::now();
  REQUIRE(send_all(c.get(), "x"));
  std::string got;
  REQUIRE(read_all(c.get(), got, 1) == End::kDone);
  const double elapsed = seconds_since(t0);
  MESSAGE("round trip took " << elapsed << " s");
  CHECK(got == "x");
  CHECK(elapsed >= 0.35);
}

TEST_CASE("start refuses targets off the machine and invalid profiles") {
  for (const char* host :
       {"10.0.0.1", "192.168.1.1", "8.8.8.8", "example.com", "0.0.0.0", "::1", ""}) {
    CAPTURE(host);
    auto proxy = Proxy::start(host, 8080, {});
    REQUIRE_FALSE(proxy.is_ok());
    CHECK(proxy.status().code() == Status::Code::kInvalid);
  }
  CHECK(Proxy::start("localhost", 0, {}).status().code() == Status::Code::kInvalid);
  CHECK(Proxy::start("127.0.0.1", 70000, {}).status().code() == Status::Code::kInvalid);
  LinkProfile bad;
  bad.cut_probability = 1.5;
  CHECK(Proxy::start("127.0.0.1", 8080, bad).status().code() == Status::Code::kInvalid);
  bad = {};
  bad.bandwidth_bytes_per_s = -1;
  CHECK(Proxy::start("127.0.0.1", 8080, bad).status().code() == Status::Code::kInvalid);
  bad = {};
  bad.cut_range_bytes = 0;
  CHECK(Proxy::start("127.0.0.1", 8080, bad).status().code() == Status::Code::kInvalid);
  bad = {};
  bad.cut_after_bytes_down = -2;
  CHECK(Proxy::start("127.0.0.1", 8080, bad).status().code() == Status::Code::kInvalid);
}

TEST_CASE("a target that refuses the connection resets the client") {
  auto port = free_loopback_port();
  REQUIRE(port.is_ok());
  auto proxy = start_proxy(*port);
  UniqueFd c = dial(proxy->port());
  std::string got;
  CHECK(read_all(c.get(), got) == End::kReset);
  CHECK(proxy->stats().connections == 1);
}

TEST_CASE("set_profile applies to later connections; reset_stats zeroes the counters") {
  TestServer server(TestServer::Mode::kEcho);
  auto proxy = start_proxy(server.port());
  UniqueFd first = dial(proxy->port());
  // connect() returns before the proxy accepts; a round trip proves it did.
  std::string got;
  REQUIRE(send_all(first.get(), "hi"));
  REQUIRE(read_all(first.get(), got, 2) == End::kDone);
  LinkProfile cut_at_once;
  cut_at_once.cut_after_bytes_up = 0;
  proxy->set_profile(cut_at_once);
  UniqueFd second = dial(proxy->port());
  got.clear();
  CHECK(read_all(second.get(), got) == End::kReset);
  REQUIRE(send_all(first.get(), "still open"));
  got.clear();
  CHECK(read_all(first.get(), got, 10) == End::kDone);
  CHECK(got == "still open");
  CHECK(proxy->stats().connections == 2);
  CHECK(proxy->stats().cuts == 1);
  proxy->reset_stats();
  const ProxyStats s = proxy->stats();
  CHECK((s.bytes_up == 0 && s.bytes_down == 0 && s.connections == 0 && s.cuts == 0));
}

TEST_CASE("destroying the proxy mid-transfer is prompt and leaks no fd or thread") {
  const std::size_t fds_before = count_entries("/proc/self/fd");
  const std::size_t threads_before = count_entries("/proc/self/task");
  {
    TestServer server(TestServer::Mode::kEcho);
    LinkProfile slow;
    slow.bandwidth_bytes_per_s = 10000;
    slow.latency_ms = 300;
    auto proxy = start_proxy(server.port(), slow);
    std::vector<UniqueFd> clients;
    for (int i = 0; i < 3; ++i) {
      clients.push_back(dial(proxy->port()));
      REQUIRE(send_all(clients.back().get(), pattern(20000, unsigned(i))));
    }
    REQUIRE(server.wait([](const auto& cs) { return cs.size() == 3; }, milliseconds(5000)));
    const Clock::time_point t0 = Clock::now();
    proxy.reset();
    const double elapsed = seconds_since(t0);
    MESSAGE("destroying the proxy took " << elapsed << " s");
    CHECK(elapsed < 2.0);
    for (auto& c : clients) {
      std::string got;
      CHECK(read_all(c.get(), got) != End::kTimeout);
    }
  }
  CHECK(count_entries("/proc/self/fd") == fds_before);
  // A joined thread may linger in /proc/self/task a moment after join returns.
  const Clock::time_point gone_by = Clock::now() + milliseconds(2000);
  while (count_entries("/proc/self/task") > threads_before && Clock::now() < gone_by) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  CHECK(count_entries("/proc/self/task") == threads_before);
}

}  // namespace
}  // namespace thidua::netsim
