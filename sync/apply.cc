// Store::apply_remote: the merge of cells from another node.
#include <algorithm>
#include <numeric>

#include "sync/schema.h"
#include "sync/store_impl.h"

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

class Merger {
 public:
  Merger(Store::Impl& impl, const ApplyOptions& options) : impl_(impl), db_(impl.raw()), options_(options) {}

  Status begin() { return sql::exec(db_, "UPDATE sync_meta SET applying = 1"); }

  Status finish(Hlc clock) {
    auto st = impl_.cached("UPDATE sync_meta SET applying = 0, hlc = max(hlc, ?)");
    if (!st) return st.status();
    st->bind(1, static_cast<std::int64_t>(clock));
    return st->run();
  }

  // Merges one cell. Expected failures (bad cell) come back as kRejected
  // with a reason; a Status failure means the database itself failed.
  Result<ApplyOutcome> merge(const RemoteCell& cell, Hlc* clock, std::string* reason, int* conflicts) {
    const TableSpec* t = find_table(cell.table);
    if (!t) return reject(reason, "unknown table \"" + cell.table + "\"");
    const bool is_row = cell.column == kRowColumn;
    const ColumnSpec* c = is_row ? nullptr : t->find(cell.column);
    if (!is_row && !c) return reject(reason, "unknown column \"" + cell.column + "\" in table " + cell.table);
    if (Status s = check_id(*t, cell.pk); !s.is_ok()) return reject(reason, s.message());
    if (is_row) {
      const auto* n = std::get_if<std::int64_t>(&cell.value);
      if (!n || (*n != 0 && *n != 1)) return reject(reason, cell.table + "._row must be 0 or 1");
    } else if (Status s = check_value(*t, *c, cell.value); !s.is_ok()) {
      return reject(reason, s.message());
    }
    if (cell.node.empty() || cell.node.size() > 64) return reject(reason, "cell has no valid node id");
    if (options_.authorize) {
      if (Status s = options_.authorize(cell); !s.is_ok()) return reject(reason, s.message());
    }
    auto received = hlc_receive(*clock, cell.hlc, impl_.now_ms());
    if (!received) return reject(reason, received.status().message());

    auto current = clock_of(cell.table, cell.pk, cell.column);
    if (!current) return current.status();
    if (*current && (*current)->hlc == cell.hlc && (*current)->node == cell.node) {
      *clock = *received;
      return ApplyOutcome::kDuplicate;
    }
    const bool wins = !*current || newer(cell.hlc, cell.node, (*current)->hlc, (*current)->node);
    // Concurrent: the writer had not seen the write it competes with.
    const bool concurrent = *current && (*current)->node != cell.node &&
                            cell.base != std::optional<Hlc>((*current)->hlc);

    if (!wins) {
      if (concurrent && !is_row) {
        auto local = local_value(*t, cell.pk, cell.column);
        if (!local) return local.status();
        if (*local && worth_keeping(c, **local, cell.value)) {
          THIDUA_RETURN_IF_ERROR(record_conflict(cell, **local, **current, cell.value, cell.hlc, cell.node));
          ++*conflicts;
        }
      }
      *clock = *received;
      return ApplyOutcome::kStale;
    }

    Value old_value;  // what the audit log records as replaced
    if (is_row) {
      auto existed = row_exists(t->name, cell.pk);
      if (!existed) return existed.status();
      old_value = std::int64_t{*existed ? 1 : 0};
      if (std::get<std::int64_t>(cell.value) == 0) {
        auto refs = referenced_by(*t, cell.pk);
        if (!refs) return refs.status();
        if (!refs->empty()) return reject(reason, "cannot delete " + cell.table + " " + describe(cell.pk) + ": " + *refs);
        if (Status s = run("DELETE FROM " + sql::quote_ident(t->name) + " WHERE id = ?", cell.pk); !s.is_ok()) {
          return reject(reason, s.message());
        }
      } else {
        if (Status s = run("INSERT INTO " + sql::quote_ident(t->name) + " (id) VALUES (?) ON CONFLICT (id) DO NOTHING",
                           cell.pk);
            !s.is_ok()) {
          return reject(reason, s.message());
        }
      }
    } else {
      auto local = local_value(*t, cell.pk, cell.column);
      if (!local) return local.status();
      if (*local) old_value = **local;
      if (!*local) {
        // No such row. A tombstone means it was deleted: the delete wins
        // over column writes until the row is inserted again (`_row` = 1,
        // which a batch applies before the row's other cells).
        auto tomb = clock_of(cell.table, cell.pk, std::string(kRowColumn));
        if (!tomb) return tomb.status();
        if (*tomb) {
          *clock = *received;
          return ApplyOutcome::kStale;
        }
      }
      if (!c->references.empty() && !is_null(cell.value)) {
        auto exists = row_exists(c->references, std::get<std::string>(cell.value));
        if (!exists) return exists.status();
        if (!*exists) {
          return reject(reason, cell.table + "." + cell.column + ": no " + std::string(c->references) +
                                    " row with id " + describe(cell.value));
        }
      }
      const std::string col = sql::quote_ident(cell.column);
      auto st = impl_.cached("INSERT INTO " + sql::quote_ident(t->name) + " (id, " + col +
                                            ") VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET " + col +
                                            " = excluded." + col);
      if (!st) return st.status();
      st->bind(1, cell.pk).bind(2, cell.value);
      // The cell's first write: if a constraint refuses it, SQLite undoes
      // the statement and nothing of this cell remains.
      if (Status s = st->run(); !s.is_ok()) return reject(reason, s.message());
      if (concurrent && *local && worth_keeping(c, cell.value, **local)) {
        THIDUA_RETURN_IF_ERROR(record_conflict(cell, cell.value, CellClock{cell.hlc, cell.node}, **local,
                                               (*current)->hlc, (*current)->node));
        ++*conflicts;
      }
    }
    if (options_.audit) THIDUA_RETURN_IF_ERROR(audit(cell, old_value));
    auto st = impl_.cached("INSERT INTO sync_cells (tbl, pk, col, hlc, node) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc, node = excluded.node");
    if (!st) return st.status();
    st->bind(1, cell.table).bind(2, cell.pk).bind(3, cell.column).bind(4, static_cast<std::int64_t>(cell.hlc)).bind(5, cell.node);
    THIDUA_RETURN_IF_ERROR(st->run());
    *clock = *received;
    return ApplyOutcome::kApplied;
  }

