// The central sync server: one SQLite database, an HTTP API for nodes.
//
//   GET  /api/v1/hello            protocol and schema version, server time;
//                                 with a token, who the node is
//   POST /api/v1/sync             push pending cells + pull changed ones
//   POST /api/v1/photos/missing   which of these photo hashes the server lacks
//   PUT  /api/v1/photos/<sha256>?offset=N&total=T   one chunk of an upload
//   GET  /api/v1/photos/<sha256>  a photo the node may see
//   GET  /healthz, GET /metrics   (Prometheus text)
//
// Every /api/v1 call but hello needs "Authorization: Bearer <token>".
// Bodies may be gzip or brotli compressed both ways. The wire format is in
// sync/protocol/protocol.h; who may write and read what in sync/server/authz.h.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "common/status.h"
#include "sync/protocol/protocol.h"

namespace thidua {

struct ServerOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8787;  // 0 picks a free port; see Server::port()
  std::string tls_cert, tls_key;  // both or neither
  // Largest request body on the wire, and once decompressed.
  std::size_t max_body_bytes = 16u << 20;
  std::size_t max_decompressed_bytes = 64u << 20;
  // Decompressed bodies all requests together may hold at once; past it a
  // request is refused with 503 (try again) rather than the server swapping.
  std::size_t max_bodies_in_memory = 256u << 20;
  // Each read and each write of a connection must progress within these.
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  // A request line and headers must arrive within this, in full.
  int header_deadline_s = 15;
  // A body must average at least this rate once the grace has passed (a
  // 64 kbit/s link sends 8 KB/s).
  int body_grace_s = 10;
  std::size_t min_body_bytes_per_s = 2048;
  // Connections open at once from one address. Generous: district nodes
  // may share one carrier-NAT address, and a burst of 100 nodes behind one
  // must still be served.
  int max_connections_per_address = 128;
  // Each keep-alive connection holds a worker while open; workers start on
  // demand up to this many and idle ones exit.
  int threads = 1024;
  // Most cells one pull returns when the node does not ask for fewer (four
  // times as many for a new copy's first pull, server_sync.cc).
  int pull_limit = 5000;
  // Called after a sync or a photo upload whose committed writes changed
  // what the public site shows (internal/public_change.h), on the request's
  // thread with no lock held: it must return at once (`server run
  // --site-out` only marks the site stale for its builder thread).
  std::function<void()> on_public_change;
  // How the site built by this server stands, added to every sync answer
  // to a province node; unset when the server builds no site. Must not block.
  std::function<SiteStatus()> site_status;
  std::function<std::int64_t()> clock_ms;  // tests inject a clock
  std::ostream* log = nullptr;             // one line per request, or none
};

class Server {
 public:
  // Opens the database (it must exist: `thidua server init`) and binds the
  // socket, so port() is known before run().
  static Result<std::unique_ptr<Server>> open(ServerOptions options);
  ~Server();

  // Serves until stop(). In-flight requests finish first; then the WAL is
  // checkpointed. Returns the first failure to serve, else ok.
  Status run();
  // Asks run() to return. Safe from any thread (not from a signal handler).
  void stop();
  int port() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A new node token: 32 random bytes as 64 hex characters.
std::string new_token();
// A new node id: 8 random bytes as 16 hex characters.
std::string new_node_id();

}  // namespace thidua
