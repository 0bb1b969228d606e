// The copy of a database file taken before a migration changes it
// (issue 11: an upgrade never runs on a file without a way back).
#pragma once

#include <string>

#include "common/status.h"

namespace thidua {

// Copies the database at `db_path`, at schema `version`, to
// `<db_path>.bak-v<version>`, or, when that name is taken (an earlier
// upgrade attempt, a copy the operator kept), to the first free one of
// `<db_path>.bak-v<version>-2`, `-3`, ...: an existing copy is never
// replaced. The caller holds the database's write lock, so the copy is the
// file exactly as the migration finds it. Written to a `.partial-<pid>`
// name, checked (integrity_check, the expected version), fsynced, then
// renamed and the folder fsynced: a file with the final name is complete.
// Returns the path written; on failure nothing is left under that name.
Result<std::string> copy_before_migration(const std::string& db_path, int version);

}  // namespace thidua
