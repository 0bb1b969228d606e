// Internal: the merge of remote cells (Store::apply_remote), shared by
// apply.cc (the batch and the row-at-once path), apply_cell.cc (the
// cell-by-cell path) and apply_write.cc (what the merge writes).
//
// Cells are merged a row at a time: one read of the row's clocks, one read
// of the row, every decision made in memory, then one write of the row, one
// write of its clock record and one audit record for the row. A row
// whose cells delete it, or whose write a constraint refuses, is merged
// again cell by cell, which gives each refused cell its own reason. Both
// paths decide alike.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/schema.h"
#include "store/internal/row_clocks.h"
#include "store/internal/store_impl.h"

namespace thidua::merge {

// Total order of writes: greater HLC wins, ties go to the greater node id.
inline bool newer(Hlc a_hlc, const std::string& a_node, Hlc b_hlc, const std::string& b_node) {
  return a_hlc != b_hlc ? a_hlc > b_hlc : a_node > b_node;
}

// Whether losing `lost` to `kept` deserves a person's look: the column's
// MergeKind says so, and one side could have written both values (see
// ColumnSpec::decisions and review_only).
bool worth_keeping(const ColumnSpec* c, const Value& kept, const Value& lost);

// A cell that passed validation.
struct Checked {
  size_t index = 0;                    // in the batch
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
  RowClocks stamps;                                       // the row's clock record as stored

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

// The cells of one merged row on their way to one audit record: the
// server_audit row of migration 5, its cells packed as a JSON array of
// [column, old value, new value, hlc] (see ServerStore::audit_of).
class AuditRecord {
 public:
  // Adds an applied cell and what it replaced. A cell of another row or
  // another node is refused (false): flush first.
  bool add(const RemoteCell& cell, const Value& old_value);
  bool empty() const { return n_ == 0; }
  bool same_row(const RemoteCell& cell) const {
    return n_ == 0 || (cell.table == table_ && cell.pk == pk_ && cell.node == node_);
  }
  // Appends the record (when it holds any cell) and empties it.
  Status flush(Store::Impl& impl);

 private:
  std::string table_, pk_, node_;
  std::string cells_;  // the JSON array, without its closing bracket
  std::int64_t n_ = 0;
};

class Merger {
 public:
  Merger(Store::Impl& impl, const ApplyOptions& options, ApplyResult& result, Hlc clock)
      : impl_(impl), options_(options), result_(result), clock_(clock) {}

  Status begin();
  Status finish();
  // Merges the cells of one row (one table, one id), `_row` cells first.
  Status merge_row(const std::vector<RemoteCell>& cells, const std::vector<size_t>& row);

 private:
  // apply.cc
  bool validate(const RemoteCell& cell, size_t index, Checked* out);
  Result<bool> merge_at_once(const std::vector<RemoteCell>& cells, const std::vector<size_t>& row);
  Result<bool> decide_at_once(const TableSpec& t, const RemoteCell& cell, size_t index, RowState& state,
                              std::vector<std::pair<const RemoteCell*, Value>>& applied,
                              std::vector<PendingConflict>& conflicts);

  // apply_cell.cc: the slow path, one cell read from and written to the database.
  Status merge_cell(const RemoteCell& cell, size_t index);
  Result<ApplyOutcome> merge_checked(const RemoteCell& cell, const Checked& ok);
  Result<ApplyOutcome> merge_row_cell(const TableSpec& t, const RemoteCell& cell, std::string* reason,
                                      Value* old_value);
  Result<std::optional<Value>> local_value(const TableSpec& t, const std::string& pk, const std::string& column);
  Result<bool> row_exists(std::string_view table, const std::string& pk);
  Result<std::string> referenced_by(const TableSpec& target, const std::string& pk);
  Result<std::string> check_reference(const RemoteCell& cell, const ColumnSpec& c);
  static Result<ApplyOutcome> reject(std::string* reason, std::string why) {
    *reason = std::move(why);
    return ApplyOutcome::kRejected;
  }

  // apply_write.cc
  Status load(const TableSpec& t, const std::string& pk, RowState* state);
  Result<bool> write_row(const TableSpec& t, const std::string& pk, const RowState& state);
  const std::string& select_sql(const TableSpec& t);
  const std::string& upsert_sql(const TableSpec& t, const std::vector<bool>& dirty);
  Status run(const std::string& sql, const std::string& pk);
  Status stamp(const RemoteCell& cell);
  Status stamp_row(const TableSpec& t, const std::string& pk, RowClocks& stamps,
                   const std::vector<std::pair<const RemoteCell*, Value>>& applied);
  Status audit(const RemoteCell& cell, const Value& old_value);
  Status record_conflict(const RemoteCell& cell, const Value& kept, const CellClock& kept_clock, const Value& lost,
                         Hlc lost_hlc, const std::string& lost_node);

  Store::Impl& impl_;
  const ApplyOptions& options_;
  ApplyResult& result_;
  Hlc clock_;
  std::int64_t seq_ = 0;
  AuditRecord audit_;  // the row being merged
  std::set<std::pair<std::string, std::string>> known_rows_;
  std::map<std::string_view, std::string> select_sql_;
  std::map<std::pair<std::string_view, std::vector<bool>>, std::string> upsert_sql_;
};

}  // namespace thidua::merge
