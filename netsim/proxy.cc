#include "netsim/proxy.h"

#include <arpa/inet.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <mutex>
#include <random>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace thidua::netsim {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kPacedChunk = 1024;       // write size when a rate is set
constexpr std::size_t kMaxQueued = 256 * 1024;  // per direction, then stop reading
constexpr std::int64_t kRandomCutRange = 64 * 1024;
constexpr auto kDrainWait = std::chrono::seconds(1);
constexpr int kConnectTimeoutMs = 2000;
constexpr int kReapIntervalMs = 200;
constexpr int kMaxPollMs = 1000;

// Owns one file descriptor and closes it.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

Status errno_status(const std::string& what) {
  return Status::io("netsim: " + what + ": " + std::strerror(errno));
}

void set_nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Makes the next close() send a reset instead of a graceful FIN.
void set_reset_on_close(int fd) {
  linger lg{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
}

void signal_eventfd(int fd) {
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(fd, &one, sizeof one);
}

Status check_profile(const LinkProfile& p) {
  auto bad = [](const std::string& what) {
    return Status::invalid("netsim: link profile: " + what);
  };
  if (p.bandwidth_bytes_per_s < 0) {
    return bad("bandwidth_bytes_per_s is " + std::to_string(p.bandwidth_bytes_per_s) +
               "; use a positive rate, or 0 for unlimited");
  }
  if (p.latency_ms < 0) return bad("latency_ms is " + std::to_string(p.latency_ms) + "; use >= 0");
  if (!(p.cut_probability >= 0 && p.cut_probability <= 1)) {
    return bad("cut_probability is " + std::to_string(p.cut_probability) + "; use [0, 1]");
  }
  if (p.cut_after_bytes_up < -1 || p.cut_after_bytes_down < -1) {
    return bad("cut_after_bytes_up/down must be >= 0, or -1 for never");
  }
  return Status::ok();
}

// Connects to the target without blocking past a timeout or a stop signal.
Result<Fd> connect_target(const sockaddr_in& target, int stop_fd) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return errno_status("socket for the target");
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&target), sizeof target) != 0) {
    if (errno != EINPROGRESS) return errno_status("connect to the target");
    pollfd fds[2] = {{fd.get(), POLLOUT, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, kConnectTimeoutMs) <= 0 || fds[1].revents != 0) {
      return Status::io("netsim: connect to the target: timed out or stopped");
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      errno = err;
      return errno_status("connect to the target");
    }
  }
  set_nodelay(fd.get());
  return fd;
}

struct Counters {
  std::atomic<std::int64_t> bytes_up{0}, bytes_down{0}, connections{0}, cuts{0};
};

// What the link does to one direction of one connection.
struct DirectionRule {
  std::int64_t rate = 0;  // bytes/s, 0 = unlimited
  Clock::duration latency{};
  std::int64_t cut_at = -1;  // forwarded bytes after which to cut, -1 = never
};

// One forwarded connection: a thread per direction. The last thread to end
// closes both sockets (with a reset if the connection was aborted), so a cut
// is seen by the peers at once; the owner joins the threads later.
class Connection {
 public:
  Connection(Fd client, Fd server, Fd wake, Counters& counters, DirectionRule up,
             DirectionRule down)
      : client_(std::move(client)),
        server_(std::move(server)),
        wake_(std::move(wake)),
        counters_(counters),
        up_rule_(up),
        down_rule_(down) {}

