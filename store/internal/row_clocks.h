// Internal: the clocks of one row's cells, packed in one sync_rows record
// (migration 7, issue 10). A record holds, for each cell of the row that
// has a clock, its HLC, the node that wrote it and its number in the
// change feed, as a JSON object {"column":[hlc,"node",seq],...}: JSON so
// that SQL reads it (json_each: the sync_cells view, node_restart's
// queries); the capture trigger stamps it through thidua_stamp (below).
// The record's `seq` is its latest cell's number (the feed orders rows by
// it); `lo` is at most its smallest cell number (the number the row's
// first cell had: cell numbers only grow), which lets the pull find the
// rows that hold old cells below a page's end (store/feed.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/internal/store_impl.h"

namespace thidua {

// Parses a record as SQLite's json functions or pack_row_clocks wrote it.
Status parse_row_clocks(std::string_view json, RowClocks* out);
std::string pack_row_clocks(const RowClocks& cells);

CellStamp* find_stamp(RowClocks& cells, std::string_view column);

// The row's record; nullopt when no cell of it has a clock.
Result<std::optional<RowClocks>> read_row_clocks(Store::Impl& impl, const std::string& table, const std::string& pk);
// Writes the row's record whole (seq = its greatest cell number).
Status write_row_clocks(Store::Impl& impl, const std::string& table, const std::string& pk, const RowClocks& cells);
// The next number of the change feed, taken (sync_meta.seq moves).
Result<std::int64_t> take_feed_seq(Store::Impl& impl);
// Registers thidua_stamp(cells, column, hlc, node, seq) and
// thidua_cell_hlc(cells, column), which the capture triggers call: JSON1's
// functions may not run in triggers under trusted_schema = OFF.
Status register_row_clock_functions(sqlite3* db);
// Sets one cell's clock outside a merge (a refused edit put back, a clock
// correction), numbered anew in the feed as any write of a cell is.
Status restamp_cell(Store::Impl& impl, const std::string& table, const std::string& pk, const std::string& column,
                    const CellClock& clock);

}  // namespace thidua
