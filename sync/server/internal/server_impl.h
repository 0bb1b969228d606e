// Internal to sync/server: the server's state (Server::Impl) shared by
// server.cc (opening, routes, run) and the route handlers in
// server_requests.cc (authentication, bodies, the log line), routes_sync.cc,
// routes_photos.cc and routes_admin.cc; and what one request notes for its
// log line.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "sync/server/internal/authz.h"
#include "sync/server/internal/checkpointer.h"
#include "sync/server/internal/group_commit.h"
#include "sync/server/internal/http_conn.h"
#include "sync/server/internal/last_seen.h"
#include "sync/server/internal/metrics.h"
#include "sync/server/internal/server_photos.h"
#include "sync/server/server.h"
#include "store/store.h"

namespace thidua {
namespace server_internal {

inline constexpr const char* kJson = "application/json";
// After a request or response this large, free memory goes back to the OS.
inline constexpr std::size_t kTrimAfterBytes = 1u << 20;
inline constexpr auto kHealthWait = std::chrono::milliseconds(300);

// What one request did, filled by its handler, read by the logger on the
// same thread once the response is written.
struct RequestNote {
  std::chrono::steady_clock::time_point start;
  std::string node = "-";
  std::string detail;
  std::size_t body_bytes = 0;     // decompressed body held for this request
  std::size_t body_reserved = 0;  // its share of Impl::bodies_held
};
// This thread's request (httplib runs each request on one worker thread).
extern thread_local RequestNote t_note;

// The request's declared body length on the wire (0 when absent or bad).
std::uint64_t content_length(const httplib::Request& req);

// `status` with the JSON error body the client decodes.
void reply_error(httplib::Response& res, int status, const std::string& message);

// Refuses a request whose body is left unread: the connection closes after
// the response, so the bytes never reach httplib's parser.
void refuse_unread(httplib::Response& res, int status, const std::string& message);

bool has_body(const httplib::Request& req);

}  // namespace server_internal

struct Server::Impl {
  ServerOptions opt;
  std::unique_ptr<httplib::Server> http;
  std::unique_ptr<Store> store;
  // One connection; SQLite serializes writers anyway. A plain mutex: GCC 12's
  // ThreadSanitizer does not follow std::timed_mutex's timed lock
  // (pthread_mutex_clocklock) and reports its unlock as an error.
  std::mutex db_mu;
  std::atomic<std::size_t> bodies_held{0};  // decompressed bodies in memory, all requests
  std::unique_ptr<Checkpointer> checkpointer;  // while run() serves
  std::unique_ptr<GroupCommit> group_commit;   // while run() serves: syncs without cells
  Metrics metrics;
  int port = 0;
  int listen_fd = -1;  // the listening socket, set while binding
  std::int64_t last_upload_purge_ms = 0;  // see purge_uploads_if_due
  // Which syncs write the node's last seen (under db_mu).
  LastSeen last_seen{std::chrono::seconds(30)};

  std::int64_t now_ms() const { return opt.clock_ms ? opt.clock_ms() : wall_clock_ms(); }

  // The node behind the request's bearer token, or a 401 already written.
  std::optional<Principal> authenticate(const httplib::Request& req, httplib::Response& res);

  // The body of a request already authenticated, read through `reader` (which
  // decompresses), at most `max_wire` bytes on the wire and `max_plain` once
  // decompressed, and within what all requests together may hold
  // (opt.max_bodies_in_memory, released by with_body()); otherwise the
  // refusal is written to `res` and nullopt returned.
  std::optional<std::string> read_body(const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& reader, std::size_t max_wire,
                                       std::size_t max_plain);

  // authenticate() under the database lock, released before the body is read.
  std::optional<Principal> authenticate_locked(const httplib::Request& req, httplib::Response& res);

  // Counts the request in the metrics and writes its line to opt.log.
  void log_line(const httplib::Request& req, const httplib::Response& res);

  using BodyHandler = void (Impl::*)(const httplib::Request&, httplib::Response&, const httplib::ContentReader&);
  // A content-reader route; a body its handler left unread closes the
  // connection after the response.
  httplib::Server::HandlerWithContentReader with_body(BodyHandler handler);

  // GET /api/v1/hello and POST /api/v1/sync (routes_sync.cc).
  void hello(const httplib::Request& req, httplib::Response& res);
  void sync(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);

  // Photo routes: HTTP in and out in routes_photos.cc, the logic in
  // server_photos.cc.
  static void reply_photo(httplib::Response& res, PhotoReply reply);
  void photos_missing(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
  void photo_put(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader);
  void photo_get(const httplib::Request& req, httplib::Response& res);

  // 503 with the reason when the database cannot be written or read; does
  // not wait behind a long sync for more than kHealthWait (routes_admin.cc).
  void healthz(httplib::Response& res);

  // The connection layer's bounds from the options.
  ConnLimits conn_limits();
  // Registers every route and the pre-routing, log, error and exception
  // handlers on `http`.
  void routes();
};

}  // namespace thidua
