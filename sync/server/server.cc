#include "sync/server/server.h"

#include <httplib.h>
#include <malloc.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "sync/server/internal/checkpointer.h"
#include "sync/server/internal/db_health.h"
#include "sync/server/internal/http_conn.h"
#include "sync/server/internal/metrics.h"
#include "common/hex.h"
#include "common/parse.h"
#include "common/version.h"
#include "photo/photo.h"
#include "sync/protocol/protocol.h"
#include "sync/server/internal/server_photos.h"
#include "sync/server/internal/server_sync.h"
#include "store/store.h"
#include "store/server_store.h"

namespace thidua {
namespace {

constexpr const char* kJson = "application/json";
// After a request or response this large, free memory goes back to the OS.
constexpr std::size_t kTrimAfterBytes = 1u << 20;
constexpr auto kHealthWait = std::chrono::milliseconds(300);

// What one request did, filled by its handler, read by the logger on the
// same thread once the response is written.
struct RequestNote {
  std::chrono::steady_clock::time_point start;
  std::string node = "-";
  std::string detail;
  std::size_t body_bytes = 0;     // decompressed body held for this request
  std::size_t body_reserved = 0;  // its share of Impl::bodies_held
};
thread_local RequestNote t_note;

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The request's declared body length on the wire (0 when absent or bad).
std::uint64_t content_length(const httplib::Request& req) {
  const std::string v = req.get_header_value("Content-Length");
  try {
    return v.empty() ? 0 : std::stoull(v);
  } catch (const std::exception&) {
    return 0;
  }
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(encode_error(message), kJson);
}

// Refuses a request whose body is left unread: the connection closes after
// the response, so the bytes never reach httplib's parser.
void refuse_unread(httplib::Response& res, int status, const std::string& message) {
  if (ConnState* conn = current_conn()) conn->must_close = true;
  reply_error(res, status, message);
}

bool has_body(const httplib::Request& req) {
  return content_length(req) > 0 || req.has_header("Transfer-Encoding");
}

}  // namespace

std::string new_token() { return random_hex(32); }
std::string new_node_id() { return random_hex(8); }

constexpr int kListenBacklog = 1024;

namespace {

bool expects_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

// Whether a content-reader route takes this request (the routes below).
bool reads_body(const std::string& method, const std::string& path) {
  if (method == "POST") return path == "/api/v1/sync" || path == "/api/v1/photos/missing";
  return method == "PUT" && route_label(path) == "/api/v1/photos/:hash";
}

}  // namespace

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
  Metrics metrics;
  int port = 0;
  int listen_fd = -1;  // the listening socket, set while binding
  std::int64_t last_upload_purge_ms = 0;  // see purge_uploads_if_due

  std::int64_t now_ms() const { return opt.clock_ms ? opt.clock_ms() : wall_clock_ms(); }

  // The node behind the request's bearer token, or a 401 already written.
  std::optional<Principal> authenticate(const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (auth.compare(0, prefix.size(), prefix) != 0 || auth.size() == prefix.size()) {
      reply_error(res, 401, "thiếu mã truy cập (Authorization: Bearer <token>)");
      return std::nullopt;
    }
    auto node = ServerStore(*store).server_node_by_token(sha256_hex(auth.substr(prefix.size())));
    if (!node) {
      reply_error(res, 500, node.status().message());
      return std::nullopt;
    }
    if (!*node || (*node)->revoked_at) {
      reply_error(res, 401, "mã truy cập không hợp lệ hoặc đã bị thu hồi; xin mã mới từ người quản trị");
      return std::nullopt;
    }
    t_note.node = (*node)->id;
    return Principal{(*node)->id, (*node)->unit_id, (*node)->role};
  }

