// Store: the change feed (what changed after a sequence number, with the
// values tables hold now) and the pull cursors of peers.
#include "store/schema.h"
#include "store/internal/store_impl.h"

namespace thidua {

namespace {

Result<std::vector<FeedCell>> read_feed(Store::Impl& impl, sql::Stmt& st) {
  std::vector<FeedCell> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    FeedCell f;
    f.seq = st.int64(0);
    f.cell.table = st.text(1);
    f.cell.pk = st.text(2);
    f.cell.column = st.text(3);
    f.cell.hlc = static_cast<Hlc>(st.int64(4));
    f.cell.node = st.text(5);
    out.push_back(std::move(f));
  }
  st.reset();
  // Values are read from the tables: the feed carries the latest value of
  // each cell, never its history.
  for (auto& f : out) {
    const TableSpec* t = find_table(f.cell.table);
    if (!t) return Status::corrupt("sync_cells names unknown table " + f.cell.table);
    bool is_row = f.cell.column == kRowColumn;
    if (!is_row && !t->find(f.cell.column)) return Status::corrupt("sync_cells names unknown column " + f.cell.column);
    std::string what = is_row ? "1" : sql::quote_ident(f.cell.column);
    auto v = impl.cached("SELECT " + what + " FROM " + sql::quote_ident(t->name) + " WHERE id = ?");
    if (!v) return v.status();
    v->bind(1, f.cell.pk);
    auto found = v->step();
    if (!found) return found.status();
    if (*found) {
      f.cell.value = v->value(0);
    } else {
      f.cell.value = is_row ? Value(std::int64_t{0}) : Value();
    }
  }
  return out;
}

}  // namespace

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit) {
  auto st = impl_->cached("SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  return read_feed(*impl_, *st);
}

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                                  std::int64_t up_to_seq) {
  auto st = impl_->cached(
      "SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > ? AND seq <= ? AND (? = '' OR node != ?) "
      "ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, up_to_seq).bind(3, exclude_node).bind(4, exclude_node);
  st->bind(5, static_cast<std::int64_t>(limit));
  return read_feed(*impl_, *st);
}

Result<std::vector<FeedCell>> Store::cells_of_row(const std::string& table, const std::string& pk) {
  auto st = impl_->cached("SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE tbl = ? AND pk = ? ORDER BY seq");
  if (!st) return st.status();
  st->bind(1, table).bind(2, pk);
  return read_feed(*impl_, *st);
}

Result<std::vector<std::string>> Store::ids_where(const std::string& table, const std::string& column,
                                                  const Value& value, std::int64_t limit) {
  const TableSpec* t = find_table(table);
  if (!t || !t->find(column)) return Status::invalid("unknown table or column " + table + "." + column);
  // LIMIT -1 is SQLite's "no limit".
  auto st = impl_->cached("SELECT id FROM " + sql::quote_ident(t->name) + " WHERE " + sql::quote_ident(column) +
                          " = ? ORDER BY id LIMIT ?");
  if (!st) return st.status();
  st->bind(1, value).bind(2, limit < 0 ? std::int64_t{-1} : limit);
  return first_column_texts(*st);
}

Result<std::int64_t> Store::feed_head() {
  return sql::query_int(impl_->raw(), "SELECT seq FROM sync_meta WHERE id = 1");
}

Result<std::int64_t> Store::cursor(const std::string& peer) {
  auto st = impl_->cached("SELECT cursor FROM sync_cursors WHERE peer = ?");
  if (!st) return st.status();
  st->bind(1, peer);
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->int64(0) : 0;
}

Status Store::set_cursor(const std::string& peer, std::int64_t cursor) {
  auto st = impl_->cached("INSERT INTO sync_cursors (peer, cursor, updated_at) VALUES (?, ?, "
                               "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (peer) DO UPDATE SET "
                               "cursor = excluded.cursor, updated_at = excluded.updated_at");
  if (!st) return st.status();
  st->bind(1, peer).bind(2, cursor);
  return st->run();
}

}  // namespace thidua
