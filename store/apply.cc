// Store::apply_remote: the merge of cells from another node.
//
// Cells are merged a row at a time: one read of the row's clocks, one read
// of the row, every decision made in memory, then one write of the row and
// one clock write per cell that won. A row whose cells delete it, or whose
// write a constraint refuses, is merged again cell by cell, which gives
// each refused cell its own reason. Both paths decide alike.
#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "store/schema.h"
#include "store/internal/store_impl.h"

namespace thidua {
namespace {

// Total order of writes: greater HLC wins, ties go to the greater node id.
bool newer(Hlc a_hlc, const std::string& a_node, Hlc b_hlc, const std::string& b_node) {
  return a_hlc != b_hlc ? a_hlc > b_hlc : a_node > b_node;
}

int rank(const ColumnSpec& c, const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<int>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    auto it = std::find(c.allowed.begin(), c.allowed.end(), *s);
    return it == c.allowed.end() ? -1 : static_cast<int>(it - c.allowed.begin());
  }
  return -1;
}

// Whether losing `lost` to `kept` deserves a person's look (see MergeKind).
bool worth_keeping(const ColumnSpec* c, const Value& kept, const Value& lost) {
  if (!c || kept == lost) return false;
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

bool refers_to_itself(const TableSpec& t) {
  return std::any_of(t.columns.begin(), t.columns.end(), [&](const ColumnSpec& c) { return c.references == t.name; });
}

// A cell that passed validation.
struct Checked {
  size_t index = 0;                   // in the batch
  const ColumnSpec* column = nullptr;  // nullptr for `_row`
  Hlc received = 0;                    // the local clock once this cell is seen
};

// A losing write kept for a person to decide.
struct PendingConflict {
  const RemoteCell* cell;
  Value kept;
  CellClock kept_clock;
  Value lost;
  Hlc lost_hlc;
  std::string lost_node;
};

// What the merge knows of one row while it decides its cells.
struct RowState {
  bool existed = false;                                   // in the table before this batch
  bool exists = false;                                    // after the cells decided so far
  std::vector<Value> values;                              // by column index
  std::vector<bool> dirty;                                // columns to write
  std::vector<std::pair<std::string, CellClock>> clocks;  // by column name

  CellClock* clock(std::string_view column) {
    for (auto& [name, c] : clocks)
      if (name == column) return &c;
    return nullptr;
  }
  void set_clock(const std::string& column, CellClock c) {
    if (CellClock* known = clock(column)) {
      *known = std::move(c);
    } else {
      clocks.emplace_back(column, std::move(c));
    }
  }
};

class Merger {
 public:
  Merger(Store::Impl& impl, const ApplyOptions& options, ApplyResult& result, Hlc clock)
      : impl_(impl), options_(options), result_(result), clock_(clock) {}

  Status begin() {
    THIDUA_RETURN_IF_ERROR(sql::exec(impl_.raw(), "UPDATE sync_meta SET applying = 1"));
    auto seq = sql::query_int(impl_.raw(), "SELECT seq FROM sync_meta");
    if (!seq) return seq.status();
    seq_ = *seq;
    return Status::ok();
  }

  Status finish() {
    auto st = impl_.cached("UPDATE sync_meta SET applying = 0, hlc = max(hlc, ?), seq = ?");
    if (!st) return st.status();
    st->bind(1, static_cast<std::int64_t>(clock_)).bind(2, seq_);
    return st->run();
  }

  // Merges the cells of one row (one table, one id), `_row` cells first.
  Status merge_row(const std::vector<RemoteCell>& cells, const std::vector<size_t>& row) {
    const Hlc clock_before = clock_;
    bool deletes = false;
    for (size_t i : row) {
      deletes |= cells[i].column == kRowColumn && cells[i].value == Value{std::int64_t{0}};
    }
    if (!deletes) {
      auto merged = merge_at_once(cells, row);
      if (!merged) return merged.status();
      if (*merged) return Status::ok();
      clock_ = clock_before;  // nothing was written: decide again, cell by cell
    }
    for (size_t i : row) {
      result_.outcomes[i] = ApplyOutcome::kRejected;
      result_.reasons[i].clear();
      THIDUA_RETURN_IF_ERROR(merge_cell(cells[i], i));
    }
    return Status::ok();
  }

 private:
  // Checks what can be checked of a cell alone. On failure the cell is
  // rejected with its reason and false comes back.
  bool validate(const RemoteCell& cell, size_t index, Checked* out) {
    out->index = index;
    auto reject = [&](std::string why) {
      result_.outcomes[index] = ApplyOutcome::kRejected;
      result_.reasons[index] = std::move(why);
      return false;
    };
    const TableSpec* t = find_table(cell.table);
    if (!t) return reject("unknown table \"" + cell.table + "\"");
    const bool is_row = cell.column == kRowColumn;
    out->column = is_row ? nullptr : t->find(cell.column);
    if (!is_row && !out->column) return reject("unknown column \"" + cell.column + "\" in table " + cell.table);
    if (Status s = check_id(*t, cell.pk); !s.is_ok()) return reject(s.message());
    if (is_row) {
      const auto* n = std::get_if<std::int64_t>(&cell.value);
      if (!n || (*n != 0 && *n != 1)) return reject(cell.table + "._row must be 0 or 1");
    } else if (Status s = check_value(*t, *out->column, cell.value); !s.is_ok()) {
      return reject(s.message());
    }
    if (cell.node.empty() || cell.node.size() > 64) return reject("cell has no valid node id");
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
  Result<bool> merge_at_once(const std::vector<RemoteCell>& cells, const std::vector<size_t>& row) {
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
    std::vector<PendingConflict> conflicts;
    for (size_t i : row) {
      const RemoteCell& cell = cells[i];
      Checked ok;
      if (!validate(cell, i, &ok)) continue;
      CellClock* current = state.clock(cell.column);
      if (current && current->hlc == cell.hlc && current->node == cell.node) {
        result_.outcomes[i] = ApplyOutcome::kDuplicate;
        clock_ = ok.received;
        continue;
      }
      const bool wins = !current || newer(cell.hlc, cell.node, current->hlc, current->node);
      const bool concurrent = current && current->node != cell.node && cell.base != std::optional<Hlc>(current->hlc);
      const size_t col = ok.column ? static_cast<size_t>(ok.column - t->columns.data()) : 0;
      if (!wins) {
        if (concurrent && ok.column && state.exists && worth_keeping(ok.column, state.values[col], cell.value)) {
          conflicts.push_back({&cell, state.values[col], *current, cell.value, cell.hlc, cell.node});
        }
        result_.outcomes[i] = ApplyOutcome::kStale;
        clock_ = ok.received;
        continue;
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
          continue;
        }
        auto refused = check_reference(cell, *ok.column);
        if (!refused) return refused.status();
        if (!refused->empty()) {
          result_.reasons[i] = std::move(*refused);
          continue;
        }
        // A second winning write to one column in a batch (clients fold
        // theirs; this is a resent or odd batch): the table must judge each
        // value, so the row goes cell by cell.
        if (state.dirty[col]) return false;
        if (state.exists) {
          old_value = state.values[col];
          if (concurrent && worth_keeping(ok.column, cell.value, state.values[col])) {
            conflicts.push_back({&cell, cell.value, CellClock{cell.hlc, cell.node}, state.values[col],
                                 current->hlc, current->node});
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
    }

    auto written = write_row(*t, pk, state);
    if (!written) return written.status();
    if (!*written) return false;
    for (const auto& c : conflicts) {
      THIDUA_RETURN_IF_ERROR(record_conflict(*c.cell, c.kept, c.kept_clock, c.lost, c.lost_hlc, c.lost_node));
      ++result_.conflicts;
    }
    for (const auto& [cell, old_value] : applied) {
      if (options_.audit) THIDUA_RETURN_IF_ERROR(audit(*cell, old_value));
      THIDUA_RETURN_IF_ERROR(stamp(*cell));
    }
    return true;
  }

  // The row's clocks and values as stored.
  Status load(const TableSpec& t, const std::string& pk, RowState* state) {
    auto clocks = impl_.cached("SELECT col, hlc, node FROM sync_cells WHERE tbl = ? AND pk = ?");
    if (!clocks) return clocks.status();
    clocks->bind(1, t.name).bind(2, pk);
    for (;;) {
      auto more = clocks->step();
      if (!more) return more.status();
      if (!*more) break;
      state->clocks.emplace_back(clocks->text(0), CellClock{static_cast<Hlc>(clocks->int64(1)), clocks->text(2)});
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
  Result<bool> write_row(const TableSpec& t, const std::string& pk, const RowState& state) {
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

  // "" when the value of a reference column names an existing row.
  Result<std::string> check_reference(const RemoteCell& cell, const ColumnSpec& c) {
    if (c.references.empty() || is_null(cell.value)) return std::string();
    const std::string& id = std::get<std::string>(cell.value);
    if (known_rows_.count({std::string(c.references), id})) return std::string();
    auto exists = row_exists(c.references, id);
    if (!exists) return exists.status();
    if (!*exists) {
      return cell.table + "." + cell.column + ": no " + std::string(c.references) + " row with id " + describe(cell.value);
    }
    // Rows are never deleted in a batch that refers to them (deletes fail
    // while referred to), so what exists now exists to the end.
    known_rows_.emplace(std::string(c.references), id);
    return std::string();
  }

  const std::string& select_sql(const TableSpec& t) {
    auto& sql = select_sql_[t.name];
    if (sql.empty()) {
      sql = "SELECT ";
      for (size_t c = 0; c < t.columns.size(); ++c) sql += (c ? ", " : "") + sql::quote_ident(t.columns[c].name);
      sql += " FROM " + sql::quote_ident(t.name) + " WHERE id = ?";
    }
    return sql;
  }

  const std::string& upsert_sql(const TableSpec& t, const std::vector<bool>& dirty) {
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

  // The slow path: one cell, read from and written to the database.
  Status merge_cell(const RemoteCell& cell, size_t index) {
    Checked ok;
    if (!validate(cell, index, &ok)) return Status::ok();
    auto outcome = merge_checked(cell, ok);
    if (!outcome) return outcome.status();
    result_.outcomes[index] = *outcome;
    if (*outcome != ApplyOutcome::kRejected) clock_ = ok.received;
    return Status::ok();
  }

  Result<ApplyOutcome> merge_checked(const RemoteCell& cell, const Checked& ok) {
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
      auto existed = row_exists(t.name, cell.pk);
      if (!existed) return existed.status();
      old_value = std::int64_t{*existed ? 1 : 0};
      if (std::get<std::int64_t>(cell.value) == 0) {
        auto refs = referenced_by(t, cell.pk);
        if (!refs) return refs.status();
        if (!refs->empty()) return reject(reason, "cannot delete " + cell.table + " " + describe(cell.pk) + ": " + *refs);
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
    } else {
      auto local = local_value(t, cell.pk, cell.column);
      if (!local) return local.status();
      if (*local) old_value = **local;
      if (!*local) {
        auto tomb = impl_.cell_clock(cell.table, cell.pk, std::string(kRowColumn));
        if (!tomb) return tomb.status();
        if (*tomb) return ApplyOutcome::kStale;  // deleted: see merge_at_once
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

  static Result<ApplyOutcome> reject(std::string* reason, std::string why) {
    *reason = std::move(why);
    return ApplyOutcome::kRejected;
  }

  Status run(const std::string& sql, const std::string& pk) {
    auto st = impl_.cached(sql);
    if (!st) return st.status();
    st->bind(1, pk);
    return st->run();
  }

  // The value this node holds for the cell; nullopt when the row is absent.
  Result<std::optional<Value>> local_value(const TableSpec& t, const std::string& pk, const std::string& column) {
    auto st = impl_.cached("SELECT " + sql::quote_ident(column) + " FROM " + sql::quote_ident(t.name) + " WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, pk);
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return std::optional<Value>();
    return std::optional<Value>(st->value(0));
  }

  Result<bool> row_exists(std::string_view table, const std::string& pk) {
    auto st = impl_.cached("SELECT 1 FROM " + sql::quote_ident(table) + " WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, pk);
    return st->step();
  }

  // "" when nothing refers to the row, else which table does.
  Result<std::string> referenced_by(const TableSpec& target, const std::string& pk) {
    for (const auto& t : synced_tables()) {
      for (const auto& c : t.columns) {
        if (c.references != target.name) continue;
        auto st = impl_.cached("SELECT 1 FROM " + sql::quote_ident(t.name) + " WHERE " + sql::quote_ident(c.name) +
                               " = ? LIMIT 1");
        if (!st) return st.status();
        st->bind(1, pk);
        auto found = st->step();
        if (!found) return found.status();
        if (*found) return std::string(t.name) + "." + std::string(c.name) + " still refers to it";
      }
    }
    return std::string();
  }

  // The cell's new clock, numbered in the change feed.
  Status stamp(const RemoteCell& cell) {
    auto st = impl_.cached(
        "INSERT INTO sync_cells (tbl, pk, col, hlc, node, seq) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc, node = excluded.node, seq = excluded.seq");
    if (!st) return st.status();
    st->bind(1, cell.table).bind(2, cell.pk).bind(3, cell.column).bind(4, static_cast<std::int64_t>(cell.hlc));
    st->bind(5, cell.node).bind(6, ++seq_);
    return st->run();
  }

  Status audit(const RemoteCell& cell, const Value& old_value) {
    auto st = impl_.cached("INSERT INTO server_audit (node_id, tbl, pk, col, old_val, new_val, hlc) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, cell.node).bind(2, cell.table).bind(3, cell.pk).bind(4, cell.column);
    st->bind(5, old_value).bind(6, cell.value).bind(7, static_cast<std::int64_t>(cell.hlc));
    return st->run();
  }

  Status record_conflict(const RemoteCell& cell, const Value& kept, const CellClock& kept_clock, const Value& lost,
                         Hlc lost_hlc, const std::string& lost_node) {
    auto st = impl_.cached("INSERT INTO sync_conflicts (tbl, pk, col, kept_val, kept_hlc, kept_node, "
                           "lost_val, lost_hlc, lost_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, cell.table).bind(2, cell.pk).bind(3, cell.column).bind(4, kept);
    st->bind(5, static_cast<std::int64_t>(kept_clock.hlc)).bind(6, kept_clock.node);
    st->bind(7, lost).bind(8, static_cast<std::int64_t>(lost_hlc)).bind(9, lost_node);
    return st->run();
  }

  Store::Impl& impl_;
  const ApplyOptions& options_;
  ApplyResult& result_;
  Hlc clock_;
  std::int64_t seq_ = 0;
  std::set<std::pair<std::string, std::string>> known_rows_;
  std::map<std::string_view, std::string> select_sql_;
  std::map<std::pair<std::string_view, std::vector<bool>>, std::string> upsert_sql_;
};

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

Result<ApplyResult> Store::apply_remote(const std::vector<RemoteCell>& cells, const ApplyOptions& options) {
  ApplyResult result;
  result.outcomes.assign(cells.size(), ApplyOutcome::kRejected);
  result.reasons.assign(cells.size(), std::string());
  Status st = transaction([&]() -> Status {
    auto clock = this->clock();
    if (!clock) return clock.status();
    Merger merger(*impl_, options, result, *clock);
    THIDUA_RETURN_IF_ERROR(merger.begin());
    for (const auto& row : merge_order(cells)) THIDUA_RETURN_IF_ERROR(merger.merge_row(cells, row));
    return merger.finish();
  });
  if (!st.is_ok()) return st;
  return result;
}

}  // namespace thidua
