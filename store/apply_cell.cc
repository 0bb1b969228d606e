// The merge's slow path (see store/internal/merger.h): one cell at a time,
// read from and written to the database, so that a refused cell gets its
// own reason. Rows with deletes always come here.
#include "store/internal/merger.h"

namespace thidua::merge {

Status Merger::merge_cell(const RemoteCell& cell, size_t index) {
  Checked ok;
  if (!validate(cell, index, &ok)) return Status::ok();
  auto outcome = merge_checked(cell, ok);
  if (!outcome) return outcome.status();
  result_.outcomes[index] = *outcome;
  if (*outcome != ApplyOutcome::kRejected) clock_ = ok.received;
  return Status::ok();
}

Result<ApplyOutcome> Merger::merge_checked(const RemoteCell& cell, const Checked& ok) {
  const TableSpec& t = *find_table(cell.table);
  std::string* reason = &result_.reasons[ok.index];
  const bool is_row = !ok.column;
  auto current = impl_.cell_clock(cell.table, cell.pk, cell.column);
  if (!current) return current.status();
  if (*current && (*current)->hlc == cell.hlc && (*current)->node == cell.node) return ApplyOutcome::kDuplicate;
  const bool wins = !*current || newer(cell.hlc, cell.node, (*current)->hlc, (*current)->node);
  // Concurrent: the writer had not seen the write it competes with.
  const bool concurrent = *current && (*current)->node != cell.node &&
                          cell.base != std::optional<Hlc>((*current)->hlc);

  if (!wins) {
    if (concurrent && !is_row) {
      auto local = local_value(t, cell.pk, cell.column);
      if (!local) return local.status();
      if (*local && worth_keeping(ok.column, **local, cell.value)) {
        THIDUA_RETURN_IF_ERROR(record_conflict(cell, **local, **current, cell.value, cell.hlc, cell.node));
        ++result_.conflicts;
      }
    }
    return ApplyOutcome::kStale;
  }

  Value old_value;  // what the audit log records as replaced
  if (is_row) {
    auto outcome = merge_row_cell(t, cell, reason, &old_value);
    if (!outcome || *outcome != ApplyOutcome::kApplied) return outcome;
  } else {
    auto local = local_value(t, cell.pk, cell.column);
    if (!local) return local.status();
    if (*local) old_value = **local;
    if (!*local) {
      auto tomb = impl_.cell_clock(cell.table, cell.pk, std::string(kRowColumn));
      if (!tomb) return tomb.status();
      if (*tomb) return ApplyOutcome::kStale;  // deleted: see decide_at_once
    }
    auto refused = check_reference(cell, *ok.column);
    if (!refused) return refused.status();
    if (!refused->empty()) return reject(reason, *refused);
    const std::string col = sql::quote_ident(cell.column);
    auto st = impl_.cached("INSERT INTO " + sql::quote_ident(t.name) + " (id, " + col + ") VALUES (?, ?) " +
                           "ON CONFLICT (id) DO UPDATE SET " + col + " = excluded." + col);
    if (!st) return st.status();
    st->bind(1, cell.pk).bind(2, cell.value);
    // The cell's first write: if a constraint refuses it, SQLite undoes
    // the statement and nothing of this cell remains.
    if (Status s = st->run(); !s.is_ok()) return reject(reason, s.message());
    if (concurrent && *local && worth_keeping(ok.column, cell.value, **local)) {
      THIDUA_RETURN_IF_ERROR(record_conflict(cell, cell.value, CellClock{cell.hlc, cell.node}, **local,
                                             (*current)->hlc, (*current)->node));
      ++result_.conflicts;
    }
  }
  if (options_.audit) THIDUA_RETURN_IF_ERROR(audit(cell, old_value));
  THIDUA_RETURN_IF_ERROR(stamp(cell));
  return ApplyOutcome::kApplied;
}

// A winning `_row` cell: inserts or deletes the row. *old_value is what
// the audit log records as replaced (1 when the row existed).
Result<ApplyOutcome> Merger::merge_row_cell(const TableSpec& t, const RemoteCell& cell, std::string* reason,
                                            Value* old_value) {
  auto existed = row_exists(t.name, cell.pk);
  if (!existed) return existed.status();
  *old_value = std::int64_t{*existed ? 1 : 0};
  if (std::get<std::int64_t>(cell.value) == 0) {
    auto refs = referenced_by(t, cell.pk);
    if (!refs) return refs.status();
    if (!refs->empty()) return reject(reason, "không xoá được " + cell.table + " " + describe(cell.pk) + ": " + *refs);
    if (Status s = run("DELETE FROM " + sql::quote_ident(t.name) + " WHERE id = ?", cell.pk); !s.is_ok()) {
      return reject(reason, s.message());
    }
  } else {
    if (Status s = run("INSERT INTO " + sql::quote_ident(t.name) + " (id) VALUES (?) ON CONFLICT (id) DO NOTHING",
                       cell.pk);
        !s.is_ok()) {
      return reject(reason, s.message());
    }
  }
  return ApplyOutcome::kApplied;
}

// The value this node holds for the cell; nullopt when the row is absent.
Result<std::optional<Value>> Merger::local_value(const TableSpec& t, const std::string& pk,
                                                 const std::string& column) {
  auto st = impl_.cached("SELECT " + sql::quote_ident(column) + " FROM " + sql::quote_ident(t.name) + " WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, pk);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<Value>();
  return std::optional<Value>(st->value(0));
}

Result<bool> Merger::row_exists(std::string_view table, const std::string& pk) {
  auto st = impl_.cached("SELECT 1 FROM " + sql::quote_ident(table) + " WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, pk);
  return st->step();
}

// "" when nothing refers to the row, else which table does.
Result<std::string> Merger::referenced_by(const TableSpec& target, const std::string& pk) {
  for (const auto& t : synced_tables()) {
    for (const auto& c : t.columns) {
      if (c.references != target.name) continue;
      auto st = impl_.cached("SELECT 1 FROM " + sql::quote_ident(t.name) + " WHERE " + sql::quote_ident(c.name) +
                             " = ? LIMIT 1");
      if (!st) return st.status();
      st->bind(1, pk);
      auto found = st->step();
      if (!found) return found.status();
      if (*found) return std::string(t.name) + "." + std::string(c.name) + " vẫn trỏ tới dòng này";
    }
  }
  return std::string();
}

// "" when the value of a reference column names an existing row.
Result<std::string> Merger::check_reference(const RemoteCell& cell, const ColumnSpec& c) {
  if (c.references.empty() || is_null(cell.value)) return std::string();
  const std::string& id = std::get<std::string>(cell.value);
  if (known_rows_.count({std::string(c.references), id})) return std::string();
  auto exists = row_exists(c.references, id);
  if (!exists) return exists.status();
  if (!*exists) {
    return cell.table + "." + cell.column + ": không có dòng " + std::string(c.references) + " nào có mã " + describe(cell.value);
  }
  // Rows are never deleted in a batch that refers to them (deletes fail
  // while referred to), so what exists now exists to the end.
  known_rows_.emplace(std::string(c.references), id);
  return std::string();
}

}  // namespace thidua::merge