  ~Connection() {
    // A finished connection closed its sockets itself; aborting it now could
    // race with that close and turn a graceful close into a reset.
    if (!finished()) abort(false);
    if (up_.joinable()) up_.join();
    if (down_.joinable()) down_.join();
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts both threads. Throws std::system_error when a thread cannot start.
  void start() {
    up_ = std::thread([this] { run(true); });
    try {
      down_ = std::thread([this] { run(false); });
    } catch (...) {
      abort(false);
      throw;
    }
  }

  // Ends both directions; idempotent. A cut is counted once per connection.
  void abort(bool is_cut) {
    if (aborted_.exchange(true)) return;
    if (is_cut) ++counters_.cuts;
    signal_eventfd(wake_.get());
  }

  bool finished() const { return running_.load() == 0; }

 private:
  struct Chunk {
    Clock::time_point due;
    std::vector<char> bytes;
    std::size_t sent = 0;
  };

  void run(bool up) {
    pump(up ? client_.get() : server_.get(), up ? server_.get() : client_.get(),
         up ? up_rule_ : down_rule_, up ? counters_.bytes_up : counters_.bytes_down);
    if (running_.fetch_sub(1) == 1) {
      if (aborted_.load()) {
        set_reset_on_close(client_.get());
        set_reset_on_close(server_.get());
      }
      client_.reset();
      server_.reset();
    }
  }

  void pump(int src, int dst, const DirectionRule& rule, std::atomic<std::int64_t>& counter);
  void wait_drained(int fd);

  Fd client_, server_, wake_;
  Counters& counters_;
  const DirectionRule up_rule_, down_rule_;
  std::atomic<bool> aborted_{false};
  std::atomic<int> running_{2};
  std::thread up_, down_;
};

// Forwards src -> dst until EOF (then passes on the half-close), a cut, a
// peer's reset or abort(). Reads as data arrives (up to kMaxQueued ahead);
// each chunk waits in the queue until its due time and the pacing allow.
void Connection::pump(int src, int dst, const DirectionRule& rule,
                      std::atomic<std::int64_t>& counter) {
  using std::chrono::duration;
  using std::chrono::duration_cast;
  auto transfer_time = [&](std::int64_t bytes) {
    return duration_cast<Clock::duration>(duration<double>(double(bytes) / double(rule.rate)));
  };
  // Token bucket of one paced chunk: after idle time at most one chunk goes
  // out at once, and a late wake-up is caught up so the long-run rate holds.
  const Clock::duration burst = rule.rate > 0 ? transfer_time(kPacedChunk) : Clock::duration{};
  Clock::time_point next_free{};
  std::deque<Chunk> queue;
  std::size_t queued = 0;
  std::int64_t forwarded = 0;
  bool src_eof = false;
  std::vector<char> buf(kReadChunk);

  while (!aborted_.load()) {
    if (rule.cut_at >= 0 && forwarded >= rule.cut_at) {
      wait_drained(dst);
      abort(true);
      return;
    }
    if (src_eof && queue.empty()) {
      ::shutdown(dst, SHUT_WR);
      return;
    }
    const Clock::time_point now = Clock::now();
    const bool want_read = !src_eof && queued < kMaxQueued;
    bool ready = false;
    int timeout_ms = -1;
    if (!queue.empty()) {
      const Clock::time_point send_at = std::max(queue.front().due, next_free);
      ready = send_at <= now;
      if (!ready) {
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(send_at - now).count();
        timeout_ms = static_cast<int>(std::min<decltype(wait)>(wait, kMaxPollMs));
      }
    }
    pollfd fds[3] = {{wake_.get(), POLLIN, 0},
                     {want_read ? src : -1, POLLIN, 0},
                     {ready ? dst : -1, POLLOUT, 0}};
    if (::poll(fds, 3, timeout_ms) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) break;  // aborted
    if (fds[1].revents != 0) {
      const ssize_t n = ::recv(src, buf.data(), buf.size(), MSG_DONTWAIT);
      if (n > 0) {
        queue.push_back(
            {Clock::now() + rule.latency, std::vector<char>(buf.begin(), buf.begin() + n)});
        queued += static_cast<std::size_t>(n);
      } else if (n == 0) {
        src_eof = true;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        break;  // the peer reset: reset the other side too
      }
    }
    if (fds[2].revents != 0) {
      Chunk& chunk = queue.front();
      std::size_t n = chunk.bytes.size() - chunk.sent;
      if (rule.rate > 0) n = std::min(n, kPacedChunk);
      if (rule.cut_at >= 0) n = std::min<std::size_t>(n, std::size_t(rule.cut_at - forwarded));
      const ssize_t k =
          ::send(dst, chunk.bytes.data() + chunk.sent, n, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (k > 0) {
        chunk.sent += std::size_t(k);
        queued -= std::size_t(k);
        forwarded += k;
        counter += k;
        // Now, not the time before poll(): a wait for a full socket is not credit.
        if (rule.rate > 0) {
          next_free = std::max(next_free, Clock::now() - burst) + transfer_time(k);
        }
        if (chunk.sent == chunk.bytes.size()) queue.pop_front();
      } else if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        break;
      }
    }
  }
  abort(false);
}

// Waits until the peer has acknowledged everything written to fd, so the
// reset of a cut cannot discard bytes already counted as forwarded. Bounded
// by kDrainWait (a peer that stops reading) and by abort().
void Connection::wait_drained(int fd) {
  const Clock::time_point deadline = Clock::now() + kDrainWait;
  int unsent = 0;
  while (::ioctl(fd, SIOCOUTQ, &unsent) == 0 && unsent > 0 && Clock::now() < deadline) {
    pollfd wake{wake_.get(), POLLIN, 0};
    if (::poll(&wake, 1, 2) != 0) return;
  }
}

}  // namespace

struct Proxy::Impl {
  Fd listener;
  Fd stop;  // eventfd: signalled once, when the proxy stops
  sockaddr_in target{};
  int port = 0;
  Counters counters;

  mutable std::mutex mu;
  LinkProfile profile;  // guarded by mu
  std::mt19937_64 rng;  // guarded by mu
  std::thread acceptor;
  std::vector<std::unique_ptr<Connection>> connections;  // the acceptor's, until joined