  // The body of a request already authenticated, read through `reader` (which
  // decompresses), at most `max_wire` bytes on the wire and `max_plain` once
  // decompressed, and within what all requests together may hold
  // (opt.max_bodies_in_memory, released by with_body()); otherwise the
  // refusal is written to `res` and nullopt returned.
  std::optional<std::string> read_body(const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& reader, std::size_t max_wire,
                                       std::size_t max_plain) {
    if (content_length(req) > max_wire) {
      refuse_unread(res, 413, "yêu cầu quá lớn; hãy gửi lô nhỏ hơn");
      return std::nullopt;
    }
    ConnState* conn = current_conn();
    if (conn) conn->max_body_wire = max_wire;
    std::string body;
    bool too_big = false, busy = false;
    bool read = reader([&](const char* data, std::size_t n) {
      if (body.size() + n > max_plain) {
        too_big = true;
        return false;  // stops the decompressor at once
      }
      if (bodies_held.fetch_add(n) + n > opt.max_bodies_in_memory) {
        bodies_held.fetch_sub(n);
        busy = true;
        return false;
      }
      t_note.body_reserved += n;
      body.append(data, n);
      return true;
    });
    t_note.body_bytes = std::max(t_note.body_bytes, body.size());
    if (conn && (too_big || busy || body.size() > kTrimAfterBytes)) conn->trim_after = true;
    if (read && !too_big) {
      if (conn) conn->body_consumed = true;
      return body;
    }
    if (busy) {
      refuse_unread(res, 503, "máy chủ đang nhận quá nhiều dữ liệu cùng lúc; hãy thử lại sau ít phút");
    } else if (too_big) {
      refuse_unread(res, 413, "yêu cầu quá lớn sau khi giải nén; hãy gửi lô nhỏ hơn");
    } else if (conn && conn->wire_limit_hit) {
      refuse_unread(res, 413, "yêu cầu quá lớn; hãy gửi lô nhỏ hơn");
    } else if (conn && conn->too_slow) {
      refuse_unread(res, 408, "nội dung yêu cầu đến quá chậm; hãy thử lại khi đường truyền tốt hơn");
    } else {
      refuse_unread(res, 400, "không đọc được nội dung yêu cầu (nén hỏng?)");
    }
    return std::nullopt;
  }

  // authenticate() under the database lock, released before the body is read.
  std::optional<Principal> authenticate_locked(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(db_mu);
    return authenticate(req, res);
  }

  void hello(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(db_mu);
    HelloResponse h;
    h.schema = latest_schema_version();
    h.server_time_ms = now_ms();
    h.server_version = std::string("thidua/") + kVersion;
    if (req.has_header("Authorization")) {
      auto who = authenticate(req, res);
      if (!who) return;
      h.node_id = who->node_id;
      h.unit_id = who->unit_id;
      h.role = who->role;
    }
    res.set_content(encode_hello(h), kJson);
  }

  void sync(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    auto started = std::chrono::steady_clock::now();
    std::optional<Principal> who = authenticate_locked(req, res);
    if (!who) return;
    auto body = read_body(req, res, reader, opt.max_body_bytes, opt.max_decompressed_bytes);
    if (!body) return;
    // Decoded outside the lock: other nodes' syncs go on meanwhile.
    auto request = decode_sync_request(*body);
    body.reset();  // the decoded request is all that is needed from here
    if (!request) return reply_error(res, 400, "yêu cầu không hợp lệ: " + request.status().message());
    std::lock_guard lock(db_mu);
    if (request->protocol != kProtocolVersion) {
      return reply_error(res, 409, "máy chủ dùng giao thức phiên bản " + std::to_string(kProtocolVersion) +
                                       ", nút dùng " + std::to_string(request->protocol) +
                                       "; hãy nâng cấp thidua cho khớp");
    }
    if (request->schema != latest_schema_version()) {
      return reply_error(res, 409, "máy chủ dùng lược đồ dữ liệu phiên bản " +
                                       std::to_string(latest_schema_version()) + ", nút dùng " +
                                       std::to_string(request->schema) + "; hãy nâng cấp thidua cho khớp");
    }
    auto head = store->feed_head();
    if (!head) return reply_error(res, 500, head.status().message());
    if (request->cursor > *head) {
      return reply_error(res, 410, "vị trí đồng bộ của nút vượt quá máy chủ (máy chủ đã được khôi phục?); "
                                   "hãy khởi tạo lại nút bằng thidua node init");
    }
    SyncStats stats;
    std::size_t pushed = request->cells.size();
    auto response = serve_sync(*store, *who, std::move(*request), opt.pull_limit, now_ms(), &stats);
    if (!response) {  // kConflict: a copied node database (issue 9 row 13)
      const bool copied = response.status().code() == Status::Code::kConflict;
      return reply_error(res, copied ? 409 : 500, response.status().message());
    }
    res.set_content(encode_sync_response(*response), kJson);
    metrics.add_cells(stats.accepted, stats.rejected, stats.pulled);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    metrics.observe_sync_ms(ms);
    t_note.detail = "push=" + std::to_string(pushed) + " rejected=" + std::to_string(stats.rejected) +
                    " pull=" + std::to_string(stats.pulled) + " conflicts=" + std::to_string(stats.conflicts);
  }

