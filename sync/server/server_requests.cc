// Server::Impl's request plumbing (internal/server_impl.h): the bearer
// token, bodies read within their bounds, the log line.
#include "sync/server/internal/server_impl.h"

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <limits>
#include <sstream>

#include "common/hex.h"
#include "common/parse.h"
#include "store/server_store.h"
#include "sync/protocol/protocol.h"

namespace thidua {
namespace server_internal {

thread_local RequestNote t_note;

std::uint64_t content_length(const httplib::Request& req) {
  const auto n = parse_int64(req.get_header_value("Content-Length"));
  if (!n) return 0;  // absent or malformed: no declared body
  // A negative length can only be hostile; as the largest value it fails
  // every bound instead of passing as a small one.
  return *n < 0 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(*n);
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(encode_error(message), kJson);
}

void refuse_unread(httplib::Response& res, int status, const std::string& message) {
  if (ConnState* conn = current_conn()) conn->must_close = true;
  reply_error(res, status, message);
}

bool has_body(const httplib::Request& req) {
  return content_length(req) > 0 || req.has_header("Transfer-Encoding");
}

}  // namespace server_internal

namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

using server_internal::content_length;
using server_internal::has_body;
using server_internal::kTrimAfterBytes;
using server_internal::refuse_unread;
using server_internal::reply_error;
using server_internal::t_note;

std::optional<Principal> Server::Impl::authenticate(const httplib::Request& req, httplib::Response& res) {
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

std::optional<std::string> Server::Impl::read_body(const httplib::Request& req, httplib::Response& res,
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

std::optional<Principal> Server::Impl::authenticate_locked(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(db_mu);
  return authenticate(req, res);
}

void Server::Impl::log_line(const httplib::Request& req, const httplib::Response& res) {
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

httplib::Server::HandlerWithContentReader Server::Impl::with_body(BodyHandler handler) {
  return [this, handler](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    (this->*handler)(req, res, reader);
    bodies_held.fetch_sub(t_note.body_reserved);
    t_note.body_reserved = 0;
    ConnState* conn = current_conn();
    if (conn && !conn->body_consumed && has_body(req)) conn->must_close = true;
  };
}

}  // namespace thidua
