// Internal: the state behind a Store, shared by the store's .cc files.
#pragma once

#include <functional>
#include <string>

#include "sync/sqlite.h"
#include "sync/store.h"

namespace thidua {

struct Store::Impl {
  sql::DbHandle db;
  std::string path;
  std::string node_id;
  int version = 0;
  bool read_only = false;
  int tx_depth = 0;
  std::function<std::int64_t()> clock_ms;

  sqlite3* raw() const { return db.get(); }
  std::int64_t now_ms() const { return clock_ms ? clock_ms() : wall_clock_ms(); }
};

}  // namespace thidua
