// Ordered schema migrations, tracked with PRAGMA user_version.
#pragma once

#include "common/status.h"

struct sqlite3;

namespace thidua {

int migrations_latest_version();

// Migrates `db` from its current user_version up to `target` (each step in
// its own transaction), then recreates the capture triggers from the table
// specs. Fails with kConflict when the database is newer than `target` can
// describe.
Status migrate(sqlite3* db, int target);

}  // namespace thidua
