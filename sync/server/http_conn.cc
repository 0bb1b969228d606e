#include "sync/server/internal/http_conn.h"

#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <map>
#include <mutex>

#include "sync/server/internal/conn_stream.h"
#include "sync/server/internal/elastic_pool.h"

namespace thidua {
namespace {

using Clock = std::chrono::steady_clock;

thread_local ConnState* t_conn = nullptr;

std::string peer_ip(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  char host[NI_MAXHOST] = "";
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "";
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) {
    return "";
  }
  return host;
}

// Connections open per remote address.
class AddressSlots {
 public:
  bool take(const std::string& ip, int max) {
    std::lock_guard lock(mu_);
    int& n = open_[ip];
    if (n >= max) return false;
    ++n;
    return true;
  }
  void give_back(const std::string& ip) {
    std::lock_guard lock(mu_);
    if (--open_[ip] <= 0) open_.erase(ip);
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> open_;
};

// Best effort, never blocking: the client learns why before the close.
void refuse_busy(int fd) {
  static const std::string kBody = "quá nhiều kết nối cùng lúc từ địa chỉ này; hãy thử lại sau\n";
  static const std::string kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
  (void)::send(fd, kBusy.data(), kBusy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Freed memory back to the OS, when a large body or answer left some.
void trim_if_due(bool* due) {
  if (!*due) return;
  ::malloc_trim(0);
  *due = false;
}

void close_socket(int fd) {
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

// An httplib server (Base: Server or SSLServer) whose connections are
// served by serve() below instead of httplib's own loop.
template <class Base>
class GuardedServer final : public Base {
 public:
  template <class... Args>
  explicit GuardedServer(const ConnLimits& limits, Args&&... args)
      : Base(std::forward<Args>(args)...), limits_(limits) {
    int max = limits.max_threads;
    this->new_task_queue = [max] { return new ElasticPool(max); };
  }

 private:
  static constexpr bool kTls = std::is_same_v<Base, httplib::SSLServer>;

  bool process_and_close_socket(socket_t sock) override {
    std::string ip = peer_ip(sock);
    if (!slots_.take(ip, limits_.max_per_address)) {
      if (limits_.on_refused) limits_.on_refused();
      if (!kTls) refuse_busy(sock);
      close_socket(sock);
      return true;
    }
    serve(sock);
    slots_.give_back(ip);
    close_socket(sock);
    return true;
  }

  void serve(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    SSL* ssl = nullptr;
    if constexpr (kTls) {
      ssl = tls_accept(this->ssl_context(), fd, Clock::now() + std::chrono::seconds(limits_.header_deadline_s));
      if (!ssl) return;
    }
    ConnStream strm(fd, ssl, limits_);
    t_conn = &strm.state();
    bool trim_when_idle = false;
    for (int left = limits_.keep_alive_max; left > 0 && this->is_running(); --left) {
      if (!wait_for_request(strm, &trim_when_idle)) break;
      strm.begin_request();
      bool closed = false;
      bool ok = this->process_request(strm, left == 1, closed, [&](httplib::Request& req) {
        strm.headers_done();
        // httplib builds a multi-range answer in memory, one copy of the
        // body per range: thousands of ranges on a photo would be
        // gigabytes. A server may ignore Range; these get the whole body.
        if (req.ranges.size() > 1) req.ranges.clear();
      });
      // A large body or response leaves freed memory in glibc's arenas; it
      // goes back to the OS once the connection falls idle, not between a
      // push's batches, which arrive back to back (a trim after each cost
      // ~10 % of a push's server time, and the next batch faulted the pages
      // in again: docs/benchmarks.md, sixth session).
      trim_when_idle |= strm.state().trim_after;
      if (!ok || closed || strm.state().must_close) break;
    }
    trim_if_due(&trim_when_idle);
    t_conn = nullptr;
    strm.finish();  // TLS close_notify, and a bounded drain of what was left unread
  }

  // Idle keep-alive: the next request's first byte within keep_alive_idle_s,
  // looking up every so often so that stop() does not wait for idle clients.
  // `*trim`: free memory goes back to the OS after the first quiet slice.
  bool wait_for_request(ConnStream& strm, bool* trim) {
    auto until = Clock::now() + std::chrono::seconds(limits_.keep_alive_idle_s);
    while (this->is_running()) {
      auto slice = std::min(until, Clock::now() + std::chrono::milliseconds(200));
      if (strm.wait_readable(slice)) return true;
      trim_if_due(trim);
      if (strm.broken() || Clock::now() >= until) return false;
    }
    return false;
  }

  ConnLimits limits_;
  AddressSlots slots_;
};

}  // namespace

ConnState* current_conn() { return t_conn; }

std::unique_ptr<httplib::Server> make_http_server(const ConnLimits& limits) {
  if (limits.tls_cert.empty()) return std::make_unique<GuardedServer<httplib::Server>>(limits);
  auto ssl = std::make_unique<GuardedServer<httplib::SSLServer>>(limits, limits.tls_cert.c_str(),
                                                                  limits.tls_key.c_str());
  if (!ssl->is_valid()) return nullptr;
  return ssl;
}

}  // namespace thidua