  // Photo routes: HTTP in and out here, the logic in server_photos.cc.
  static void reply_photo(httplib::Response& res, PhotoReply reply) {
    res.status = reply.status;
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(std::move(reply.body), reply.content_type);
    if (!reply.log.empty()) t_note.detail = reply.log;
  }

  void photos_missing(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    auto who = authenticate_locked(req, res);
    if (!who) return;
    auto body = read_body(req, res, reader, opt.max_body_bytes, opt.max_decompressed_bytes);
    if (!body) return;
    auto hashes = decode_hash_list(*body);
    if (!hashes) return reply_error(res, 400, "yêu cầu không hợp lệ: " + hashes.status().message());
    std::lock_guard lock(db_mu);
    reply_photo(res, thidua::photos_missing(*store, *who, *hashes));
  }

  void photo_put(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    auto who = authenticate_locked(req, res);
    if (!who) return;
    const std::string hash = req.matches[1];
    const std::optional<std::int64_t> offset_param = parse_int64(req.get_param_value("offset"));
    const std::optional<std::int64_t> total_param = parse_int64(req.get_param_value("total"));
    if (!offset_param || !total_param) return refuse_unread(res, 400, "thiếu hoặc sai tham số offset/total");
    const std::int64_t offset = *offset_param, total = *total_param;
    if (total <= 0 || total > static_cast<std::int64_t>(kMaxPhotoBytes)) {
      return refuse_unread(res, 413, "ảnh phải từ 1 byte đến " + std::to_string(kMaxPhotoBytes) + " byte");
    }
    auto chunk = read_body(req, res, reader, kMaxPhotoBytes + kMaxHeaderBytes, kMaxPhotoBytes);
    if (!chunk) return;
    std::lock_guard lock(db_mu);
    if (Status purged = purge_uploads_if_due(*store, now_ms(), last_upload_purge_ms); !purged.is_ok()) {
      return reply_error(res, 500, purged.message());
    }
    reply_photo(res, thidua::photo_put(*store, *who, hash, offset, total, *chunk));
  }

  void photo_get(const httplib::Request& req, httplib::Response& res) {
    const std::string hash = req.matches[1];
    std::lock_guard lock(db_mu);
    auto who = authenticate(req, res);
    if (!who) return;
    reply_photo(res, thidua::photo_get(*store, *who, hash));
  }

