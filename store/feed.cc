// Store: the change feed (what changed after a sequence number, with the
// values tables hold now) and the pull cursors of peers.
#include <algorithm>
#include <limits>
#include <cstdint>
#include <optional>
#include <utility>

#include "store/schema.h"
#include "store/internal/row_clocks.h"
#include "store/internal/store_impl.h"

namespace thidua {

namespace {

const Value kNull;
const Value kExists{std::int64_t{1}};
const Value kGone{std::int64_t{0}};

// The feed's SELECT of a table's values, built once per table and page.
class ValueReader {
 public:
  explicit ValueReader(Store::Impl& impl) : impl_(impl) {}

  // The row's values now, in the TableSpec's column order; nullopt when the
  // row is gone. Values are read from the tables: the feed carries the
  // latest value of each cell, never its history.
  Result<std::optional<std::vector<Value>>> read(const TableSpec& t, const std::string& pk) {
    auto v = impl_.cached(sql_of(t));
    if (!v) return v.status();
    v->bind(1, pk);
    auto found = v->step();
    if (!found) return found.status();
    if (!*found) return std::optional<std::vector<Value>>();
    std::vector<Value> values(t.columns.size());
    for (size_t i = 0; i < values.size(); ++i) values[i] = v->value(static_cast<int>(i));
    return std::optional<std::vector<Value>>(std::move(values));
  }

 private:
  const std::string& sql_of(const TableSpec& t) {
    for (const auto& [table, sql] : sql_) {
      if (table == &t) return sql;
    }
    std::string sql = "SELECT ";
    for (size_t i = 0; i < t.columns.size(); ++i) sql += (i ? ", " : "") + sql::quote_ident(t.columns[i].name);
    sql += " FROM " + sql::quote_ident(t.name) + " WHERE id = ?";
    return sql_.emplace_back(&t, std::move(sql)).second;
  }

  Store::Impl& impl_;
  std::vector<std::pair<const TableSpec*, std::string>> sql_;
};

// The table and column a cell of the feed names, or kCorrupt: a sync_rows
// record of a table or column the schema lacks.
Result<const TableSpec*> check_cell(const std::string& table, const std::string& column) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::corrupt("sync_rows names unknown table " + table);
  if (column != kRowColumn && !t->find(column)) return Status::corrupt("sync_rows names unknown column " + column);
  return t;
}

FeedCell feed_cell(const FeedRow& row, const CellStamp& c) {
  FeedCell f;
  f.seq = c.seq;
  f.cell.table = row.table;
  f.cell.pk = row.pk;
  f.cell.column = c.column;
  f.cell.hlc = c.clock.hlc;
  f.cell.node = c.clock.node;
  f.cell.value = *row.value(c.column);
  return f;
}

// A cell the scan found: its row among those read, and its place in the
// row's record. Light, so that choosing and ordering a page moves no strings.
struct Found {
  std::int64_t seq;
  std::uint32_t row;
  std::uint32_t stamp;
};

// What the scan of sync_rows read: every row it parsed that holds a cell
// of the page's range, and those cells.
struct Scan {
  std::vector<FeedRow> rows;
  std::vector<Found> found;
};

// The page's cells in feed order, with their rows (each read once, its
// values then), each row's cells put in feed order afterwards.
Result<FeedPage> finish_page(Store::Impl& impl, Scan& scan, std::size_t n) {
  auto by_seq = [](const Found& a, const Found& b) { return a.seq < b.seq; };
  std::sort(scan.found.begin(), scan.found.end(), by_seq);
  if (scan.found.size() > n) scan.found.resize(n);
  FeedPage page;
  page.cells.reserve(scan.found.size());
  page.row_of.reserve(scan.found.size());
  constexpr std::size_t kUnread = static_cast<std::size_t>(-1);
  std::vector<std::size_t> index(scan.rows.size(), kUnread);  // scan row -> page row
  ValueReader reader(impl);
  for (const Found& f : scan.found) {
    FeedRow& row = scan.rows[f.row];
    const CellStamp& stamp = row.cells[f.stamp];
    auto t = check_cell(row.table, stamp.column);
    if (!t) return t.status();
    if (index[f.row] == kUnread) {
      auto values = reader.read(**t, row.pk);
      if (!values) return values.status();
      row.values = std::move(*values);
      index[f.row] = page.rows.size();
      page.rows.emplace_back();  // filled below: its cells are still referred to
    }
    page.cells.push_back(feed_cell(row, stamp));
    page.row_of.push_back(index[f.row]);
  }
  for (std::size_t i = 0; i < scan.rows.size(); ++i) {
    if (index[i] == kUnread) continue;
    FeedRow& row = page.rows[index[i]];
    row = std::move(scan.rows[i]);
    std::sort(row.cells.begin(), row.cells.end(), [](const CellStamp& a, const CellStamp& b) { return a.seq < b.seq; });
  }
  return page;
}

}  // namespace

