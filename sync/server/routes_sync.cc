// GET /api/v1/hello and POST /api/v1/sync: HTTP in and out here, the sync
// logic in server_sync.cc.
#include "sync/server/internal/server_impl.h"

#include <chrono>
#include <string>

#include "common/version.h"
#include "store/schema.h"
#include "sync/protocol/protocol.h"
#include "sync/server/internal/answer.h"
#include "sync/server/internal/server_sync.h"

namespace thidua {

using server_internal::kJson;
using server_internal::reply_error;
using server_internal::set_json_answer;
using server_internal::t_note;

void Server::Impl::hello(const httplib::Request& req, httplib::Response& res) {
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

void Server::Impl::sync(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
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
  // A node that sends a generation starts again from the feed's start
  // instead (server_restore.h); an older one can only be re-initialised.
  if (request->cursor > *head && request->generation == 0) {
    return reply_error(res, 410, "vị trí đồng bộ của nút vượt quá máy chủ (máy chủ đã được khôi phục?); "
                                 "hãy khởi tạo lại nút bằng thidua node init");
  }
  SyncStats stats;
  std::size_t pushed = request->cells.size();
  auto response = serve_sync(*store, *who, std::move(*request), opt.pull_limit, now_ms(), &stats, last_seen);
  if (!response) {  // kConflict: a copied node database (issue 9 row 13)
    const bool copied = response.status().code() == Status::Code::kConflict;
    return reply_error(res, copied ? 409 : 500, response.status().message());
  }
  set_json_answer(req, res, encode_sync_response(*response));
  metrics.add_cells(stats.accepted, stats.rejected, stats.pulled);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  metrics.observe_sync_ms(ms);
  t_note.detail = "push=" + std::to_string(pushed) + " rejected=" + std::to_string(stats.rejected) +
                  " pull=" + std::to_string(stats.pulled) + " conflicts=" + std::to_string(stats.conflicts);
}

}  // namespace thidua