  void log_line(const httplib::Request& req, const httplib::Response& res) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_note.start).count();
    const std::string route = route_label(req.path);
    metrics.count_request(route, res.status);
    ConnState* conn = current_conn();
    std::int64_t in = static_cast<std::int64_t>(conn ? conn->body_wire_bytes : content_length(req));
    std::int64_t out = static_cast<std::int64_t>(res.body.size());
    if (conn && (t_note.body_bytes > kTrimAfterBytes || res.body.size() > kTrimAfterBytes)) conn->trim_after = true;
    metrics.add_bytes(in, out);
    if (res.status == 200 && req.method != "GET" && checkpointer) checkpointer->note_write();
    if (opt.log) {
      std::ostringstream line;
      line << utc_now() << " " << req.method << " " << route << " " << res.status << " node=" << t_note.node
           << " in=" << in << " out=" << out << " " << std::fixed << std::setprecision(1) << ms << "ms";
      if (!t_note.detail.empty()) line << " " << t_note.detail;
      line << "\n";
      static std::mutex log_mu;
      std::lock_guard lock(log_mu);
      *opt.log << line.str() << std::flush;
    }
  }

  using BodyHandler = void (Impl::*)(const httplib::Request&, httplib::Response&, const httplib::ContentReader&);
  // A content-reader route; a body its handler left unread closes the
  // connection after the response.
  httplib::Server::HandlerWithContentReader with_body(BodyHandler handler) {
    return [this, handler](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
      (this->*handler)(req, res, reader);
      bodies_held.fetch_sub(t_note.body_reserved);
      t_note.body_reserved = 0;
      ConnState* conn = current_conn();
      if (conn && !conn->body_consumed && has_body(req)) conn->must_close = true;
    };
  }

  // 503 with the reason when the database cannot be written or read; does
  // not wait behind a long sync for more than kHealthWait.
  void healthz(httplib::Response& res) {
    if (Status w = database_writable(opt.db_path); !w.is_ok()) return reply_error(res, 503, w.message());
    std::unique_lock lock(db_mu, std::defer_lock);
    const auto until = std::chrono::steady_clock::now() + kHealthWait;
    while (!lock.try_lock() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (lock.owns_lock()) {
      auto head = store->feed_head();
      if (!head) return reply_error(res, 503, head.status().message());
    }
    res.set_content("ok\n", "text/plain");
  }

  // The connection layer's bounds from the options.
  ConnLimits conn_limits() {
      const ServerOptions& o = opt;
    ConnLimits l;
    l.max_per_address = o.max_connections_per_address;
    l.header_deadline_s = o.header_deadline_s;
    l.read_timeout_s = o.read_timeout_s;
    l.write_timeout_s = o.write_timeout_s;
    l.body_grace_s = o.body_grace_s;
    l.min_body_rate = o.min_body_bytes_per_s;
    // A chunked body's framing and a photo chunk's slack on top of the limit.
    l.max_wire_bytes = std::max(o.max_body_bytes, kMaxPhotoBytes) + kMaxHeaderBytes;
    l.max_threads = o.threads;
    l.tls_cert = o.tls_cert;
    l.tls_key = o.tls_key;
    l.on_refused = [this] { metrics.count_refused_connection(); };
    return l;
  }

  void routes() {
    using httplib::Request;
    using httplib::Response;
    http->set_pre_routing_handler([](const Request& req, Response& res) {
      t_note = RequestNote{std::chrono::steady_clock::now(), "-", "", 0, 0};
      // httplib would read (and decompress) the body of a request no
      // content-reader route takes into memory before any handler runs.
      if (expects_body(req.method) && !reads_body(req.method, req.path)) {
        refuse_unread(res, 404, "không có đường dẫn này");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http->set_logger([this](const Request& req, const Response& res) { log_line(req, res); });
    http->Get("/healthz", [this](const Request&, Response& res) { healthz(res); });
    http->Get("/metrics", [this](const Request&, Response& res) {
      res.set_content(metrics.render(), "text/plain; version=0.0.4");
    });
    http->Get("/api/v1/hello", [this](const Request& req, Response& res) { hello(req, res); });
    // Every route with a body reads it itself, after the token is checked.
    http->Post("/api/v1/sync", with_body(&Impl::sync));
    http->Post("/api/v1/photos/missing", with_body(&Impl::photos_missing));
    http->Put(R"(/api/v1/photos/([0-9a-f]{64}))", with_body(&Impl::photo_put));
    http->Get(R"(/api/v1/photos/([0-9a-f]{64}))", [this](const Request& req, Response& res) { photo_get(req, res); });
    http->set_error_handler([](const Request&, Response& res) {
      if (res.body.empty()) {
        std::string msg = res.status == 404 ? "không có đường dẫn này" : "lỗi " + std::to_string(res.status);
        res.set_content(encode_error(msg), kJson);
      }
    });
    http->set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
      reply_error(res, 500, "lỗi nội bộ máy chủ");
    });
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  if (impl_ && impl_->http) impl_->http->stop();
}

Result<std::unique_ptr<Server>> Server::open(ServerOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->opt = std::move(options);
  // Checked before opening: SQLite would open a read-only file read-only
  // and the server would fail on its first write instead.
  if (struct stat st; ::stat(impl->opt.db_path.c_str(), &st) == 0) {
    if (Status w = database_writable(impl->opt.db_path); !w.is_ok()) return w;
  }
  OpenOptions open;
  open.create = false;
  open.clock_ms = impl->opt.clock_ms;
  open.auto_checkpoint = false;  // see Checkpointer
  auto store = Store::open(impl->opt.db_path, open);
  if (!store) return store.status();
  impl->store = std::move(*store);
  // Stale uploads go at start, then from time to time (server_photos.h).
  THIDUA_RETURN_IF_ERROR(purge_uploads_if_due(*impl->store, impl->now_ms(), impl->last_upload_purge_ms));
  if (impl->opt.tls_cert.empty() != impl->opt.tls_key.empty()) {
    return Status::invalid("--tls-cert and --tls-key go together");
  }
  impl->http = make_http_server(impl->conn_limits());
  if (!impl->http) return Status::invalid("cannot load the TLS certificate or key");
  auto& http = *impl->http;
  http.set_payload_max_length(impl->opt.max_body_bytes);
  http.set_read_timeout(impl->opt.read_timeout_s, 0);
  http.set_write_timeout(impl->opt.write_timeout_s, 0);
  // The listening socket: SO_REUSEADDR (a restarted server binds at once)
  // but not httplib's default SO_REUSEPORT, with which a second server on
  // the same port would start and silently take half the connections.
  Impl* raw = impl.get();
  http.set_socket_options([raw](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    raw->listen_fd = sock;
  });
  impl->routes();
  if (impl->opt.port == 0) {
    impl->port = http.bind_to_any_port(impl->opt.host.c_str());
    if (impl->port <= 0) return Status::io("cannot listen on " + impl->opt.host);
  } else {
    if (!http.bind_to_port(impl->opt.host.c_str(), impl->opt.port)) {
      return Status::io("cannot listen on " + impl->opt.host + ":" + std::to_string(impl->opt.port) +
                        " (in use?)");
    }
    impl->port = impl->opt.port;
  }
  // httplib listens with a backlog of 5: when many nodes connect at once
  // the kernel drops handshakes and clients time out reading. Listening
  // again on the bound socket only raises the backlog (capped by
  // net.core.somaxconn).
  if (impl->listen_fd >= 0 && ::listen(impl->listen_fd, kListenBacklog) != 0) {
    return Status::io("cannot listen on " + impl->opt.host + " with a backlog of " + std::to_string(kListenBacklog));
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::run() {
  auto checkpointer = Checkpointer::start(impl_->opt.db_path, std::chrono::milliseconds(500));
  if (!checkpointer) return checkpointer.status();
  impl_->checkpointer = std::move(*checkpointer);
  bool ok = impl_->http->listen_after_bind();
  // listen_after_bind returns once stop() is called and the worker pool
  // has finished the requests it held: fold the WAL into the database.
  std::lock_guard lock(impl_->db_mu);
  impl_->checkpointer.reset();
  Status cp = impl_->store->checkpoint();
  if (!ok) return Status::io("the server stopped listening unexpectedly");
  return cp;
}

void Server::stop() { impl_->http->stop(); }
int Server::port() const { return impl_->port; }

}  // namespace thidua
