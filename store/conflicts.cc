// Store: concurrent writes that lost, kept for a person to decide.
#include "store/schema.h"
#include "store/internal/store_impl.h"

namespace thidua {

Result<std::vector<Conflict>> Store::conflicts(bool include_resolved) {
  std::string sql =
      "SELECT id, tbl, pk, col, kept_val, kept_hlc, kept_node, lost_val, lost_hlc, lost_node, "
      "resolved_at IS NOT NULL FROM sync_conflicts";
  if (!include_resolved) sql += " WHERE resolved_at IS NULL";
  sql += " ORDER BY id";
  auto st = impl_->cached(sql);
  if (!st) return st.status();
  std::vector<Conflict> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    Conflict c;
    c.id = st->int64(0);
    c.table = st->text(1);
    c.pk = st->text(2);
    c.column = st->text(3);
    c.kept_value = st->value(4);
    c.kept_hlc = static_cast<Hlc>(st->int64(5));
    c.kept_node = st->text(6);
    c.lost_value = st->value(7);
    c.lost_hlc = static_cast<Hlc>(st->int64(8));
    c.lost_node = st->text(9);
    c.resolved = st->int64(10) != 0;
    out.push_back(std::move(c));
  }
  return out;
}

Status Store::resolve_conflict(std::int64_t id, bool keep_lost) {
  return transaction([&]() -> Status {
    auto st = impl_->cached("SELECT tbl, pk, col, lost_val FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL");
    if (!st) return st.status();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return Status::not_found("no open conflict with id " + std::to_string(id));
    std::string table = st->text(0), pk = st->text(1), column = st->text(2);
    Value lost = st->value(3);
    st->reset();
    if (keep_lost) {
      auto current = get(table, pk);
      if (!current) return current.status();
      if (!*current) return Status::not_found(table + " " + describe(pk) + " no longer exists");
      THIDUA_RETURN_IF_ERROR(write(table, Row{{"id", pk}, {column, lost}}));
    }
    auto done = impl_->cached("UPDATE sync_conflicts SET resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                                   "resolution = ? WHERE id = ?");
    if (!done) return done.status();
    done->bind(1, keep_lost ? "kept_lost" : "kept_current").bind(2, id);
    return done->run();
  });
}

}  // namespace thidua
