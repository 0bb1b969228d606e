#include "sync/server/internal/server_restore.h"

#include "store/server_store.h"

namespace thidua {

Restart restart_of(const SyncRequest& request, std::int64_t generation, std::int64_t head) {
  if (request.generation == 0) return Restart::kNone;
  if (request.generation != generation) return Restart::kGeneration;
  return request.cursor > head ? Restart::kPastHead : Restart::kNone;
}

Result<std::string> lineage_after_restore(Store& store, const std::string& node_id, const SyncRequest& request,
                                          Restart restart) {
  ServerStore server(store);
  bool rebind = restart == Restart::kPastHead;
  if (restart == Restart::kGeneration) {
    auto marked = server.take_restore_mark(node_id);
    if (!marked) return marked.status();
    rebind = *marked;
  }
  if (rebind) return server.bind_node_lineage(node_id, request.lineage, request.attempt);
  // A node whose answer to its first sync after the restore was lost: it
  // retries with its old generation and lineage and the same attempt.
  return server.advance_node_lineage(node_id, request.lineage, request.attempt, /*fresh=*/false);
}

PushCheck::PushCheck(Store& store, const Principal& who, const std::vector<RemoteCell>& batch)
    : store_(store), guard_(store, who, batch) {
  for (const auto& c : batch) {
    if (c.column == "_row") created_in_batch_.emplace(c.table, c.pk);
  }
}

Status PushCheck::check(const RemoteCell& cell) {
  Status verdict = guard_.check(cell);
  if (!verdict.is_ok()) {
    auto held = store_.cell_clock(cell.table, cell.pk, cell.column);
    if (!held) return held.status();
    if (*held && (*held)->hlc == cell.hlc && (*held)->node == cell.node) return Status::ok();
    return verdict;
  }
  if (cell.column == "_row" || created_in_batch(cell)) return verdict;
  auto known = row_known(cell.table, cell.pk);
  if (!known) return known.status();
  if (*known) return verdict;
  return Status::invalid("máy chủ chưa có hàng " + cell.table + " " + cell.pk +
                         " (máy chủ vừa được khôi phục từ bản sao lưu?); hãy làm lại thay đổi này sau khi "
                         "đơn vị viết ra hàng đó đồng bộ");
}

bool PushCheck::created_in_batch(const RemoteCell& cell) {
  if (last_created_.second == cell.pk && last_created_.first == cell.table) return true;
  if (!created_in_batch_.count({cell.table, cell.pk})) return false;
  last_created_ = {cell.table, cell.pk};
  return true;
}

// Whether the server has, or once had, the row: a clock on its `_row`
// (every row made through a write has one, a deleted row its tombstone),
// or the row itself.
Result<bool> PushCheck::row_known(const std::string& table, const std::string& pk) {
  if (known_.count({table, pk})) return true;
  auto row = store_.cell_clock(table, pk, "_row");
  if (!row) return row.status();
  bool known = row->has_value();
  if (!known) {
    auto stored = store_.get(table, pk);
    if (!stored) return stored.status();
    known = stored->has_value();
  }
  if (known) known_.emplace(table, pk);
  return known;
}

}  // namespace thidua