 private:
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

  Result<std::optional<CellClock>> clock_of(const std::string& table, const std::string& pk,
                                            const std::string& column) {
    return impl_.cell_clock(table, pk, column);
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
        auto st = impl_.cached("SELECT 1 FROM " + sql::quote_ident(t.name) + " WHERE " +
                                              sql::quote_ident(c.name) + " = ? LIMIT 1");
        if (!st) return st.status();
        st->bind(1, pk);
        auto found = st->step();
        if (!found) return found.status();
        if (*found) return std::string(t.name) + "." + std::string(c.name) + " still refers to it";
      }
    }
    return std::string();
  }

  Status audit(const RemoteCell& cell, const Value& old_value) {
    auto st = impl_.cached("INSERT INTO server_audit (node_id, tbl, pk, col, old_val, new_val, hlc) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, cell.node).bind(2, cell.table).bind(3, cell.pk).bind(4, cell.column);
    st->bind(5, old_value).bind(6, cell.value).bind(7, static_cast<std::int64_t>(cell.hlc));
    return st->run();
  }

  Status record_conflict(const RemoteCell& cell, const Value& kept, const CellClock& kept_clock,
                         const Value& lost, Hlc lost_hlc, const std::string& lost_node) {
    auto st = impl_.cached("INSERT INTO sync_conflicts (tbl, pk, col, kept_val, kept_hlc, kept_node, "
                                 "lost_val, lost_hlc, lost_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return st.status();
    st->bind(1, cell.table).bind(2, cell.pk).bind(3, cell.column).bind(4, kept);
    st->bind(5, static_cast<std::int64_t>(kept_clock.hlc)).bind(6, kept_clock.node);
    st->bind(7, lost).bind(8, static_cast<std::int64_t>(lost_hlc)).bind(9, lost_node);
    return st->run();
  }

  Store::Impl& impl_;
  sqlite3* db_;
  const ApplyOptions& options_;
};

// Referenced tables before the tables that refer to them, and each row's
// `_row` cell before its other cells, so a batch never refers forward.
std::vector<size_t> merge_order(const std::vector<RemoteCell>& cells) {
  auto table_rank = [](const std::string& name) {
    const auto& tables = synced_tables();
    for (size_t i = 0; i < tables.size(); ++i)
      if (tables[i].name == name) return i;
    return tables.size();
  };
  std::vector<size_t> order(cells.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    auto ka = std::make_pair(table_rank(cells[a].table), cells[a].column != kRowColumn);
    auto kb = std::make_pair(table_rank(cells[b].table), cells[b].column != kRowColumn);
    return ka < kb;
  });
  return order;
}

}  // namespace

Result<ApplyResult> Store::apply_remote(const std::vector<RemoteCell>& cells, const ApplyOptions& options) {
  ApplyResult result;
  result.outcomes.assign(cells.size(), ApplyOutcome::kRejected);
  result.reasons.assign(cells.size(), std::string());
  Status st = transaction([&]() -> Status {
    auto clock = this->clock();
    if (!clock) return clock.status();
    Hlc hlc = *clock;
    Merger merger(*impl_, options);
    THIDUA_RETURN_IF_ERROR(merger.begin());
    for (size_t i : merge_order(cells)) {
      // No savepoint per cell: every check comes before a cell's first
      // write, and that write is one statement that SQLite undoes whole if
      // it fails, so a rejected cell leaves nothing behind.
      int conflicts = 0;
      auto outcome = merger.merge(cells[i], &hlc, &result.reasons[i], &conflicts);
      if (!outcome) return outcome.status();
      result.outcomes[i] = *outcome;
      result.conflicts += conflicts;
    }
    return merger.finish(hlc);
  });
  if (!st.is_ok()) return st;
  return result;
}

}  // namespace thidua
