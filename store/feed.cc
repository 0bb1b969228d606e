// Store: the change feed (what changed after a sequence number, with the
// values tables hold now) and the pull cursors of peers.
#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include "store/schema.h"
#include "store/internal/row_clocks.h"
#include "store/internal/store_impl.h"

namespace thidua {

namespace {

// Fills in each cell's value, reading each row once. Values are read from
// the tables: the feed carries the latest value of each cell, never its
// history; `_row` is 1 while the row exists and 0 once it is deleted.
Status read_values(Store::Impl& impl, std::vector<FeedCell>& out) {
  std::map<std::pair<std::string, std::string>, std::optional<std::vector<Value>>> rows;
  for (auto& f : out) {
    const TableSpec* t = find_table(f.cell.table);
    if (!t) return Status::corrupt("sync_rows names unknown table " + f.cell.table);
    const bool is_row = f.cell.column == kRowColumn;
    const ColumnSpec* c = is_row ? nullptr : t->find(f.cell.column);
    if (!is_row && !c) return Status::corrupt("sync_rows names unknown column " + f.cell.column);
    auto [it, fresh] = rows.try_emplace({f.cell.table, f.cell.pk});
    if (fresh) {
      std::string sql = "SELECT ";
      for (size_t i = 0; i < t->columns.size(); ++i) sql += (i ? ", " : "") + sql::quote_ident(t->columns[i].name);
      auto v = impl.cached(sql + " FROM " + sql::quote_ident(t->name) + " WHERE id = ?");
      if (!v) return v.status();
      v->bind(1, f.cell.pk);
      auto found = v->step();
      if (!found) return found.status();
      if (*found) {
        std::vector<Value> values(t->columns.size());
        for (size_t i = 0; i < values.size(); ++i) values[i] = v->value(static_cast<int>(i));
        it->second = std::move(values);
      }
    }
    const auto& row = it->second;
    if (is_row) {
      f.cell.value = Value(std::int64_t{row ? 1 : 0});
    } else {
      f.cell.value = row ? (*row)[static_cast<size_t>(c - t->columns.data())] : Value();
    }
  }
  return Status::ok();
}

// One cell of a row's clock record as the feed gives it (its value is read
// afterwards, by read_values).
FeedCell feed_cell(const std::string& table, const std::string& pk, CellStamp&& c) {
  FeedCell f;
  f.seq = c.seq;
  f.cell.table = table;
  f.cell.pk = pk;
  f.cell.column = std::move(c.column);
  f.cell.hlc = c.clock.hlc;
  f.cell.node = std::move(c.clock.node);
  return f;
}

}  // namespace

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit) {
  return changes_since(after_seq, limit, std::string(), std::numeric_limits<std::int64_t>::max());
}

// The feed is a feed of cells, kept per row: the cells numbered in
// (after_seq, up_to_seq] not written by exclude_node, the `limit` first in
// their numbers' order, exactly as a per-cell index gave them. Rows are
// read in the order of their latest cell's number until `limit` cells are
// found; the limit-th smallest number found, T, ends the page. A row read
// later (latest cell past the last row read) can hold a cell at or below T
// only if its first number `lo` is at or below T: those rows, found in the
// (seq, lo) index, are read too. Then the page is the limit first cells.
Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                                  std::int64_t up_to_seq) {
  std::vector<FeedCell> found;
  if (limit <= 0) return found;
  const auto n = static_cast<size_t>(limit);
  auto take = [&](const std::string& table, const std::string& pk, const std::string& packed,
                  std::int64_t below) -> Status {
    RowClocks cells;
    THIDUA_RETURN_IF_ERROR(parse_row_clocks(packed, &cells));
    for (auto& c : cells) {
      if (c.seq <= after_seq || c.seq > up_to_seq || c.seq > below) continue;
      if (!exclude_node.empty() && c.clock.node == exclude_node) continue;
      found.push_back(feed_cell(table, pk, std::move(c)));
    }
    return Status::ok();
  };
  auto rows = impl_->cached("SELECT tbl, pk, seq, cells FROM sync_rows WHERE seq > ? ORDER BY seq");
  if (!rows) return rows.status();
  rows->bind(1, after_seq);
  std::int64_t last_row = after_seq;
  bool cut = false;
  for (;;) {
    auto row = rows->step();
    if (!row) return row.status();
    if (!*row) break;
    last_row = rows->int64(2);
    THIDUA_RETURN_IF_ERROR(take(rows->text(0), rows->text(1), rows->text(3), up_to_seq));
    if (found.size() >= n) {
      cut = true;
      break;
    }
  }
  rows->reset();
  auto by_seq = [](const FeedCell& a, const FeedCell& b) { return a.seq < b.seq; };
  if (cut) {
    std::nth_element(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(n - 1), found.end(), by_seq);
    const std::int64_t end = found[n - 1].seq;
    auto late = impl_->cached("SELECT tbl, pk, cells FROM sync_rows WHERE seq > ? AND lo <= ?");
    if (!late) return late.status();
    late->bind(1, last_row).bind(2, end);
    for (;;) {
      auto row = late->step();
      if (!row) return row.status();
      if (!*row) break;
      THIDUA_RETURN_IF_ERROR(take(late->text(0), late->text(1), late->text(2), end));
    }
    late->reset();
  }
  std::sort(found.begin(), found.end(), by_seq);
  if (found.size() > n) found.resize(n);
  THIDUA_RETURN_IF_ERROR(read_values(*impl_, found));
  return found;
}

Result<std::vector<FeedCell>> Store::cells_of_row(const std::string& table, const std::string& pk) {
  auto cells = read_row_clocks(*impl_, table, pk);
  if (!cells) return cells.status();
  std::vector<FeedCell> out;
  if (*cells) {
    for (auto& c : **cells) {
      out.push_back(feed_cell(table, pk, std::move(c)));
    }
  }
  std::sort(out.begin(), out.end(), [](const FeedCell& a, const FeedCell& b) { return a.seq < b.seq; });
  THIDUA_RETURN_IF_ERROR(read_values(*impl_, out));
  return out;
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
