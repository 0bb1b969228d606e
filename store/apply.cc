// Store::apply_remote: the merge of cells from another node, a row at a
// time (see store/internal/merger.h). This file holds the batch order and
// the row-at-once path; apply_cell.cc the cell-by-cell path; apply_write.cc
// what the merge writes.
#include <algorithm>
#include <numeric>

#include "store/internal/merger.h"

namespace thidua::merge {
namespace {

int rank(const ColumnSpec& c, const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<int>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    auto it = std::find(c.allowed.begin(), c.allowed.end(), *s);
    return it == c.allowed.end() ? -1 : static_cast<int>(it - c.allowed.begin());
  }
  return -1;
}

bool is_empty(const Value& v) {
  const auto* s = std::get_if<std::string>(&v);
  return is_null(v) || (s && s->empty());
}

// The side that may have written `v` (see ColumnSpec::decisions): the
// province's review (true) or the unit's own moves (false). A column both
// sides write puts every value on one side: its writes may always collide.
bool reviewers_value(const ColumnSpec& c, const Value& v) {
  if (c.review_only) return !is_empty(v);
  const auto* s = std::get_if<std::string>(&v);
  return s && std::find(c.decisions.begin(), c.decisions.end(), *s) != c.decisions.end();
}

bool refers_to_itself(const TableSpec& t) {
  return std::any_of(t.columns.begin(), t.columns.end(), [&](const ColumnSpec& c) { return c.references == t.name; });
}

}  // namespace

bool worth_keeping(const ColumnSpec* c, const Value& kept, const Value& lost) {
  if (!c || kept == lost) return false;
  // Writes of two sides do not collide: each is that side's turn (a
  // rejection replacing "submitted", a resubmission replacing "rejected", a
  // review note replacing the empty one the district's new row carried).
  // Pulled cells carry no `base`, so on a node they always look concurrent;
  // this is what keeps the workflow from reading as a conflict.
  if (reviewers_value(*c, kept) != reviewers_value(*c, lost)) return false;
  switch (c->merge) {
    case MergeKind::kText:
      return true;
    case MergeKind::kProgress:
      return rank(*c, kept) < rank(*c, lost);
    case MergeKind::kPlain:
      return false;
  }
  return false;
}

Status Merger::begin() {
  THIDUA_RETURN_IF_ERROR(sql::exec(impl_.raw(), "UPDATE sync_meta SET applying = 1"));
  auto seq = sql::query_int(impl_.raw(), "SELECT seq FROM sync_meta");
  if (!seq) return seq.status();
  seq_ = *seq;
  return Status::ok();
}

Status Merger::finish() {
  auto st = impl_.cached("UPDATE sync_meta SET applying = 0, hlc = max(hlc, ?), seq = ?");
  if (!st) return st.status();
  st->bind(1, static_cast<std::int64_t>(clock_)).bind(2, seq_);
  return st->run();
}

Status Merger::merge_row(const std::vector<RemoteCell>& cells, const std::vector<size_t>& row) {
  const Hlc clock_before = clock_;
  bool deletes = false;
  for (size_t i : row) {
    deletes |= cells[i].column == kRowColumn && cells[i].value == Value{std::int64_t{0}};
  }
  if (!deletes) {
    auto merged = merge_at_once(cells, row);
    if (!merged) return merged.status();
    if (*merged) return audit_.flush(impl_);
    clock_ = clock_before;  // nothing was written: decide again, cell by cell
  }
  for (size_t i : row) {
    result_.outcomes[i] = ApplyOutcome::kRejected;
    result_.reasons[i].clear();
    THIDUA_RETURN_IF_ERROR(merge_cell(cells[i], i));
  }
  return audit_.flush(impl_);
}

