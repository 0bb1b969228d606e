// Internal: the state behind a Store, shared by the store's .cc files.
#pragma once

#include <functional>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "store/internal/sqlite.h"
#include "store/store.h"

namespace thidua {

// The first column of every row a statement yields, as text.
inline Result<std::vector<std::string>> first_column_texts(sql::Stmt& st) {
  std::vector<std::string> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    out.push_back(st.text(0));
  }
  return out;
}

struct Store::Impl {
  sql::DbHandle db;
  std::string path;
  std::string node_id;
  int version = 0;
  bool read_only = false;
  std::string upgrade_copy;  // see Store::upgrade_copy
  int tx_depth = 0;
  Status tx_failure;  // the first failure of a nested transaction body
  std::function<std::int64_t()> clock_ms;
  std::int64_t clock_offset_ms = 0;  // see NodeStore::correct_clock

  // Prepared statements by SQL text, reused across calls (hot paths run
  // the same few statements per cell).
  std::unordered_map<std::string, sql::Stmt> statements;
  // The same for SQL written as a literal, by its address: no string is
  // built or hashed per call (the merge runs these once per cell).
  std::unordered_map<const char*, sql::Stmt> literal_statements;

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
  // cached() for a string literal (static storage: its address names it).
  template <size_t N>
  Result<sql::Stmt> cached(const char (&sql)[N]) {
    auto it = literal_statements.find(sql);
    if (it == literal_statements.end()) {
      auto st = sql::Stmt::prepare(db.get(), std::string_view(sql, N - 1));
      if (!st) return st.status();
      it = literal_statements.emplace(sql, std::move(*st)).first;
    }
    return it->second.borrow();
  }

  // The clock of one cell (Store::cell_clock, and the merge's lookups),
  // from the row's packed record (store/row_clocks.cc).
  Result<std::optional<CellClock>> cell_clock(const std::string& table, const std::string& pk,
                                              const std::string& column);

  ~Impl() {  // finalize every statement before db closes
    statements.clear();
    literal_statements.clear();
  }
  // This machine's clock, uncorrected.
  std::int64_t raw_now_ms() const { return clock_ms ? clock_ms() : wall_clock_ms(); }
  // The time local edits are stamped with: corrected by the server's time.
  std::int64_t now_ms() const { return raw_now_ms() + clock_offset_ms; }
};

}  // namespace thidua
