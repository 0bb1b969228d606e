#include "sync/client/internal/http.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/parse.h"
#include "sync/client/internal/compress.h"

namespace thidua::client_internal {
namespace {

constexpr const char* kJson = "application/json";
constexpr std::size_t kCompressAbove = 512;  // smaller bodies gain nothing from it

}  // namespace

Result<Http> connect(const std::string& url, const std::string& token, const ClientOptions& o) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Status::invalid("địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://: " + url);
  }
  Http h;
  h.client = std::make_unique<httplib::Client>(url);
  if (!h.client->is_valid()) return Status::invalid("địa chỉ máy chủ không hợp lệ: " + url);
  h.client->set_connection_timeout(o.connect_timeout_s, 0);
  h.client->set_read_timeout(o.io_timeout_s, 0);
  h.client->set_write_timeout(o.io_timeout_s, 0);
  h.client->set_keep_alive(true);
  h.client->set_decompress(true);
  h.token = token;
  return h;
}

httplib::Headers headers(const Http& h, bool compressed) {
  httplib::Headers out{{"Authorization", "Bearer " + h.token}};
  if (compressed) out.emplace("Content-Encoding", "br");
  return out;
}

std::int64_t wire_length(const httplib::Response& res) {
  // Absent or malformed: what arrived is the measure.
  return parse_int64(res.get_header_value("Content-Length")).value_or(static_cast<std::int64_t>(res.body.size()));
}

Exchange post(Http& h, const std::string& path, const std::string& body, std::size_t max_answer_bytes,
              SyncReport* report) {
  bool compress = body.size() > kCompressAbove;
  return post_encoded(h, path, compress ? brotli_compress(body) : body, compress, max_answer_bytes, report);
}

bool worth_compressing(std::size_t body_size) { return body_size > kCompressAbove; }

Exchange post_encoded(Http& h, const std::string& path, std::string wire_body, bool compressed,
                      std::size_t max_answer_bytes, SyncReport* report) {
  Exchange x;
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  req.headers = headers(h, compressed);
  req.headers.emplace("Content-Type", kJson);
  // The server brotli-compresses a large answer when asked (a first sync is
  // ~10x smaller); httplib decodes it into the receiver below, so the bound
  // holds on the decompressed bytes and a decompression bomb is cut at
  // max_answer_bytes. Only the sync route compresses at a sane quality
  // (httplib's own brotli, which other routes would use, is quality 11).
  if (path == "/api/v1/sync") req.headers.emplace("Accept-Encoding", "br");
  req.body = std::move(wire_body);
  req.content_receiver = [&](const char* data, std::size_t n, std::uint64_t, std::uint64_t) {
    return x.take(data, n, max_answer_bytes);
  };
  auto res = h.client->send(req);
  report->bytes_sent += static_cast<std::int64_t>(req.body.size());
  x.finish(res, report);
  return x;
}

void Exchange::finish(const httplib::Result& res, SyncReport* report) {
  ++report->requests;
  if (too_big) return;
  if (!res) {
    failed(res.error());
    return;
  }
  status = res->status;
  bytes_in = wire_length(*res);
  report->bytes_received += bytes_in;
}

Status http_failure(const Exchange& x, const std::string& what) {
  if (x.untrusted) {
    return Status::invalid(what + ": không tin được chứng chỉ TLS của máy chủ (" + x.transport_error +
                           "); máy chủ cần chứng chỉ do nơi được tin cậy cấp, hoặc đặt biến môi trường "
                           "SSL_CERT_FILE là tệp chứng chỉ của tỉnh trên máy này");
  }
  if (x.too_big) return Status::io(what + ": câu trả lời của máy chủ lớn quá mức cho phép; không nhận");
  if (x.transport_failed) return Status::io(what + ": mất kết nối tới máy chủ (" + x.transport_error + ")");
  std::string msg = what + ": máy chủ trả lời " + std::to_string(x.status) + ": " + decode_error(x.body);
  if (x.status == 401) return Status::invalid(msg);
  if (x.status == 409 || x.status == 410) return Status::conflict(msg);
  return Status::io(msg);
}

bool Pacer::wait_after_failure(SyncReport* report) {
  if (++failures_ >= o_.max_attempts) return false;
  ++report->retries;
  int ceiling = std::min(o_.backoff_max_ms, o_.backoff_base_ms << std::min(failures_ - 1, 16));
  int ms = std::uniform_int_distribution<int>(ceiling / 2, std::max(ceiling / 2, ceiling))(rng_);
  if (o_.sleep) {
    o_.sleep(ms);
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }
  return true;
}

}  // namespace thidua::client_internal
