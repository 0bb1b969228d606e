// Concurrent edits that lost a merge, kept for a person to settle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// Which value of a conflict to keep.
enum class Keep {
  kMine,     // the value this node wrote (one side must be this node's)
  kTheirs,   // the value the other node wrote (one side must be this node's)
  kCurrent,  // the value the table holds now, whoever wrote it
  kLost,     // the value that lost the merge, whoever wrote it
};

// The open conflicts, oldest first. kNotFound (run `thidua node init`)
// when the database has no node config.
Result<std::vector<Conflict>> open_conflicts(Store& store);

// Settles open conflict `id`. Keeping the lost value writes it back as a
// new local edit, which syncs and wins everywhere. kNotFound for an unknown
// or settled id; kInvalid for kMine/kTheirs when neither side was written
// by this node (use kCurrent or kLost then); kConflict, writing nothing,
// when a district would write a value back into a row the province has
// closed to it (a story approved or published, a nomination decided: the
// server would refuse it). Should the server still refuse a value written
// back (it closed the row after this node last synced), the node's copy
// goes back to the server's value at that sync (NodeStore::record_rejection).
Status settle_conflict(Store& store, std::int64_t id, Keep keep);

// Settles open conflict `id` with a value a person merged from both sides:
// `merged` is written into the conflict's cell as a new local edit (it
// syncs and wins everywhere) and the conflict closes, in one transaction.
// Refuses as Keep::kLost does: kNotFound for an unknown or settled id,
// kConflict, writing nothing, when the province has closed the row to this
// district. kInvalid, writing nothing, when the cell is not free text (a
// status or a percent: keep one side) or `merged` is not a text the column
// takes (not UTF-8, too long).
Status settle_conflict_merged(Store& store, std::int64_t id, const std::string& merged);

}  // namespace thidua
