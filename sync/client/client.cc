// The node's side of sync: the hello, one sync (its cells, then photos and
// documents), and a new copy made from the server.
#include "sync/client/client.h"

#include <httplib.h>

#include <filesystem>

#include "store/node_store.h"
#include "sync/client/internal/cell_sync.h"
#include "sync/client/internal/client_trust.h"
#include "sync/client/internal/http.h"
#include "sync/client/internal/photo_fetch.h"
#include "sync/client/internal/photos.h"

namespace thidua {
namespace {

using client_internal::check_server_time;
using client_internal::connect;
using client_internal::Exchange;
using client_internal::headers;
using client_internal::http_failure;
using client_internal::Pacer;

void remove_db_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path + suffix, ec);
}

}  // namespace

Result<HelloResponse> fetch_hello(const std::string& server_url, const std::string& token, const ClientOptions& o) {
  auto http = connect(server_url, token, o);
  if (!http) return http.status();
  SyncReport unused;
  Pacer pacer(o);
  for (;;) {
    auto res = http->client->Get("/api/v1/hello", headers(*http, false));
    Exchange x;
    if (!res) {
      x.failed(res.error());
    } else {
      x.status = res->status;
      x.body = res->body;
    }
    if (x.retryable()) {
      if (!pacer.wait_after_failure(&unused)) return http_failure(x, "chào máy chủ");
      continue;
    }
    if (x.status != 200) return http_failure(x, "chào máy chủ");
    return decode_hello(x.body);
  }
}

namespace {

// sync_node, and for a new copy (`own`) its first pull with its node's own
// writes.
Result<SyncReport> sync_all(Store& store, const ClientOptions& o, bool own) {
  auto config = NodeStore(store).node_config();
  if (!config) return config.status();
  if (!*config) return Status::invalid("cơ sở dữ liệu này chưa là một nút; hãy chạy thidua node init trước");
  auto http = connect((*config)->server_url, (*config)->token, o);
  if (!http) return http.status();
  SyncReport report;
  Pacer pacer(o);
  Status st = client_internal::sync_cells(store, *http, o, pacer, &report, own);
  if (st.is_ok()) st = client_internal::upload_photos(store, *http, o, pacer, &report);
  if (st.is_ok()) st = client_internal::fetch_own_photos(store, *http, pacer, &report);
  if (st.is_ok() && (*config)->role == "province") {
    st = client_internal::fetch_review_photos(store, *http, pacer, o.review_photos_per_sync, &report);
  }
  if (st.is_ok()) st = client_internal::fetch_documents(store, *http, pacer, o.review_photos_per_sync, &report);
  THIDUA_RETURN_IF_ERROR(NodeStore(store).record_sync_outcome(st));
  if (!st.is_ok()) return st;
  return report;
}

}  // namespace

Result<SyncReport> sync_node(Store& store, const ClientOptions& o) { return sync_all(store, o, false); }

Result<SyncReport> init_node(const std::string& db_path, const std::string& server_url, const std::string& token,
                             const ClientOptions& o) {
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) {
    return Status::exists(db_path + " đã tồn tại; nút đã được khởi tạo (xoá tệp nếu muốn làm lại)");
  }
  auto hello = fetch_hello(server_url, token, o);
  if (!hello) return hello.status();
  if (hello->protocol != kProtocolVersion || hello->schema != latest_schema_version()) {
    return Status::conflict("máy chủ dùng giao thức " + std::to_string(hello->protocol) + ", lược đồ " +
                            std::to_string(hello->schema) + "; bản thidua này dùng " +
                            std::to_string(kProtocolVersion) + ", " + std::to_string(latest_schema_version()) +
                            "; hãy dùng cùng phiên bản");
  }
  if (hello->node_id.empty()) return Status::invalid("máy chủ không nhận ra mã truy cập");
  auto result = [&]() -> Result<SyncReport> {
    auto store = Store::open(db_path);
    if (!store) return store.status();
    THIDUA_RETURN_IF_ERROR(NodeStore(**store).adopt_node_id(hello->node_id));
    THIDUA_RETURN_IF_ERROR(NodeStore(**store).set_node_config(NodeConfig{hello->unit_id, hello->role, server_url, token, {}, {}}));
    THIDUA_RETURN_IF_ERROR(check_server_time(hello->server_time_ms, NodeStore(**store).raw_clock_ms()));
    auto corrected = NodeStore(**store).correct_clock(hello->server_time_ms);
    if (!corrected) return corrected.status();
    return sync_all(**store, o, true);  // a new copy: nothing of its own yet
  }();
  if (!result) remove_db_files(db_path);
  return result;
}

}  // namespace thidua
