// What the merge writes (see store/internal/merger.h): the row in one
// statement, the cells' clocks numbered in the change feed, conflicts, and
// one audit record per merged row.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "store/internal/merger.h"

namespace thidua::merge {
namespace {

// JSON as SQLite's json functions read it back (audit_of unpacks with
// json_each): strings escaped, integers in decimal, reals in their
// shortest exact form.
void append_json(std::string& out, const std::string& s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;  // start of the run not yet copied: copied whole, not a character at a time
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c != '"' && c != '\\' && c >= 0x20) continue;
    out.append(s, plain, i - plain);
    plain = i + 1;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  out.append(s, plain, s.size() - plain);
  out += '"';
}

void append_json(std::string& out, const Value& v) {
  char buf[32];
  if (const auto* n = std::get_if<std::int64_t>(&v)) {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, *n).ptr);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d)) {
      std::string_view r(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, *d).ptr - buf));
      out += r;
      if (r.find_first_of(".eE") == std::string_view::npos) out += ".0";  // stays a real when read back
    } else {
      out += *d > 0 ? "9e999" : "-9e999";  // how SQLite writes infinities in JSON
    }
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    append_json(out, *s);
  } else {
    out += "null";
  }
}

}  // namespace

bool AuditRecord::add(const RemoteCell& cell, const Value& old_value) {
  if (!same_row(cell)) return false;
  if (n_ == 0) {
    table_ = cell.table;
    pk_ = cell.pk;
    node_ = cell.node;
    cells_ = "[";
  } else {
    cells_ += ',';
  }
  cells_ += '[';
  append_json(cells_, cell.column);
  cells_ += ',';
  append_json(cells_, old_value);
  cells_ += ',';
  append_json(cells_, cell.value);
  cells_ += ',';
  append_json(cells_, Value(static_cast<std::int64_t>(cell.hlc)));
  cells_ += ']';
  ++n_;
  return true;
}

Status AuditRecord::flush(Store::Impl& impl) {
  if (n_ == 0) return Status::ok();
  cells_ += ']';
  auto st = impl.cached("INSERT INTO server_audit (node_id, tbl, pk, n, cells) VALUES (?, ?, ?, ?, ?)");
  if (!st) return st.status();
  st->bind(1, node_).bind(2, table_).bind(3, pk_).bind(4, n_).bind(5, cells_);
  n_ = 0;
  cells_.clear();
  return st->run();
}

// The row's clocks and values as stored.
Status Merger::load(const TableSpec& t, const std::string& pk, RowState* state) {
  auto stamps = read_row_clocks(impl_, std::string(t.name), pk);
  if (!stamps) return stamps.status();
  // Room for a clock per column and `_row`: the row's cells add theirs.
  state->clocks.reserve(t.columns.size() + 1);
  if (*stamps) {
    state->stamps = std::move(**stamps);
    for (const auto& c : state->stamps) state->clocks.emplace_back(c.column, c.clock);
  }
  state->values.assign(t.columns.size(), Value());
  state->dirty.assign(t.columns.size(), false);
  auto row = impl_.cached(select_sql(t));
  if (!row) return row.status();
  row->bind(1, pk);
  auto found = row->step();
  if (!found) return found.status();
  state->existed = state->exists = *found;
  if (*found) {
    for (size_t c = 0; c < t.columns.size(); ++c) state->values[c] = row->value(static_cast<int>(c));
  }
  return Status::ok();
}

// Writes the row's winning values in one statement. False when a
// constraint refused it (the statement left nothing behind).
Result<bool> Merger::write_row(const TableSpec& t, const std::string& pk, const RowState& state) {
  const bool any = std::find(state.dirty.begin(), state.dirty.end(), true) != state.dirty.end();
  if (!any && (state.existed || !state.exists)) return true;
  auto st = impl_.cached(upsert_sql(t, state.dirty));
  if (!st) return st.status();
  st->bind(1, pk);
  int param = 2;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (state.dirty[c]) st->bind(param++, state.values[c]);
  }
  return st->run().is_ok();
}

