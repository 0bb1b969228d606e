#include "sync/server/server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/hex.h"
#include "photo/photo.h"
#include "sync/protocol/protocol.h"
#include "sync/server/internal/db_health.h"
#include "sync/server/internal/server_impl.h"

namespace thidua {

using server_internal::kJson;
using server_internal::refuse_unread;
using server_internal::reply_error;
using server_internal::RequestNote;
using server_internal::t_note;

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

ConnLimits Server::Impl::conn_limits() {
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

void Server::Impl::routes() {
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
    std::string text = metrics.render();
    if (opt.site_status) text += metrics.render_site(opt.site_status());
    res.set_content(text, "text/plain; version=0.0.4");
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
  impl_->group_commit = std::make_unique<GroupCommit>(*impl_->store, impl_->db_mu);
  bool ok = impl_->http->listen_after_bind();
  // listen_after_bind returns once stop() is called and the worker pool
  // has finished the requests it held: fold the WAL into the database.
  impl_->group_commit.reset();
  std::lock_guard lock(impl_->db_mu);
  impl_->checkpointer.reset();
  Status cp = impl_->store->checkpoint();
  if (!ok) return Status::io("the server stopped listening unexpectedly");
  return cp;
}

void Server::stop() { impl_->http->stop(); }
int Server::port() const { return impl_->port; }

}  // namespace thidua