  ~Impl() {
    signal_eventfd(stop.get());
    if (acceptor.joinable()) acceptor.join();
    // Abort all first so they wind down in parallel; destruction joins.
    for (auto& c : connections) {
      if (!c->finished()) c->abort(false);
    }
    connections.clear();
  }

  void accept_loop() {
    for (;;) {
      pollfd fds[2] = {{stop.get(), POLLIN, 0}, {listener.get(), POLLIN, 0}};
      const int n = ::poll(fds, 2, kReapIntervalMs);
      if (n < 0 && errno != EINTR) return;
      if (fds[0].revents != 0) return;
      std::erase_if(connections, [](const auto& c) { return c->finished(); });
      if (n > 0 && fds[1].revents != 0) accept_one();
    }
  }

  void accept_one() {
    Fd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (client.get() < 0) return;  // the client gave up, or out of fds: try again later
    ++counters.connections;
    set_nodelay(client.get());
    Result<Fd> server = connect_target(target, stop.get());
    Fd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!server.is_ok() || wake.get() < 0) {
      set_reset_on_close(client.get());
      return;
    }
    DirectionRule up, down;
    draw_rules(up, down);
    auto conn = std::make_unique<Connection>(std::move(client), std::move(*server), std::move(wake),
                                             counters, up, down);
    try {
      conn->start();
    } catch (const std::system_error&) {
      return;  // no thread for it: the connection is dropped and reset
    }
    connections.push_back(std::move(conn));
  }

  // The rules for the next connection, from the current profile.
  void draw_rules(DirectionRule& up, DirectionRule& down) {
    std::lock_guard<std::mutex> lock(mu);
    for (DirectionRule* r : {&up, &down}) {
      r->rate = profile.bandwidth_bytes_per_s;
      r->latency = std::chrono::milliseconds(profile.latency_ms);
    }
    up.cut_at = profile.cut_after_bytes_up;
    down.cut_at = profile.cut_after_bytes_down;
    if (profile.cut_probability > 0 &&
        std::uniform_real_distribution<double>(0, 1)(rng) < profile.cut_probability) {
      const std::int64_t at =
          std::uniform_int_distribution<std::int64_t>(0, kRandomCutRange - 1)(rng);
      DirectionRule& r = (rng() & 1) != 0 ? up : down;
      r.cut_at = r.cut_at < 0 ? at : std::min(r.cut_at, at);
    }
  }
};

Proxy::Proxy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Proxy::~Proxy() = default;

Result<std::unique_ptr<Proxy>> Proxy::start(const std::string& target_host, int target_port,
                                            LinkProfile profile) {
  if (target_host != "127.0.0.1" && target_host != "localhost") {
    return Status::invalid("netsim: target host \"" + target_host +
                           "\" is not loopback; the proxy forwards only to 127.0.0.1 or "
                           "localhost so that tests never send traffic off the machine");
  }
  if (target_port < 1 || target_port > 65535) {
    return Status::invalid("netsim: target port " + std::to_string(target_port) +
                           " is outside 1..65535");
  }
  THIDUA_RETURN_IF_ERROR(check_profile(profile));

  auto impl = std::make_unique<Impl>();
  impl->target.sin_family = AF_INET;
  impl->target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  impl->target.sin_port = htons(static_cast<std::uint16_t>(target_port));
  impl->profile = profile;
  impl->rng.seed(profile.seed);

  impl->listener.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (impl->listener.get() < 0) return errno_status("socket for the listener");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(impl->listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return errno_status("bind 127.0.0.1:0");
  }
  if (::listen(impl->listener.get(), SOMAXCONN) != 0) return errno_status("listen");
  if (::getsockname(impl->listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return errno_status("getsockname");
  }
  impl->port = ntohs(addr.sin_port);
  impl->stop.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (impl->stop.get() < 0) return errno_status("eventfd");
  try {
    Impl* raw = impl.get();
    impl->acceptor = std::thread([raw] { raw->accept_loop(); });
  } catch (const std::system_error& e) {
    return Status::io(std::string("netsim: cannot start the accept thread: ") + e.what());
  }
  return std::unique_ptr<Proxy>(new Proxy(std::move(impl)));
}

int Proxy::port() const { return impl_->port; }

ProxyStats Proxy::stats() const {
  const Counters& c = impl_->counters;
  return {c.bytes_up.load(), c.bytes_down.load(), c.connections.load(), c.cuts.load()};
}

void Proxy::set_profile(const LinkProfile& profile) {
  assert(check_profile(profile).is_ok() && "netsim: invalid LinkProfile");
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->profile = profile;
  impl_->rng.seed(profile.seed);
}

void Proxy::reset_stats() {
  Counters& c = impl_->counters;
  c.bytes_up = 0;
  c.bytes_down = 0;
  c.connections = 0;
  c.cuts = 0;
}

}  // namespace thidua::netsim
