// Ordered schema migrations, tracked with PRAGMA user_version.
#pragma once

#include <functional>

#include "common/status.h"

struct sqlite3;

namespace thidua {

int migrations_latest_version();
// The oldest schema whose synced tables, cell format and node tables are
// the latest's: what Store's oldest_compatible_schema_version() says.
int migrations_oldest_compatible_version();

// Runs under the write lock of the first migration step, before it, with
// the version the file has then (at least 1: never for a new file); a
// failure stops the migration, leaving the file as it was.
using BeforeMigrating = std::function<Status(int from_version)>;

// Migrates `db` from its current user_version up to `target` (each step in
// its own transaction), then recreates the capture triggers from the table
// specs. Fails with kConflict when the database is newer than `target` can
// describe.
Status migrate(sqlite3* db, int target, const BeforeMigrating& before_migrating = {});

}  // namespace thidua
