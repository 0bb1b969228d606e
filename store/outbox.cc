// Store: the outbox of local changes, and the clocks of cells and of the node.
#include "store/internal/store_impl.h"

namespace thidua {

Result<std::vector<OutboxEntry>> Store::outbox(std::int64_t after_seq, int limit) {
  auto st = impl_->cached("SELECT seq, tbl, pk, col, val, hlc, base FROM sync_outbox "
                               "WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    OutboxEntry e;
    e.seq = st->int64(0);
    e.table = st->text(1);
    e.pk = st->text(2);
    e.column = st->text(3);
    e.value = st->value(4);
    e.hlc = static_cast<Hlc>(st->int64(5));
    if (!st->is_null(6)) e.base = static_cast<Hlc>(st->int64(6));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::int64_t> Store::outbox_count() {
  return sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_outbox");
}

Result<std::vector<std::pair<std::string, std::string>>> Store::outbox_rows() {
  auto st = impl_->cached("SELECT DISTINCT tbl, pk FROM sync_outbox ORDER BY tbl, pk");
  if (!st) return st.status();
  std::vector<std::pair<std::string, std::string>> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    out.emplace_back(st->text(0), st->text(1));
  }
  return out;
}

Status Store::ack_outbox(std::int64_t seq) {
  auto st = impl_->cached("DELETE FROM sync_outbox WHERE seq <= ?");
  if (!st) return st.status();
  st->bind(1, seq);
  return st->run();
}

Result<std::optional<CellClock>> Store::cell_clock(const std::string& table, const std::string& pk,
                                                   const std::string& column) {
  return impl_->cell_clock(table, pk, column);
}

Result<Hlc> Store::clock() {
  auto v = sql::query_int(impl_->raw(), "SELECT hlc FROM sync_meta WHERE id = 1");
  if (!v) return v.status();
  return static_cast<Hlc>(*v);
}

}  // namespace thidua
