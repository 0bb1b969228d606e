// One client connection as httplib reads and writes it, with the bounds of
// ConnLimits (sync/server/http_conn.h) applied on every read and write. The socket
// is non-blocking; every wait is a poll() with a deadline.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "sync/server/internal/http_conn.h"

namespace thidua {

// Completes a TLS handshake on `fd` (non-blocking) by `deadline`; a new SSL
// the caller owns, or nullptr.
SSL* tls_accept(SSL_CTX* ctx, int fd, std::chrono::steady_clock::time_point deadline);

class ConnStream final : public httplib::Stream {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Owns `ssl` (may be null: plain HTTP), not `fd`.
  ConnStream(int fd, SSL* ssl, const ConnLimits& limits);
  ~ConnStream() override;
  ConnStream(const ConnStream&) = delete;
  ConnStream& operator=(const ConnStream&) = delete;

  // A new request: its line and headers must arrive by header_deadline_s.
  void begin_request();
  // The headers are in; what is read next is the body.
  void headers_done();
  // True when a byte can be read before `deadline`.
  bool wait_readable(TimePoint deadline);
  // The socket failed (error or hang-up seen by poll).
  bool broken() const { return broken_; }
  // Before close: TLS close_notify; when a body was left unread, stop
  // sending and discard a bounded amount of it so that the client reads
  // the response instead of a reset.
  void finish();
  ConnState& state() { return state_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  using httplib::Stream::write;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

 private:
  bool wait(short events, TimePoint deadline) const;
  ssize_t raw_read(char* ptr, size_t size, TimePoint deadline);
  ssize_t recv_some(char* ptr, size_t size, TimePoint deadline);
  bool body_too_slow(TimePoint now) const;

  int fd_;
  SSL* ssl_;
  const ConnLimits& limits_;  // the server's, which outlives its connections
  ConnState state_;
  bool in_headers_ = false;
  std::size_t header_bytes_ = 0;
  TimePoint header_deadline_{};
  TimePoint body_start_{};  // the first read of the body (not the handler's wait for a lock)
  bool body_started_ = false;
  // Plain HTTP reads ahead: httplib reads request lines a byte at a time.
  char ahead_[4096];
  std::size_t ahead_pos_ = 0, ahead_len_ = 0;
  mutable bool broken_ = false;
};

}  // namespace thidua