const Value* FeedRow::value(std::string_view column) const {
  if (column == kRowColumn) return values ? &kExists : &kGone;
  const TableSpec* t = find_table(table);
  const ColumnSpec* c = t ? t->find(column) : nullptr;
  if (!c) return nullptr;
  return values ? &(*values)[static_cast<size_t>(c - t->columns.data())] : &kNull;
}

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit) {
  return changes_since(after_seq, limit, std::string(), std::numeric_limits<std::int64_t>::max());
}

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                                  std::int64_t up_to_seq) {
  auto page = feed_page(after_seq, limit, exclude_node, up_to_seq);
  if (!page) return page.status();
  return std::move(page->cells);
}

// The feed is a feed of cells, kept per row: the cells numbered in
// (after_seq, up_to_seq] not written by exclude_node, the `limit` first in
// their numbers' order, exactly as a per-cell index gave them. Rows whose
// latest cell is in the range are read in that cell's order until `limit`
// cells are found; the limit-th smallest number found, T, ends the page
// (without a cut, T is up_to_seq). A row not read (latest cell past the
// last row read) can hold a cell at or below T only if its first number
// `lo` is at or below T: those rows, found in the (seq, lo) index, are read
// too. Then the page is the limit first cells. Rows written after
// up_to_seq (a push's own rows, merged just before its pull) are passed
// over in the index, not parsed.
Result<FeedPage> Store::feed_page(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                  std::int64_t up_to_seq) {
  Scan scan;
  if (limit <= 0) return FeedPage();
  const auto n = static_cast<size_t>(limit);
  auto take = [&](sql::Stmt& st, int packed_column, std::int64_t below) -> Status {
    FeedRow row;
    THIDUA_RETURN_IF_ERROR(parse_row_clocks(st.text(packed_column), &row.cells));
    const auto at = static_cast<std::uint32_t>(scan.rows.size());
    bool kept = false;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const CellStamp& c = row.cells[i];
      if (c.seq <= after_seq || c.seq > up_to_seq || c.seq > below) continue;
      if (!exclude_node.empty() && c.clock.node == exclude_node) continue;
      scan.found.push_back(Found{c.seq, at, static_cast<std::uint32_t>(i)});
      kept = true;
    }
    if (kept) {
      row.table = st.text(0);
      row.pk = st.text(1);
      scan.rows.push_back(std::move(row));
    }
    return Status::ok();
  };
  auto rows = impl_->cached("SELECT tbl, pk, seq, cells FROM sync_rows WHERE seq > ? AND seq <= ? ORDER BY seq");
  if (!rows) return rows.status();
  rows->bind(1, after_seq).bind(2, up_to_seq);
  std::int64_t last_row = after_seq;
  bool cut = false;
  for (;;) {
    auto row = rows->step();
    if (!row) return row.status();
    if (!*row) break;
    last_row = rows->int64(2);
    THIDUA_RETURN_IF_ERROR(take(*rows, 3, up_to_seq));
    if (scan.found.size() >= n) {
      cut = true;
      break;
    }
  }
  rows->reset();
  std::int64_t end = up_to_seq;
  if (cut) {
    auto by_seq = [](const Found& a, const Found& b) { return a.seq < b.seq; };
    std::nth_element(scan.found.begin(), scan.found.begin() + static_cast<std::ptrdiff_t>(n - 1), scan.found.end(),
                     by_seq);
    end = scan.found[n - 1].seq;
  }
  // Uncut and unbounded, every row past the last one read is past the range.
  if (cut || end != std::numeric_limits<std::int64_t>::max()) {
    auto late = impl_->cached("SELECT tbl, pk, cells FROM sync_rows WHERE seq > ? AND lo <= ?");
    if (!late) return late.status();
    late->bind(1, last_row).bind(2, end);
    for (;;) {
      auto row = late->step();
      if (!row) return row.status();
      if (!*row) break;
      THIDUA_RETURN_IF_ERROR(take(*late, 2, end));
    }
    late->reset();
  }
  return finish_page(*impl_, scan, n);
}

Result<std::vector<FeedCell>> Store::cells_of_row(const std::string& table, const std::string& pk) {
  auto cells = read_row_clocks(*impl_, table, pk);
  if (!cells) return cells.status();
  std::vector<FeedCell> out;
  if (!*cells) return out;
  FeedRow row;
  row.table = table;
  row.pk = pk;
  row.cells = std::move(**cells);
  std::sort(row.cells.begin(), row.cells.end(), [](const CellStamp& a, const CellStamp& b) { return a.seq < b.seq; });
  ValueReader reader(*impl_);
  for (const CellStamp& c : row.cells) {
    auto t = check_cell(table, c.column);
    if (!t) return t.status();
    if (out.empty()) {
      auto values = reader.read(**t, pk);
      if (!values) return values.status();
      row.values = std::move(*values);
    }
    out.push_back(feed_cell(row, c));
  }
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
