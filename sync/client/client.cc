#include "sync/client/client.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "sync/client/internal/client_trust.h"
#include "sync/client/internal/http.h"
#include "sync/client/internal/photo_fetch.h"
#include "sync/client/internal/photos.h"
#include "sync/client/internal/restart.h"
#include "store/node_store.h"

namespace thidua {
namespace {

using client_internal::apply_pulled;
using client_internal::check_answer;
using client_internal::check_server_time;
using client_internal::connect;
using client_internal::Exchange;
using client_internal::headers;
using client_internal::Http;
using client_internal::http_failure;
using client_internal::Pacer;
using client_internal::post;
using client_internal::CatchUp;
using client_internal::check_restarted_answer;
using client_internal::keep_generation;
using client_internal::retractions_to_honour;
using client_internal::server_restarted;
using client_internal::upload_photos;

// Pending outbox entries folded to one cell each: the last value and stamp,
// the first base (the state before this node's run of edits).
struct Batch {
  SyncRequest request;
  std::vector<std::vector<OutboxEntry>> entries;  // per cell, the outbox entries it carries
};

std::size_t approx_size(const OutboxEntry& e) {
  std::size_t n = e.table.size() + e.pk.size() + e.column.size() + 48;
  if (const auto* s = std::get_if<std::string>(&e.value)) n += s->size() + s->size() / 8;
  return n;
}

Result<Batch> build_batch(Store& store, std::size_t max_bytes, std::int64_t* remaining) {
  Batch b;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  std::size_t bytes = 0;
  std::int64_t after = 0;
  std::tuple<std::string, std::string, Hlc> last_edit;
  bool full = false;
  while (!full) {
    auto page = store.outbox(after, 2000);
    if (!page) return page.status();
    if (page->empty()) break;
    for (auto& e : *page) {
      after = e.seq;
      // Never split one edit of one row across batches: the server decides
      // a new row's unit from its cells in the same batch.
      auto edit = std::tuple{e.table, e.pk, e.hlc};
      if (bytes >= max_bytes && edit != last_edit) {
        full = true;
        break;
      }
      last_edit = edit;
      bytes += approx_size(e);
      auto key = std::tuple{e.table, e.pk, e.column};
      auto it = index.find(key);
      if (it == index.end()) {
        index.emplace(key, b.request.cells.size());
        b.request.cells.push_back(RemoteCell{e.table, e.pk, e.column, e.value, e.hlc, "", e.base});
        b.entries.push_back({e});
      } else {
        RemoteCell& c = b.request.cells[it->second];
        c.value = e.value;
        c.hlc = e.hlc;
        b.entries[it->second].push_back(e);
      }
    }
  }
  auto total = store.outbox_count();
  if (!total) return total.status();
  *remaining = *total;
  return b;
}

// Applies the server's answer to one batch in one local transaction.
Status settle(Store& store, const Batch& batch, const SyncResponse& res, SyncReport* report) {
  const bool restarted = server_restarted(batch.request, res);
  THIDUA_RETURN_IF_ERROR(restarted ? check_restarted_answer(store, res) : check_answer(store, batch.request, res));
  auto catch_up = CatchUp::open(store, restarted);
  if (!catch_up) return catch_up.status();
  return store.transaction([&]() -> Status {
    auto restamped = NodeStore(store).correct_clock(res.server_time_ms);
    if (!restamped) return restamped.status();
    std::map<std::size_t, std::string> rejected;
    for (const auto& r : res.rejected) {
      if (r.index >= batch.request.cells.size()) return Status::invalid("server rejected an unknown cell index");
      rejected[r.index] = r.reason;
    }
    std::vector<std::int64_t> done;
    for (std::size_t i = 0; i < batch.entries.size(); ++i) {
      const auto& group = batch.entries[i];
      auto why = rejected.find(i);
      if (why != rejected.end() && *restamped > 0) {
        // Refused because our clock ran ahead? Then the entry was just
        // re-stamped and goes out again in the next batch.
        auto still = store.outbox(group.back().seq - 1, 1);
        if (!still) return still.status();
        if (!still->empty() && still->front().seq == group.back().seq && still->front().hlc != group.back().hlc) {
          for (std::size_t k = 0; k + 1 < group.size(); ++k) done.push_back(group[k].seq);
          continue;
        }
      }
      if (why != rejected.end()) {
        THIDUA_RETURN_IF_ERROR(NodeStore(store).record_rejection(group.back(), why->second));
        report->rejections.push_back(group.back().table + " " + group.back().pk + " " + group.back().column + ": " +
                                     why->second);
        ++report->cells_rejected;
      } else {
        ++report->cells_pushed;
      }
      for (const auto& e : group) done.push_back(e.seq);
    }
    auto forget = retractions_to_honour(store, res, report);
    if (!forget) return forget.status();
    THIDUA_RETURN_IF_ERROR(NodeStore(store).drop_outbox(done));
    auto pulled = catch_up->to_merge(store, res);
    if (!pulled) return pulled.status();
    THIDUA_RETURN_IF_ERROR(apply_pulled(store, **pulled, report, batch.request.own));
    THIDUA_RETURN_IF_ERROR(NodeStore(store).forget_rows(*forget));
    report->rows_withdrawn += static_cast<std::int64_t>(forget->size());
    if (!res.lineage.empty()) THIDUA_RETURN_IF_ERROR(NodeStore(store).set_node_lineage(res.lineage));
    // After the outbox is settled: what a restart queues again must stay.
    THIDUA_RETURN_IF_ERROR(keep_generation(store, batch.request, res, restarted, report));
    if (res.site) {
      const SiteBuildSeen seen{res.site->built_at_ms, res.site->failed_at_ms, res.site->error};
      THIDUA_RETURN_IF_ERROR(NodeStore(store).set_site_build_seen(seen));
    }
    THIDUA_RETURN_IF_ERROR(catch_up->settle(store, res));
    return store.set_cursor("server", res.cursor);
  });
}

// `own`: this is a new copy of its node (init_node), which asks for its
// node's own writes too until its first complete pull (SyncRequest::own).
Status sync_cells(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report, bool own) {
  std::size_t batch_bytes = std::clamp(o.batch_bytes, o.min_batch_bytes, o.max_batch_bytes);
  // The smallest batch that has failed: growing back to it would only fail
  // again and resend its bytes.
  std::size_t ceiling = o.max_batch_bytes;
  int pull_limit = o.pull_limit;  // halved while answers are too big
  SyncProgress progress;
  for (;;) {
    std::int64_t remaining = 0;
    auto batch = build_batch(store, batch_bytes, &remaining);
    if (!batch) return batch.status();
    auto cursor = store.cursor("server");
    if (!cursor) return cursor.status();
    batch->request.schema = latest_schema_version();
    batch->request.cursor = *cursor;
    batch->request.limit = pull_limit;
    // Stored before the request leaves: if the answer is lost, the retry
    // carries the same attempt and the server knows it (issue 9 row 13).
    auto attempt = NodeStore(store).sync_attempt();
    if (!attempt) return attempt.status();
    auto lineage = NodeStore(store).node_lineage();
    if (!lineage) return lineage.status();
    batch->request.lineage = lineage->first;
    batch->request.attempt = *attempt;
    batch->request.own = own;
    auto generation = NodeStore(store).server_generation_seen();
    if (!generation) return generation.status();
    batch->request.generation = *generation;
    if (progress.cells_to_send == 0) progress.cells_to_send = remaining;

    auto started = std::chrono::steady_clock::now();
    Exchange x = post(http, "/api/v1/sync", encode_sync_request(batch->request), o.max_answer_bytes, report);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (x.too_big) {  // ask for fewer cells at a time; one cell always fits an honest answer
      if (pull_limit == 1) {
        return Status::io("đồng bộ: câu trả lời của máy chủ lớn quá " + std::to_string(o.max_answer_bytes >> 20) +
                          " MiB kể cả khi chỉ xin một ô; không nhận");
      }
      pull_limit = pull_limit > 0 ? pull_limit / 2 : 1000;
      continue;
    }
    if (x.retryable() || x.status == 413) {
      // A link that drops long transfers gets shorter ones.
      if (!batch->request.cells.empty()) ceiling = std::max(o.min_batch_bytes, batch_bytes);
      batch_bytes = std::max(o.min_batch_bytes, batch_bytes / 2);
      if (x.status == 413) continue;
      if (!pacer.wait_after_failure(report)) return http_failure(x, "đồng bộ");
      continue;
    }
    if (x.status != 200) return http_failure(x, "đồng bộ");
    auto response = decode_sync_response(x.body);
    if (!response) return response.status().with_context("câu trả lời của máy chủ không hợp lệ");
    pacer.succeeded();
    THIDUA_RETURN_IF_ERROR(settle(store, *batch, *response, report));
    if (!response->more) own = false;
    if (report->restarts > 1) {  // a server that keeps saying so would make the node resend for ever
      return Status::invalid("máy chủ báo đã được khôi phục lần thứ hai trong một lần đồng bộ; dừng lại, "
                             "hãy đồng bộ lại sau");
    }
    // Grow while a batch takes well under the timeout (a slow link keeps its
    // batches short enough to finish), and never back up to a size that failed.
    if (seconds < o.io_timeout_s / 4.0 && batch_bytes * 2 < ceiling) {
      batch_bytes = std::min(o.max_batch_bytes, batch_bytes * 2);
    } else if (seconds > o.io_timeout_s / 2.0) {
      batch_bytes = std::max(o.min_batch_bytes, batch_bytes / 2);
    }

    progress.cells_sent += static_cast<std::int64_t>(batch->request.cells.size());
    progress.cells_received += static_cast<std::int64_t>(response->cells.size());
    if (o.on_progress) o.on_progress(progress);
    bool pushed_all = batch->request.cells.empty() ||
                      static_cast<std::int64_t>(batch->request.cells.size()) >= remaining;
    if (pushed_all && !response->more) {
      auto left = store.outbox(0, 1);
      if (!left) return left.status();
      if (left->empty()) return Status::ok();
    }
  }
}

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
  Status st = sync_cells(store, *http, o, pacer, &report, own);
  if (st.is_ok()) st = upload_photos(store, *http, o, pacer, &report);
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
