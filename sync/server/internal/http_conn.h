// The server's connection layer: how a socket is read, bounded and closed.
//
// httplib (Debian's compiled 0.11.4) reads whatever a client sends for as
// long as it sends it: a header byte every few seconds holds a worker for
// good, a chunked body has no size limit, and its pool has a fixed number
// of threads. make_http_server() returns an httplib::Server (or SSLServer)
// whose connections are owned here instead:
//   - at most `max_per_address` connections at once from one address;
//   - the request line and headers within `header_deadline_s`, at most
//     kMaxHeaderBytes of them;
//   - each read within `read_timeout_s`, each write within `write_timeout_s`;
//   - a body at `min_body_rate` bytes/s on average once `body_grace_s` passed;
//   - at most `max_wire_bytes` body bytes on the wire, chunked or not;
//   - a worker per connection from a pool that grows on demand up to
//     `max_threads` and lets idle threads go, so a crowd of idle clients
//     does not queue a new one (e.g. /healthz) behind them.
// Internal to sync/: the header names httplib types.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace thidua {

struct ConnLimits {
  int max_per_address = 128;  // district nodes may share one carrier-NAT address
  int header_deadline_s = 15;
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  int body_grace_s = 10;
  std::size_t min_body_rate = 2048;  // a 64 kbit/s link sends 8 KB/s
  std::size_t max_wire_bytes = 16u << 20;
  int keep_alive_max = 1000;
  int keep_alive_idle_s = 5;
  int max_threads = 1024;
  std::string tls_cert, tls_key;  // both: an SSLServer; neither: plain HTTP
  // Called (on a worker) for each connection refused for its address.
  std::function<void()> on_refused;
};

constexpr std::size_t kMaxHeaderBytes = 64u << 10;

// A server whose connections follow `limits` (see above); nullptr when the
// TLS certificate or key cannot be loaded.
std::unique_ptr<httplib::Server> make_http_server(const ConnLimits& limits);

// What the connection serving the calling thread's request knows; only
// valid inside a handler run by a server from make_http_server().
struct ConnState {
  bool wire_limit_hit = false;  // the body passed max_wire_bytes
  bool too_slow = false;        // the body came slower than min_body_rate
  bool must_close = false;      // close after this response (body left unread)
  bool body_consumed = false;   // a handler read the whole body
  bool trim_after = false;      // large: return free memory to the OS afterwards
  std::size_t max_body_wire = SIZE_MAX;  // this route's own wire bound, if lower
  std::size_t body_wire_bytes = 0;  // this request's body bytes on the wire
};
// The calling handler's connection state, or nullptr outside one.
ConnState* current_conn();

}  // namespace thidua
