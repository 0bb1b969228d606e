// Creating a central database from content: shared by `server init` and
// `demo`.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "plan/import.h"
#include "store/store.h"

namespace thidua::cli {

struct CreatedDb {
  std::unique_ptr<Store> store;
  ImportStats stats;
};

// Validates the content first, then creates `db_path` and imports it in one
// transaction. Refuses (kExists) when the file exists unless `overwrite`.
// On failure no database file is left behind.
Result<CreatedDb> create_central_db(const std::string& db_path, const std::string& content_dir,
                                    bool overwrite);

}  // namespace thidua::cli
