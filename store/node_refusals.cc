// The node's edits the server refused (store/node_store.h): kept for the
// clerk, undone where the server's value is known, and the cells that still
// differ from the server found again for `thidua node status`.
#include "store/internal/row_clocks.h"
#include "store/internal/store_impl.h"
#include "store/node_store.h"
#include "store/schema.h"

namespace thidua {

// The value a refused edit replaced, when this node knows it for certain:
// the edit wrote back the lost side of a conflict ("keep mine") over the
// server's winner, and nothing has touched the cell since. nullopt
// otherwise (the node keeps no older values of its own cells).
Result<std::optional<std::pair<Value, CellClock>>> NodeStore::replaced_server_value(const OutboxEntry& e) {
  using Found = std::optional<std::pair<Value, CellClock>>;
  if (e.hlc == 0 || !e.base || e.column == kRowColumn || !find_table(e.table)) return Found();
  auto clock = impl_->cell_clock(e.table, e.pk, e.column);
  if (!clock) return clock.status();
  // A later edit of the cell is still waiting to be sent: it decides.
  if (!*clock || (*clock)->hlc != e.hlc || (*clock)->node != impl_->node_id) return Found();
  auto st = impl_->cached(
      "SELECT kept_val, kept_hlc, kept_node FROM sync_conflicts WHERE tbl = ? AND pk = ? AND col = ? "
      "AND resolution = 'kept_lost' AND kept_hlc = ? AND kept_node != ? AND lost_val IS ? "
      "ORDER BY id DESC LIMIT 1");
  if (!st) return st.status();
  st->bind(1, e.table).bind(2, e.pk).bind(3, e.column).bind(4, static_cast<std::int64_t>(*e.base));
  st->bind(5, impl_->node_id).bind(6, e.value);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return Found();
  return Found(std::pair{st->value(0), CellClock{static_cast<Hlc>(st->int64(1)), st->text(2)}});
}

// Puts the server's value and clock back on the cell, as if merged from the
// server: nothing is captured, and the next pull that brings a newer value
// replaces it as usual.
Status NodeStore::put_back(const OutboxEntry& e, const Value& value, const CellClock& clock) {
  THIDUA_RETURN_IF_ERROR(sql::exec(impl_->raw(), "UPDATE sync_meta SET applying = 1"));
  auto row = impl_->cached("UPDATE " + sql::quote_ident(e.table) + " SET " + sql::quote_ident(e.column) +
                           " = ? WHERE id = ?");
  if (!row) return row.status();
  row->bind(1, value).bind(2, e.pk);
  THIDUA_RETURN_IF_ERROR(row->run());
  THIDUA_RETURN_IF_ERROR(restamp_cell(*impl_, e.table, e.pk, e.column, clock));
  return sql::exec(impl_->raw(), "UPDATE sync_meta SET applying = 0");
}

Status NodeStore::record_rejection(const OutboxEntry& e, const std::string& reason) {
  return store_->transaction([&]() -> Status {
    std::string kept_reason = reason;
    auto server = replaced_server_value(e);
    if (!server) return server.status();
    if (*server) {
      THIDUA_RETURN_IF_ERROR(put_back(e, (*server)->first, (*server)->second));
      kept_reason += "; máy này đã trở lại giá trị máy chủ đang giữ: " + describe((*server)->first);
    }
    auto st = impl_->cached("INSERT INTO sync_rejected (tbl, pk, col, val, reason) VALUES (?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, e.table).bind(2, e.pk).bind(3, e.column).bind(4, e.value).bind(5, kept_reason);
    return st->run();
  });
}

Result<std::pair<std::int64_t, std::string>> NodeStore::rejections() {
  auto n = sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_rejected");
  if (!n) return n.status();
  auto st = impl_->cached("SELECT tbl || ' ' || pk || ' ' || col || ': ' || reason FROM sync_rejected ORDER BY id DESC LIMIT 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return std::pair<std::int64_t, std::string>(*n, *row ? st->text(0) : std::string());
}

Result<std::vector<DifferingCell>> NodeStore::cells_differing_from_server() {
  // The latest refusal of each cell whose clock is still this node's and
  // that has no newer edit waiting: the refused value may still stand here.
  auto st = impl_->cached(
      "SELECT r.tbl, r.pk, r.col, r.val, r.reason FROM sync_rejected r "
      "JOIN sync_cells c ON c.tbl = r.tbl AND c.pk = r.pk AND c.col = r.col AND c.node = ? "
      "WHERE r.id = (SELECT max(id) FROM sync_rejected WHERE tbl = r.tbl AND pk = r.pk AND col = r.col) "
      "AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.tbl = r.tbl AND o.pk = r.pk AND o.col = r.col) "
      "ORDER BY r.id");
  if (!st) return st.status();
  st->bind(1, impl_->node_id);
  std::vector<DifferingCell> candidates;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    candidates.push_back(DifferingCell{st->text(0), st->text(1), st->text(2), st->value(3), st->text(4)});
  }
  st->reset();
  std::vector<DifferingCell> out;
  for (auto& c : candidates) {
    if (!find_table(c.table)) continue;
    auto row = store_->get(c.table, c.pk);
    if (!row) return row.status();
    Value here;
    if (c.column == kRowColumn) {
      here = std::int64_t{*row ? 1 : 0};
    } else if (*row) {
      auto it = (*row)->find(c.column);
      if (it != (*row)->end()) here = it->second;
    }
    if (!*row && c.column != kRowColumn) continue;
    if (here == c.value) out.push_back(std::move(c));
  }
  return out;
}

}  // namespace thidua
