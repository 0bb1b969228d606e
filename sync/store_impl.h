// Internal: the state behind a Store, shared by the store's .cc files.
#pragma once

#include <functional>
#include <map>
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
  std::int64_t clock_offset_ms = 0;  // see Store::correct_clock

  // Prepared statements by SQL text, reused across calls (hot paths run
  // the same few statements per cell).
  std::map<std::string, sql::Stmt, std::less<>> statements;

  sqlite3* raw() const { return db.get(); }

  // A cached prepared statement, borrowed: it is reset when the returned
  // handle goes out of scope, so no read stays open. Do not hold two
  // handles on the same SQL at once.
  Result<sql::Stmt> cached(const std::string& sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) {
      auto st = sql::Stmt::prepare(db.get(), sql);
      if (!st) return st.status();
      it = statements.emplace(sql, std::move(*st)).first;
    }
    return it->second.borrow();
  }

  ~Impl() { statements.clear(); }  // finalize every statement before db closes
  // This machine's clock, uncorrected.
  std::int64_t raw_now_ms() const { return clock_ms ? clock_ms() : wall_clock_ms(); }
  // The time local edits are stamped with: corrected by the server's time.
  std::int64_t now_ms() const { return raw_now_ms() + clock_offset_ms; }
};

}  // namespace thidua
