// App: opening the node's copy, and the checks every request passes before
// a handler sees it (Host, body size, method, CSRF), then the routes.
#include <exception>
#include <optional>

#include "photo/document.h"
#include "records/node.h"
#include "webapp/internal/app_impl.h"
#include "webapp/internal/http.h"
#include "webapp/internal/pages_conflicts.h"
#include "webapp/internal/pages_docs.h"
#include "webapp/internal/pages_review.h"
#include "webapp/internal/pages_noms.h"
#include "webapp/internal/pages_report.h"
#include "webapp/internal/pages_council.h"
#include "webapp/internal/pages_commendation.h"
#include "webapp/internal/pages_stories.h"

namespace thidua::webapp {
namespace {

// No inline script or style anywhere: the CSP forbids them, so an injected
// <script> would not run even if escaping ever failed.
constexpr const char* kCsp =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'";

void add_security_headers(Response& r) {
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
}

bool listens_on_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string header_of(const Request& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

Response method_not_allowed(App::Impl& app, const std::string& allow) {
  Response r =
      app.error(405, "Không dùng được cách gửi này",
                "Trang này không nhận yêu cầu kiểu đó. Hãy mở lại trang từ thanh điều hướng.");
  r.headers.emplace_back("Allow", allow);
  return r;
}

Response static_file(App::Impl& app, const std::string& name) {
  const std::string* body = app.templates.static_file(name);
  if (!body) return app.error(404, "Không tìm thấy trang", "Không có tệp này.");
  Response r;
  r.body = *body;
  const bool css = name.size() > 4 && name.substr(name.size() - 4) == ".css";
  r.headers.emplace_back("Content-Type",
                         css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// The routes, each with the methods it takes.
Response route(App::Impl& app, Ctx& ctx) {
  const std::string& path = ctx.req.path;
  const bool get = ctx.req.method == "GET" || ctx.req.method == "HEAD";
  const bool post = ctx.req.method == "POST";
  if (path.rfind("/static/", 0) == 0) {
    return get ? static_file(app, path.substr(8)) : method_not_allowed(app, "GET");
  }
  if (path == "/dang-nhap") {
    if (get) return login_page(app, ctx);
    return post ? login_submit(app, ctx) : method_not_allowed(app, "GET, POST");
  }
  if (path == "/dang-xuat") return post ? logout(app, ctx) : method_not_allowed(app, "POST");
  // With a password, a browser not logged in sees the login page only
  // (and the stylesheet and script it uses).
  if (ctx.password_set && !ctx.logged_in) return App::Impl::redirect("/dang-nhap");
  if (path == "/") return get ? home_page(app, ctx) : method_not_allowed(app, "GET");
  if (path == "/dong-bo") return post ? sync_now(app, ctx) : method_not_allowed(app, "POST");
  if (path == "/xem-truoc") return post ? note_preview(app, ctx) : method_not_allowed(app, "POST");
  if (path == "/cong-viec") return get ? tasks_page(app, ctx) : method_not_allowed(app, "GET");
  if (path.rfind("/cong-viec/", 0) == 0) {
    auto id = percent_decode(path.substr(11), false);
    if (!id || id->empty() || id->find('/') != std::string::npos) {
      return app.error(404, "Không tìm thấy trang", "Địa chỉ này không dẫn tới nhiệm vụ nào.");
    }
    if (get) return task_form(app, ctx, *id);
    if (post) return task_submit(app, ctx, *id);
    return method_not_allowed(app, "GET, POST");
  }
  // Photos and the province's Chờ duyệt (webapp/internal/pages_review.h).
  if (path.rfind("/anh/", 0) == 0) {
    return get ? photo_file(app, path.substr(5)) : method_not_allowed(app, "GET");
  }
  if (path == "/cho-duyet") return get ? review_queue_page(app, ctx) : method_not_allowed(app, "GET");
  if (is_path_route(path)) return route_path(app, ctx);  // after approval (pages_commendation.cc)
  if (path.rfind("/cho-duyet/", 0) == 0) return review_route(app, ctx, path.substr(11));
  // Xung đột and the province's Tiến độ (webapp/internal/pages_conflicts.h).
  if (path == "/xung-dot") return get ? conflicts_page(app, ctx) : method_not_allowed(app, "GET");
  if (path.rfind("/xung-dot/", 0) == 0) {
    return post ? conflict_settle(app, ctx, path.substr(10)) : method_not_allowed(app, "POST");
  }
  if (path == "/tien-do") return get ? progress_page(app, ctx) : method_not_allowed(app, "GET");
  if (path.rfind("/tien-do/", 0) == 0) {
    if (post) return progress_publish_note(app, ctx, path.substr(9));
    return get ? progress_history(app, ctx, path.substr(9)) : method_not_allowed(app, "GET, POST");
  }
  // The province's Báo cáo (issue 13 §4, pages_report.cc).
  if (is_report_route(path)) return route_report(app, ctx);
  if (is_council_route(path)) return route_council(app, ctx);
  // Dossier documents (issue 13 §3, pages_docs.cc), before the nominations' routes.
  if (path.rfind("/ho-so/", 0) == 0) {
    return get ? document_download(app, path.substr(7)) : method_not_allowed(app, "GET");
  }
  if (is_documents_route(path)) return route_documents(app, ctx);
  if (path == "/de-nghi" || path.rfind("/de-nghi/", 0) == 0) return route_noms(app, ctx);
  // Bài điển hình (pages_stories.cc) and the site's stylesheet its preview links.
  if (path == "/bai-viet") return get ? stories_page(app, ctx) : method_not_allowed(app, "GET");
  if (path.rfind("/bai-viet/", 0) == 0) return story_route(app, ctx, path.substr(10));
  if (path.rfind("/giao-dien/", 0) == 0) {
    return get ? site_asset(app, ctx, path.substr(11)) : method_not_allowed(app, "GET");
  }
  return app.error(404, "Không tìm thấy trang",
                   "Địa chỉ này không có trong ứng dụng. Hãy chọn một mục trên thanh điều hướng.");
}

// Pages that take a multipart upload: a story's photos, a dossier's
// document (pages_docs.cc), each bounded by kMaxUploadBytes.
bool takes_uploads(const std::string& path) { return takes_photos(path) || takes_documents(path); }

bool is_multipart(const Request& req) {
  return header_of(req, "content-type").rfind("multipart/form-data", 0) == 0;
}

// The 413 page, worded for what `path` takes: a dossier's document, a
// story's photos (`upload`, multipart on a page that takes files) or a form.
Response too_large(App::Impl& app, const std::string& path, bool upload) {
  if (upload && takes_documents(path)) {
    return app.error(413, "Tài liệu gửi lên quá lớn",
                     "Mỗi lần gửi một tài liệu (PDF, JPEG hoặc PNG), tối đa " +
                         std::to_string(kMaxDocumentBytes >> 20) +
                         " MB. Không có gì được lưu. Hãy chọn tệp nhỏ hơn (ví dụ quét lại với độ "
                         "phân giải thấp hơn) rồi gửi lại.");
  }
  if (upload) {
    return app.error(413, "Ảnh gửi lên quá lớn",
                     "Mỗi lần gửi được tối đa " + std::to_string(kMaxUploadPhotos) + " ảnh, mỗi ảnh tối đa " +
                         std::to_string(kMaxPhotoBytes >> 20) +
                         " MB. Không có gì được lưu. Hãy chọn ít ảnh hơn hoặc thu nhỏ ảnh rồi gửi lại.");
  }
  return app.error(413, "Nội dung gửi lên quá lớn",
                   "Biểu mẫu gửi lên lớn hơn " + std::to_string(kMaxBodyBytes >> 10) +
                       " KB. Hãy rút gọn ghi chú.");
}

// A body larger than its kind allows: photos only where a page takes them.
std::optional<Response> refuse_size(App::Impl& app, const Request& req) {
  if (is_multipart(req) && takes_uploads(req.path)) {
    std::size_t bytes = req.body.size();
    for (const auto& part : req.files) bytes += part.name.size() + part.filename.size() + part.content.size();
    if (bytes <= kMaxUploadBytes) return std::nullopt;
    return too_large(app, req.path, true);
  }
  if (req.body.size() <= kMaxBodyBytes) return std::nullopt;
  return too_large(app, req.path, false);
}

// A POST's fields into ctx.form: urlencoded anywhere, multipart (text
// parts; the files stay in ctx.req.files) only where photos are taken.
std::optional<Response> read_form(App::Impl& app, const Request& req, Ctx& ctx) {
  Result<std::map<std::string, std::string>> form = std::map<std::string, std::string>{};
  if (is_multipart(req)) {
    if (!takes_uploads(req.path)) {
      return app.error(400, "Trang này không nhận tệp",
                       "Chỉ trang viết bài điển hình nhận ảnh gửi lên. Không có gì được lưu.");
    }
    form = text_fields_of(req.files);
  } else if (header_of(req, "content-type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    form = parse_fields(req.body);
  } else {
    return app.error(400, "Biểu mẫu không đọc được", "Nội dung gửi lên không phải một biểu mẫu của ứng dụng.");
  }
  if (!form) return app.error(400, "Biểu mẫu không đọc được", form.status().message());
  ctx.form = std::move(*form);
  return std::nullopt;
}

// Host, size, form and CSRF: refusals that come before any handler.
Response checked(App::Impl& app, const Request& req) {
  const std::string host = header_of(req, "host");
  if (host.empty())
    return app.error(400, "Yêu cầu thiếu thông tin", "Trình duyệt không gửi tên máy (Host).");
  if (!host_allowed(host, app.options.listen_host)) {
    return app.error(
        421, "Địa chỉ không đúng",
        "Ứng dụng chỉ trả lời khi được mở bằng địa chỉ của chính nó (ví dụ http://127.0.0.1). "
        "Hãy mở lại bằng địa chỉ mà lệnh thidua node ui đã in ra.");
  }
  if (auto refused = refuse_size(app, req)) return std::move(*refused);
  auto query = parse_fields(req.query);
  if (!query) return app.error(400, "Địa chỉ không đọc được", query.status().message());
  Ctx ctx(req);
  ctx.query = std::move(*query);
  auto password = current_password(app);
  if (!password)
    return app.error(500, "Không đọc được dữ liệu của máy", password.status().message());
  ctx.password_set = password->has_value();
  ctx.password_hash = password->value_or("");
  if (!ctx.password_set && !listens_on_loopback(app.options.listen_host)) {
    // The password was cleared while the app listened beyond this PC.
    return app.error(403, "Ứng dụng chưa có mật khẩu",
                     "Máy khác trong mạng chỉ dùng được ứng dụng khi đã đặt mật khẩu (thidua node "
                     "ui-password).");
  }
  attach_session(app, ctx);
  if (req.method == "POST") {
    if (auto refused = read_form(app, req, ctx)) return std::move(*refused);
    auto token = ctx.form.find("csrf");
    if (token == ctx.form.end() || !csrf_ok(ctx.session_token, token->second)) {
      return app.error(403, "Biểu mẫu đã hết hạn hoặc không phải của ứng dụng",
                       "Không có gì được lưu. Hãy mở lại trang, điền lại và gửi lại.");
    }
  }
  Response r = route(app, ctx);
  if (!ctx.set_cookie.empty() && r.header("Set-Cookie").empty())
    r.headers.emplace_back("Set-Cookie", ctx.set_cookie);
  return r;
}

}  // namespace

std::string Response::header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return "";
}

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

App::~App() { stop_background(); }

void App::stop_background() {
  if (impl_->sync) impl_->sync->stop();
}

Result<std::unique_ptr<App>> App::open(const AppOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto templates = Templates::load();
  if (!templates) return templates.status();
  impl->templates = std::move(*templates);
  OpenOptions o;
  o.create = false;
  auto store = Store::open(options.db_path, o);
  if (!store) return store.status();
  impl->store = std::move(*store);
  auto node = node_identity(*impl->store);
  if (!node) return node.status();
  impl->node = *node;
  auto unit = impl->store->get("units", node->unit_id);
  if (!unit) return unit.status();
  impl->unit_name = *unit ? as_text(**unit, "name") : node->unit_id;
  if (impl->unit_name.empty()) impl->unit_name = node->unit_id;
  impl->sync =
      std::make_unique<SyncRunner>(options.db_path, options.sync_every_s,
                                   options.sync_connect_timeout_s, options.sync_max_attempts);
  impl->sync->start();
  return std::unique_ptr<App>(new App(std::move(impl)));
}

std::optional<Response> App::refuse_before_body(const Request& head) {
  Impl& app = *impl_;
  const std::string length = header_of(head, "content-length");
  const bool chunked = header_of(head, "transfer-encoding").find("chunked") != std::string::npos;
  if (length.empty() && !chunked) return std::nullopt;
  std::uint64_t declared = 0;
  const bool known = !length.empty() && length.size() <= 19 &&
                     length.find_first_not_of("0123456789") == std::string::npos;
  if (known) declared = std::stoull(length);
  // A body this small is read and refused (if it must be) by handle():
  // the browser then gets the page, not a connection closed under its feet.
  constexpr std::uint64_t kReadAnyway = 1u << 20;
  if (known && declared <= kReadAnyway) return std::nullopt;
  bool may_upload = head.method == "POST" && is_multipart(head) && takes_uploads(head.path);
  if (may_upload) {
    // Before login (with a password set) nothing large is taken: photos
    // come only from a browser that may use the app.
    auto password = current_password(app);
    if (!password) {
      may_upload = false;
    } else if (password->has_value()) {
      auto cookie = head.headers.find("cookie");
      const std::string token =
          cookie == head.headers.end() ? "" : session_token_from_cookies(cookie->second);
      auto session = token.empty() ? std::nullopt : app.sessions.check(token);
      may_upload = session && session->logged_in;
    }
  }
  if (may_upload && (!known || declared <= kMaxUploadBytes)) return std::nullopt;
  Response r = too_large(app, head.path, head.method == "POST" && is_multipart(head) && takes_uploads(head.path));
  add_security_headers(r);
  return r;
}

Response App::handle(const Request& request) {
  Response r;
  try {
    r = checked(*impl_, request);
  } catch (const std::exception& e) {
    // A handler's bug must not take the clerk's app down with it.
    r = impl_->error(500, "Ứng dụng gặp lỗi",
                     std::string("Không có gì được lưu. Chi tiết: ") + e.what());
  }
  add_security_headers(r);
  if (request.method == "HEAD") r.body.clear();
  return r;
}

}  // namespace thidua::webapp