// Checks what can be checked of a cell alone. On failure the cell is
// rejected with its reason and false comes back.
bool Merger::validate(const RemoteCell& cell, size_t index, Checked* out) {
  out->index = index;
  auto reject = [&](std::string why) {
    result_.outcomes[index] = ApplyOutcome::kRejected;
    result_.reasons[index] = std::move(why);
    return false;
  };
  const TableSpec* t = find_table(cell.table);
  if (!t) return reject("không có bảng \"" + cell.table + "\"");
  const bool is_row = cell.column == kRowColumn;
  out->column = is_row ? nullptr : t->find(cell.column);
  if (!is_row && !out->column) return reject("bảng " + cell.table + " không có cột \"" + cell.column + "\"");
  if (Status s = check_id(*t, cell.pk, options_.utf8_known); !s.is_ok()) return reject(s.message());
  if (is_row) {
    const auto* n = std::get_if<std::int64_t>(&cell.value);
    if (!n || (*n != 0 && *n != 1)) return reject(cell.table + "._row phải là 0 hoặc 1");
  } else if (Status s = check_value(*t, *out->column, cell.value, options_.utf8_known); !s.is_ok()) {
    return reject(s.message());
  }
  if (cell.node.empty() || cell.node.size() > 64) return reject("ô không có mã nút hợp lệ");
  if (options_.authorize) {
    if (Status s = options_.authorize(cell); !s.is_ok()) return reject(s.message());
  }
  auto received = hlc_receive(clock_, cell.hlc, impl_.now_ms());
  if (!received) return reject(received.status().message());
  out->received = *received;
  return true;
}

// The fast path. False when the row must be merged cell by cell instead
// (a constraint refused the row's write, or a column is written twice);
// nothing was written then.
Result<bool> Merger::merge_at_once(const std::vector<RemoteCell>& cells, const std::vector<size_t>& row) {
  const TableSpec* t = find_table(cells[row.front()].table);
  if (!t) {  // every cell is rejected for its table
    for (size_t i : row) {
      Checked unused;
      validate(cells[i], i, &unused);
    }
    return true;
  }
  const std::string& pk = cells[row.front()].pk;
  RowState state;
  THIDUA_RETURN_IF_ERROR(load(*t, pk, &state));

  std::vector<std::pair<const RemoteCell*, Value>> applied;  // and the value each replaced
  applied.reserve(row.size());
  std::vector<PendingConflict> conflicts;
  for (size_t i : row) {
    auto decided = decide_at_once(*t, cells[i], i, state, applied, conflicts);
    if (!decided) return decided.status();
    if (!*decided) return false;
  }

  auto written = write_row(*t, pk, state);
  if (!written) return written.status();
  if (!*written) return false;
  for (const auto& c : conflicts) {
    THIDUA_RETURN_IF_ERROR(record_conflict(*c.cell, c.kept, c.kept_clock, c.lost, c.lost_hlc, c.lost_node));
    ++result_.conflicts;
  }
  if (options_.audit) {
    for (const auto& [cell, old_value] : applied) THIDUA_RETURN_IF_ERROR(audit(*cell, old_value));
  }
  THIDUA_RETURN_IF_ERROR(stamp_row(*t, pk, state.stamps, applied));
  return true;
}

