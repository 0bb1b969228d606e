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

using server_internal::free_after_answer;
using server_internal::kJson;
using server_internal::reply_error;
using server_internal::set_json_answer;
using server_internal::t_note;

namespace {

// Nodes from oldest_compatible_schema_version() to the latest are served as
// they are (their synced tables are the same; docs/architecture.md,
// "Schema"), so districts upgrade over weeks after the server. Any other
// node is told what to install, and that its unsent work stays on it.
std::string schema_refusal(int node_schema) {
  const std::string server = "máy chủ chạy thidua " + std::string(kVersion) +
                             " (lược đồ dữ liệu phiên bản " +
                             std::to_string(latest_schema_version()) + ")";
  const std::string kept = "; những gì chưa gửi vẫn còn nguyên trên máy này";
  if (node_schema > latest_schema_version()) {
    return "máy này dùng lược đồ dữ liệu phiên bản " + std::to_string(node_schema) + ", mới hơn " +
           server + ": máy chủ phải được nâng cấp trước; hãy báo người quản trị máy chủ cài "
                    "bản thidua của máy này (xem bằng thidua --version) rồi đồng bộ lại" +
           kept;
  }
  const int oldest = oldest_compatible_schema_version(), latest = latest_schema_version();
  const std::string accepted = oldest == latest ? std::to_string(latest)
                                                : std::to_string(oldest) + " đến " + std::to_string(latest);
  return "máy này dùng lược đồ dữ liệu phiên bản " + std::to_string(node_schema) + ", cũ quá: " + server +
         " chỉ đồng bộ với máy dùng lược đồ " + accepted + "; hãy cài thidua " + kVersion +
         " (bản của máy chủ) trên máy này rồi đồng bộ lại" + kept;
}

}  // namespace

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
  if (!request) return reply_error(res, 400, "yêu cầu không hợp lệ: " + request.status().message());
  if (request->protocol != kProtocolVersion) {
    return reply_error(res, 409, "máy chủ dùng giao thức phiên bản " + std::to_string(kProtocolVersion) +
                                     ", nút dùng " + std::to_string(request->protocol) +
                                     "; hãy nâng cấp thidua cho khớp");
  }
  if (request->schema < oldest_compatible_schema_version() ||
      request->schema > latest_schema_version()) {
    return reply_error(res, 409, schema_refusal(request->schema));
  }
  SyncStats stats;
  std::size_t pushed = request->cells.size();
  Result<SyncResponse> response = Status::internal("no answer");
  if (pushed == 0 && group_commit) {  // group_commit.h: one fsync for the syncs that arrive together
    auto run = [this](const GroupCommit::Body& body, const GroupCommit::After& after) {
      return group_commit->run(body, after);
    };
    response = serve_sync(*store, *who, *request, opt.pull_limit, now_ms(), &stats, last_seen, run);
  } else {
    std::lock_guard lock(db_mu);
    response = serve_sync(*store, *who, *request, opt.pull_limit, now_ms(), &stats, last_seen);
  }
  if (!response && stats.cursor_past_head) {
    return reply_error(res, 410, "vị trí đồng bộ của nút vượt quá máy chủ (máy chủ đã được khôi phục?); "
                                 "hãy khởi tạo lại nút bằng thidua node init");
  }
  if (!response) {  // kConflict: a copied node database (issue 9 row 13)
    const bool copied = response.status().code() == Status::Code::kConflict;
    return reply_error(res, copied ? 409 : 500, response.status().message());
  }
  if (who->is_province() && opt.site_status) response->site = opt.site_status();
  set_json_answer(req, res, encode_sync_response(*response));
  // The body, the request and the answer as built: tens of thousands of
  // strings for a pushed batch or a pulled page, freed once it is sent.
  struct Spent {
    std::string body;
    SyncRequest request;
    SyncResponse response;
  };
  free_after_answer(res, std::make_shared<Spent>(Spent{std::move(*body), std::move(*request), std::move(*response)}));
  if (stats.public_change && opt.on_public_change) {
    metrics.count_public_change();
    opt.on_public_change();
  }
  metrics.add_cells(stats.accepted, stats.rejected, stats.pulled);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  metrics.observe_sync_ms(ms);
  t_note.detail = "push=" + std::to_string(pushed) + " rejected=" + std::to_string(stats.rejected) +
                  " pull=" + std::to_string(stats.pulled) + " conflicts=" + std::to_string(stats.conflicts);
}

}  // namespace thidua
