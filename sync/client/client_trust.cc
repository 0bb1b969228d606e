#include "sync/client/internal/client_trust.h"
#include "store/node_store.h"

#include <set>

namespace thidua::client_internal {

Status check_server_time(std::int64_t server_ms, std::int64_t mine_ms) {
  // Halved first: a hostile value near the int64 limits must not overflow.
  const std::int64_t half_gap = server_ms / 2 - mine_ms / 2;
  if (half_gap <= kMaxServerClockSkewMs / 2 && half_gap >= -kMaxServerClockSkewMs / 2) return Status::ok();
  const std::int64_t half_day = 12LL * 3600 * 1000;
  const std::int64_t days = (half_gap + (half_gap < 0 ? -half_day / 2 : half_day / 2)) / half_day;  // rounded
  return Status::invalid("giờ của máy chủ lệch với giờ máy này " + std::to_string(days < 0 ? -days : days) +
                         " ngày (" + (days < 0 ? "chậm hơn" : "nhanh hơn") +
                         "), quá 2 ngày cho phép; hãy chỉnh đồng hồ máy tính cho đúng ngày giờ, "
                         "hoặc kiểm tra địa chỉ máy chủ");
}

Status check_answer(Store& store, const SyncRequest& req, const SyncResponse& res) {
  THIDUA_RETURN_IF_ERROR(check_server_time(res.server_time_ms, NodeStore(store).raw_clock_ms()));
  if (res.cursor < req.cursor || (res.more && res.cursor == req.cursor)) {
    return Status::invalid("máy chủ trả về vị trí đồng bộ " + std::to_string(res.cursor) + " không đi tiếp từ " +
                           std::to_string(req.cursor) + "; không nhận câu trả lời này");
  }
  return Status::ok();
}

namespace {

// Keeps something of the server's answer this node refused, for the clerk.
Status refuse(Store& store, const std::string& table, const std::string& pk, const std::string& column,
              const std::string& why, SyncReport* report) {
  OutboxEntry e;
  e.table = table;
  e.pk = pk;
  e.column = column;
  const std::string reason = "không nhận từ máy chủ: " + why;
  THIDUA_RETURN_IF_ERROR(NodeStore(store).record_rejection(e, reason));
  report->refused.push_back(table + " " + pk + " " + column + ": " + reason);
  return Status::ok();
}

// Pulled cells, less those claiming this node as their writer (the server
// never sends a node its own writes back unless asked: such a cell is forged).
Result<std::vector<RemoteCell>> pulled_cells(Store& store, const SyncResponse& res, SyncReport* report,
                                             bool own_asked) {
  std::vector<RemoteCell> keep;
  keep.reserve(res.cells.size());
  for (const auto& c : res.cells) {
    if (c.node == store.node_id() && !own_asked) {
      THIDUA_RETURN_IF_ERROR(refuse(store, c.table, c.pk, c.column, "ô ghi dưới tên chính máy này", report));
      continue;
    }
    keep.push_back(c);
  }
  return keep;
}

}  // namespace

Status apply_pulled(Store& store, const SyncResponse& res, SyncReport* report, bool own_asked) {
  auto cells = pulled_cells(store, res, report, own_asked);
  if (!cells) return cells.status();
  if (cells->empty()) return Status::ok();
  auto applied = store.apply_remote(*cells);
  if (!applied) return applied.status();
  report->conflicts += applied->conflicts;
  report->cells_pulled += static_cast<std::int64_t>(cells->size());
  for (std::size_t i = 0; i < cells->size(); ++i) {
    if (applied->outcomes[i] != ApplyOutcome::kRejected) continue;
    const RemoteCell& c = (*cells)[i];
    THIDUA_RETURN_IF_ERROR(refuse(store, c.table, c.pk, c.column, applied->reasons[i], report));
  }
  return Status::ok();
}

Result<std::vector<std::pair<std::string, std::string>>> retractions_to_honour(Store& store, const SyncResponse& res,
                                                                                 SyncReport* report) {
  std::vector<std::pair<std::string, std::string>> forget;
  if (res.retracted.empty()) return forget;
  auto config = NodeStore(store).node_config();
  if (!config) return config.status();
  const std::string unit = *config ? (*config)->unit_id : std::string();
  std::set<std::pair<std::string, std::string>> pending;
  auto outbox = store.outbox();
  if (!outbox) return outbox.status();
  for (const auto& e : *outbox) pending.emplace(e.table, e.pk);
  for (const auto& [table, pk] : res.retracted) {
    auto row = store.get(table, pk);
    if (!row) return row.status();
    const bool ours = *row && (**row)["unit_id"] == Value{unit};
    if (ours || pending.count({table, pk})) {
      const char* why = ours ? "lệnh gỡ bài của chính đơn vị này" : "lệnh gỡ bài còn thay đổi chưa gửi của máy này";
      THIDUA_RETURN_IF_ERROR(refuse(store, table, pk, "_row", why, report));
      continue;
    }
    forget.emplace_back(table, pk);
  }
  return forget;
}

}  // namespace thidua::client_internal
