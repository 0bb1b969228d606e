// The synced tables and their columns: the one description that change
// capture, merge, export and (later) protocol validation are generated from.
//
// Every synced table has a TEXT primary key `id`; every other column is
// nullable or has a default, so a row can be created from any one of its
// cells when cells arrive one by one from another node.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/value.h"

namespace thidua {

enum class ColumnType { kText, kInteger };

// How a lost write on this column is treated when two nodes edit it
// concurrently. The winner is always the greatest clock; this only decides
// whether the loser is kept for a person to look at.
enum class MergeKind {
  kPlain,     // last writer wins silently (ids, dates, references)
  kText,      // free text: the losing text is kept as a conflict
  kProgress,  // status/percent: kept when the winner moves progress backwards
};

struct ColumnSpec {
  std::string_view name;
  ColumnType type = ColumnType::kText;
  MergeKind merge = MergeKind::kPlain;
  // The allowed values of an enumerated column, in progress order where
  // that matters; empty when any value of `type` is allowed.
  std::vector<std::string_view> allowed = {};
  std::optional<std::int64_t> min = {};
  std::optional<std::int64_t> max = {};
  // The synced table this column refers to by id, if any.
  std::string_view references = {};
  // Who sets the column on a unit's row (progress, stories, nominations),
  // as the server's authorization allows (sync/server/authz.h). The merge
  // keeps a lost write for a person only when one side could have written
  // both values (merge::worth_keeping): a province decision replacing a
  // district's value, or the district's next move replacing a decision, is
  // the workflow handing the row over, not two people colliding.
  // Values only the province sets (a story's "approved"); the column's
  // other values are the unit's moves ("draft", "submitted").
  std::vector<std::string_view> decisions = {};
  // Set by the province only (review notes, decision details): a unit's
  // new row carries the empty default, which no person wrote.
  bool review_only = false;
};

struct TableSpec {
  std::string_view name;
  // Columns other than `id`, in declaration order.
  std::vector<ColumnSpec> columns;
  // Reference data is written by the province only (units, plans, tasks).
  bool reference = false;

  const ColumnSpec* find(std::string_view column) const;
};

// The pseudo-column whose cell records that a row exists (1) or was
// deleted (0, a tombstone). It merges like any other cell.
constexpr std::string_view kRowColumn = "_row";

// The synced tables in dependency order (referenced tables first).
const std::vector<TableSpec>& synced_tables();

// The spec of a synced table, or nullptr.
const TableSpec* find_table(std::string_view name);

// SQL that (re)creates the capture triggers of every synced table.
std::string capture_triggers_sql();

// Checks a value against its column: type, allowed set, range, valid
// UTF-8, bounded size. kInvalid with a message naming table and column.
// `utf8_known`: the text was decoded from JSON, whose decoders refuse what
// is not UTF-8 (sync/protocol), so it is not checked again.
Status check_value(const TableSpec& table, const ColumnSpec& column, const Value& value, bool utf8_known = false);

// Checks a primary key: non-empty, valid UTF-8, at most 200 bytes.
// `utf8_known` as for check_value.
Status check_id(const TableSpec& table, const std::string& id, bool utf8_known = false);

// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

// The most bytes one text cell may hold (a story body with room to spare).
constexpr std::size_t kMaxTextBytes = 1 << 20;

}  // namespace thidua
