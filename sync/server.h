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
// sync/protocol.h; who may write and read what in sync/authz.h.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "common/status.h"

namespace thidua {

struct ServerOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8787;  // 0 picks a free port; see Server::port()
  std::string tls_cert, tls_key;  // both or neither
  // Largest request body on the wire, and once decompressed.
  std::size_t max_body_bytes = 16u << 20;
  std::size_t max_decompressed_bytes = 64u << 20;
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  // Each keep-alive connection holds a worker while open: size the pool for
  // the nodes that sync at once.
  int threads = 128;
  // Most cells one pull returns when the node does not ask for fewer.
  int pull_limit = 5000;
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