// Decides one cell of the row in memory. False when the row must go cell
// by cell (a second winning write to one column).
Result<bool> Merger::decide_at_once(const TableSpec& t, const RemoteCell& cell, size_t i, RowState& state,
                                    std::vector<std::pair<const RemoteCell*, Value>>& applied,
                                    std::vector<PendingConflict>& conflicts) {
  Checked ok;
  if (!validate(cell, i, &ok)) return true;
  CellClock* current = state.clock(cell.column);
  if (current && current->hlc == cell.hlc && current->node == cell.node) {
    result_.outcomes[i] = ApplyOutcome::kDuplicate;
    clock_ = ok.received;
    return true;
  }
  const bool wins = !current || newer(cell.hlc, cell.node, current->hlc, current->node);
  const bool concurrent = current && current->node != cell.node && cell.base != std::optional<Hlc>(current->hlc);
  const size_t col = ok.column ? static_cast<size_t>(ok.column - t.columns.data()) : 0;
  if (!wins) {
    if (concurrent && ok.column && state.exists && worth_keeping(ok.column, state.values[col], cell.value)) {
      conflicts.push_back({&cell, state.values[col], *current, cell.value, cell.hlc, cell.node});
    }
    result_.outcomes[i] = ApplyOutcome::kStale;
    clock_ = ok.received;
    return true;
  }
  Value old_value;
  if (!ok.column) {  // `_row` = 1: rows with deletes never come here
    old_value = std::int64_t{state.exists ? 1 : 0};
    state.exists = true;
  } else {
    if (!state.exists && state.clock(kRowColumn)) {
      // Deleted: the delete wins over column writes until the row is
      // inserted again (its `_row` = 1 comes first in a batch).
      result_.outcomes[i] = ApplyOutcome::kStale;
      clock_ = ok.received;
      return true;
    }
    auto refused = check_reference(cell, *ok.column);
    if (!refused) return refused.status();
    if (!refused->empty()) {
      result_.reasons[i] = std::move(*refused);
      return true;
    }
    // A second winning write to one column in a batch (clients fold
    // theirs; this is a resent or odd batch): the table must judge each
    // value, so the row goes cell by cell.
    if (state.dirty[col]) return false;
    if (state.exists) {
      old_value = state.values[col];
      if (concurrent && worth_keeping(ok.column, cell.value, state.values[col])) {
        conflicts.push_back({&cell, cell.value, CellClock{cell.hlc, cell.node}, state.values[col], current->hlc,
                             current->node});
      }
    }
    state.exists = true;
    state.values[col] = cell.value;
    state.dirty[col] = true;
  }
  state.set_clock(cell.column, CellClock{cell.hlc, cell.node});
  applied.emplace_back(&cell, std::move(old_value));
  result_.outcomes[i] = ApplyOutcome::kApplied;
  clock_ = ok.received;
  return true;
}

namespace {

// The batch as rows, in the order they merge: referenced tables before the
// tables that refer to them, and within a row its `_row` cell first, so a
// batch never refers forward. A table that refers to itself (units) gets
// every `_row` cell before any other cell, as rows of its own.
std::vector<std::vector<size_t>> merge_order(const std::vector<RemoteCell>& cells) {
  const auto& tables = synced_tables();
  auto table_rank = [&](const std::string& name) {
    for (size_t i = 0; i < tables.size(); ++i)
      if (tables[i].name == name) return i;
    return tables.size();
  };
  struct Key {
    size_t table;
    bool late;  // a column cell of a self-referring table
    bool column;
  };
  std::vector<bool> self_referring;
  for (const auto& t : tables) self_referring.push_back(refers_to_itself(t));
  std::vector<Key> keys(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    size_t t = table_rank(cells[i].table);
    bool column = cells[i].column != kRowColumn;
    keys[i] = {t, column && t < tables.size() && self_referring[t], column};
  }
  std::vector<size_t> order(cells.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Key& ka = keys[a];
    const Key& kb = keys[b];
    if (ka.table != kb.table) return ka.table < kb.table;
    if (ka.late != kb.late) return kb.late;
    if (int c = cells[a].pk.compare(cells[b].pk); c != 0) return c < 0;
    return !ka.column && kb.column;
  });
  std::vector<std::vector<size_t>> rows;
  for (size_t k = 0; k < order.size(); ++k) {
    size_t i = order[k];
    bool same = k > 0 && keys[order[k - 1]].table == keys[i].table && keys[order[k - 1]].late == keys[i].late &&
                cells[order[k - 1]].table == cells[i].table && cells[order[k - 1]].pk == cells[i].pk;
    if (!same) rows.emplace_back();
    rows.back().push_back(i);
  }
  return rows;
}

}  // namespace
}  // namespace thidua::merge

namespace thidua {

Result<ApplyResult> Store::apply_remote(const std::vector<RemoteCell>& cells, const ApplyOptions& options) {
  ApplyResult result;
  result.outcomes.assign(cells.size(), ApplyOutcome::kRejected);
  result.reasons.assign(cells.size(), std::string());
  Status st = transaction([&]() -> Status {
    auto clock = this->clock();
    if (!clock) return clock.status();
    merge::Merger merger(*impl_, options, result, *clock);
    THIDUA_RETURN_IF_ERROR(merger.begin());
    for (const auto& row : merge::merge_order(cells)) THIDUA_RETURN_IF_ERROR(merger.merge_row(cells, row));
    return merger.finish();
  });
  if (!st.is_ok()) return st;
  return result;
}

}  // namespace thidua
