#include "netsim/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <random>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "common/unique_fd.h"
#include "netsim/internal/connection.h"

namespace thidua::netsim {
namespace {

using netsim_internal::Connection;
using netsim_internal::Counters;
using netsim_internal::DirectionRule;
using netsim_internal::set_nodelay;
using netsim_internal::set_reset_on_close;
using netsim_internal::signal_eventfd;

constexpr int kConnectTimeoutMs = 2000;
constexpr int kReapIntervalMs = 200;

Status errno_status(const std::string& what) {
  return Status::io("netsim: " + what + ": " + std::strerror(errno));
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
  if (p.cut_range_bytes < 1) {
    return bad("cut_range_bytes is " + std::to_string(p.cut_range_bytes) + "; use >= 1");
  }
  if (p.cut_after_bytes_up < -1 || p.cut_after_bytes_down < -1) {
    return bad("cut_after_bytes_up/down must be >= 0, or -1 for never");
  }
  return Status::ok();
}

// Connects to the target without blocking past a timeout or a stop signal.
Result<UniqueFd> connect_target(const sockaddr_in& target, int stop_fd) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
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

}  // namespace

struct Proxy::Impl {
  UniqueFd listener;
  UniqueFd stop;  // eventfd: signalled once, when the proxy stops
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
    UniqueFd client(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
    if (client.get() < 0) return;  // the client gave up, or out of fds: try again later
    ++counters.connections;
    set_nodelay(client.get());
    Result<UniqueFd> server = connect_target(target, stop.get());
    UniqueFd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
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
          std::uniform_int_distribution<std::int64_t>(0, profile.cut_range_bytes - 1)(rng);
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
