#include "sync/server/internal/conn_stream.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/parse.h"

namespace thidua {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

constexpr std::size_t kDrainBytes = 256u << 10;
constexpr auto kDrainTime = std::chrono::seconds(2);

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  int rc = peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len);
  char host[NI_MAXHOST] = "", serv[NI_MAXSERV] = "";
  if (rc != 0 || ::getnameinfo(sa, len, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return;
  }
  ip = host;
  port = static_cast<int>(parse_int64(serv).value_or(0));  // NI_NUMERICSERV: digits of a 16-bit port
}

// Waits on fd for `events` until `deadline`; false on timeout or error.
bool poll_until(int fd, short events, Clock::time_point deadline, bool* broken) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000 * 60)));
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) {
      *broken = true;
      return false;
    }
    if (rc == 0) continue;  // loop re-checks the deadline
    // A hang-up still lets the reader see the end of the stream (read 0).
    if (p.revents & (events | POLLHUP)) return true;
    *broken = true;
    return false;
  }
}

// Each request and answer is a small exchange that waits for its peer:
// Nagle's algorithm would hold the answer's second segment (httplib writes
// the headers and the body apart) until the client's delayed ACK (40 ms), and
// the server's own delayed ACK would hold a client's body sent after its
// headers the same way. Measured: 100 idle nodes reached ~1,100 syncs/s
// with the server mostly idle, each sync waiting ~90 ms on these timers.
void no_delay(int fd) {
  int one = 1;
  (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Quick ACK is not sticky in Linux: it is asked for again after each read.
void ack_now(int fd) {
  int one = 1;
  (void)::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
}

}  // namespace

SSL* tls_accept(SSL_CTX* ctx, int fd, Clock::time_point deadline) {
  SSL* ssl = SSL_new(ctx);
  if (!ssl) return nullptr;
  SSL_set_fd(ssl, fd);
  bool broken = false;
  for (;;) {
    int rc = SSL_accept(ssl);
    if (rc == 1) return ssl;
    int err = SSL_get_error(ssl, rc);
    bool waited = false;
    if (err == SSL_ERROR_WANT_READ) waited = poll_until(fd, POLLIN, deadline, &broken);
    if (err == SSL_ERROR_WANT_WRITE) waited = poll_until(fd, POLLOUT, deadline, &broken);
    if (!waited) break;
  }
  ERR_clear_error();
  SSL_free(ssl);
  return nullptr;
}

ConnStream::ConnStream(int fd, SSL* ssl, const ConnLimits& limits) : fd_(fd), ssl_(ssl), limits_(limits) {
  no_delay(fd_);
}

ConnStream::~ConnStream() {
  if (ssl_) SSL_free(ssl_);
}

void ConnStream::begin_request() {
  in_headers_ = true;
  header_bytes_ = 0;
  header_deadline_ = Clock::now() + seconds(limits_.header_deadline_s);
  state_ = ConnState{};
}

void ConnStream::headers_done() {
  in_headers_ = false;
  body_started_ = false;
}

bool ConnStream::wait(short events, TimePoint deadline) const {
  return poll_until(fd_, events, deadline, &broken_);
}

bool ConnStream::wait_readable(TimePoint deadline) {
  if (ahead_pos_ < ahead_len_ || (ssl_ && SSL_pending(ssl_) > 0)) return true;
  return wait(POLLIN, deadline);
}

bool ConnStream::is_readable() const {
  if (ahead_pos_ < ahead_len_ || (ssl_ && SSL_pending(ssl_) > 0)) return true;
  return wait(POLLIN, Clock::now() + seconds(limits_.read_timeout_s));
}

bool ConnStream::is_writable() const { return wait(POLLOUT, Clock::now() + seconds(limits_.write_timeout_s)); }

bool ConnStream::body_too_slow(TimePoint now) const {
  if (!body_started_) return false;
  auto elapsed = std::chrono::duration<double>(now - body_start_).count();
  if (elapsed <= limits_.body_grace_s) return false;
  return static_cast<double>(state_.body_wire_bytes) < elapsed * static_cast<double>(limits_.min_body_rate);
}

ssize_t ConnStream::read(char* ptr, size_t size) {
  auto now = Clock::now();
  auto deadline = now + seconds(limits_.read_timeout_s);
  if (in_headers_) {
    // The request line and headers: bounded in bytes and in total time.
    if (header_bytes_ >= kMaxHeaderBytes) return -1;
    size = std::min(size, kMaxHeaderBytes - header_bytes_);
    deadline = std::min(deadline, header_deadline_);
  } else {
    const std::size_t max_wire = std::min(limits_.max_wire_bytes, state_.max_body_wire);
    if (state_.body_wire_bytes >= max_wire) {
      state_.wire_limit_hit = true;
      return -1;
    }
    if (body_too_slow(now)) {
      state_.too_slow = true;
      return -1;
    }
    if (!body_started_) {
      body_started_ = true;
      body_start_ = now;
    }
    size = std::min(size, max_wire - state_.body_wire_bytes);
  }
  ssize_t got = raw_read(ptr, size, deadline);
  if (got > 0) (in_headers_ ? header_bytes_ : state_.body_wire_bytes) += static_cast<std::size_t>(got);
  return got;
}

ssize_t ConnStream::raw_read(char* ptr, size_t size, TimePoint deadline) {
  for (;;) {
    if (ssl_) {
      int rc = SSL_read(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (rc > 0) return rc;
      int err = SSL_get_error(ssl_, rc);
      if (err == SSL_ERROR_ZERO_RETURN) return 0;
      if (err == SSL_ERROR_WANT_READ && wait(POLLIN, deadline)) continue;
      if (err == SSL_ERROR_WANT_WRITE && wait(POLLOUT, deadline)) continue;
      ERR_clear_error();
      return -1;
    }
    if (ahead_pos_ == ahead_len_ && size < sizeof ahead_) {
      ssize_t rc = recv_some(ahead_, sizeof ahead_, deadline);
      if (rc <= 0) return rc;
      ahead_pos_ = 0;
      ahead_len_ = static_cast<std::size_t>(rc);
    }
    if (ahead_pos_ < ahead_len_) {
      std::size_t n = std::min(size, ahead_len_ - ahead_pos_);
      std::memcpy(ptr, ahead_ + ahead_pos_, n);
      ahead_pos_ += n;
      return static_cast<ssize_t>(n);
    }
    return recv_some(ptr, size, deadline);
  }
}

ssize_t ConnStream::recv_some(char* ptr, size_t size, TimePoint deadline) {
  for (;;) {
    ssize_t rc = ::recv(fd_, ptr, size, 0);
    if (rc > 0) ack_now(fd_);
    if (rc >= 0) return rc;
    if (errno == EINTR) continue;
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait(POLLIN, deadline)) continue;
    return -1;
  }
}

ssize_t ConnStream::write(const char* ptr, size_t size) {
  auto deadline = Clock::now() + seconds(limits_.write_timeout_s);
  for (;;) {
    if (ssl_) {
      int rc = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (rc > 0) return rc;
      int err = SSL_get_error(ssl_, rc);
      if (err == SSL_ERROR_WANT_WRITE && wait(POLLOUT, deadline)) continue;
      if (err == SSL_ERROR_WANT_READ && wait(POLLIN, deadline)) continue;
      ERR_clear_error();
      return -1;
    }
    ssize_t rc = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (rc >= 0) return rc;
    if (errno == EINTR) continue;
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait(POLLOUT, deadline)) continue;
    return -1;
  }
}

void ConnStream::get_remote_ip_and_port(std::string& ip, int& port) const { address_of(fd_, true, ip, port); }
void ConnStream::get_local_ip_and_port(std::string& ip, int& port) const { address_of(fd_, false, ip, port); }

void ConnStream::finish() {
  if (ssl_ && !broken_) {
    (void)SSL_shutdown(ssl_);  // one try: a client that does not answer is not waited for
    ERR_clear_error();
  }
  if (!state_.must_close || broken_) return;
  ::shutdown(fd_, SHUT_WR);
  char buf[16384];
  std::size_t drained = 0;
  auto until = Clock::now() + kDrainTime;
  while (drained < kDrainBytes && wait(POLLIN, until)) {
    ssize_t rc = ::recv(fd_, buf, sizeof buf, 0);
    if (rc > 0) drained += static_cast<std::size_t>(rc);
    else if (rc == 0 || (errno != EINTR && errno != EAGAIN)) break;
  }
}

}  // namespace thidua