const std::string& Merger::select_sql(const TableSpec& t) {
  auto& sql = select_sql_[t.name];
  if (sql.empty()) {
    sql = "SELECT ";
    for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + sql::quote_ident(t.columns[c].name);
    sql += " FROM " + sql::quote_ident(t.name) + " WHERE id = ?";
  }
  return sql;
}

const std::string& Merger::upsert_sql(const TableSpec& t, const std::vector<bool>& dirty) {
  auto& sql = upsert_sql_[{t.name, dirty}];
  if (sql.empty()) {
    std::string cols = "id", params = "?", sets;
    for (size_t c = 0; c < t.columns.size(); ++c) {
      if (!dirty[c]) continue;
      std::string q = sql::quote_ident(t.columns[c].name);
      cols += ", " + q;
      params += ", ?";
      sets += (sets.empty() ? "" : ", ") + q + " = excluded." + q;
    }
    sql = "INSERT INTO " + sql::quote_ident(t.name) + " (" + cols + ") VALUES (" + params + ") ON CONFLICT (id) DO " +
          (sets.empty() ? "NOTHING" : "UPDATE SET " + sets);
  }
  return sql;
}

Status Merger::run(const std::string& sql, const std::string& pk) {
  auto st = impl_.cached(sql);
  if (!st) return st.status();
  st->bind(1, pk);
  return st->run();
}

// The cell's new clock, numbered in the change feed (the cell-by-cell
// path: the row's record read and written again for each cell).
Status Merger::stamp(const RemoteCell& cell) {
  auto stamps = read_row_clocks(impl_, cell.table, cell.pk);
  if (!stamps) return stamps.status();
  RowClocks row = *stamps ? std::move(**stamps) : RowClocks();
  std::vector<std::pair<const RemoteCell*, Value>> one{{&cell, Value()}};
  return stamp_row(*find_table(cell.table), cell.pk, row, one);
}

// The applied cells' new clocks, numbered in the change feed in the order
// applied, written in one record.
Status Merger::stamp_row(const TableSpec& t, const std::string& pk, RowClocks& stamps,
                         const std::vector<std::pair<const RemoteCell*, Value>>& applied) {
  if (applied.empty()) return Status::ok();
  stamps.reserve(stamps.size() + applied.size());
  for (const auto& [cell, unused] : applied) {
    if (CellStamp* c = find_stamp(stamps, cell->column)) {
      c->clock = CellClock{cell->hlc, cell->node};
      c->seq = ++seq_;
    } else {
      stamps.push_back(CellStamp{cell->column, CellClock{cell->hlc, cell->node}, ++seq_});
    }
  }
  return write_row_clocks(impl_, std::string(t.name), pk, stamps);
}

// Adds the cell to the row's audit record (written by merge_row once the
// row is merged).
Status Merger::audit(const RemoteCell& cell, const Value& old_value) {
  if (!audit_.same_row(cell)) THIDUA_RETURN_IF_ERROR(audit_.flush(impl_));
  audit_.add(cell, old_value);
  return Status::ok();
}

Status Merger::record_conflict(const RemoteCell& cell, const Value& kept, const CellClock& kept_clock,
                               const Value& lost, Hlc lost_hlc, const std::string& lost_node) {
  auto st = impl_.cached("INSERT INTO sync_conflicts (tbl, pk, col, kept_val, kept_hlc, kept_node, "
                         "lost_val, lost_hlc, lost_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return st.status();
  st->bind(1, cell.table).bind(2, cell.pk).bind(3, cell.column).bind(4, kept);
  st->bind(5, static_cast<std::int64_t>(kept_clock.hlc)).bind(6, kept_clock.node);
  st->bind(7, lost).bind(8, static_cast<std::int64_t>(lost_hlc)).bind(9, lost_node);
  return st->run();
}

}  // namespace thidua::merge
