// Thin RAII wrappers over the SQLite C API. Internal to sync/: public
// headers never include this file, so sqlite3.h stays out of their users.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/value.h"

namespace thidua::sql {

// Maps a SQLite result code to a Status. The one place where SQLITE_* codes
// become Status codes. `what` names the operation ("open central.db").
Status to_status(int rc, sqlite3* db, std::string_view what);

// How long a connection waits for another's lock before SQLITE_BUSY. Every
// connection thidua opens on a file other processes may hold sets it: one
// that does not fails at once while a server migrates or checkpoints.
inline constexpr int kBusyTimeoutMs = 5000;

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// Finalizes an owned statement; resets and unbinds a borrowed one.
struct StmtFinalizer {
  bool owned = true;
  void operator()(sqlite3_stmt* s) const {
    if (owned) {
      sqlite3_finalize(s);
    } else {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  }
};

// A prepared statement. Bind with 1-based indexes; step until done.
class Stmt {
 public:
  Stmt() = default;
  static Result<Stmt> prepare(sqlite3* db, std::string_view sql);
  // A non-owning handle on this statement: when it goes out of scope the
  // statement is reset and unbound, not finalized. For statement caches.
  Stmt borrow() const;

  Stmt& bind(int i, const Value& v);
  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_null(int i);
  Stmt& bind_blob(int i, const std::string& bytes);

  // Advances one row. Returns true while a row is available, false when done.
  Result<bool> step();
  // Runs to completion, ignoring any rows.
  Status run();
  void reset();

  int columns() const { return sqlite3_column_count(stmt_.get()); }
  std::string column_name(int i) const { return sqlite3_column_name(stmt_.get(), i); }
  Value value(int i) const;
  std::int64_t int64(int i) const { return sqlite3_column_int64(stmt_.get(), i); }
  std::string text(int i) const;
  std::string blob(int i) const;
  bool is_null(int i) const { return sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL; }
  // The text of column i, or nullopt when it is NULL.
  std::optional<std::string> text_or_null(int i) const {
    if (is_null(i)) return std::nullopt;
    return text(i);
  }

 private:
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt_;
  sqlite3* db_ = nullptr;
};

// Runs one or more statements with no parameters.
Status exec(sqlite3* db, std::string_view sql);

// Runs a query expected to return one integer (0 when no row).
Result<std::int64_t> query_int(sqlite3* db, std::string_view sql);

// Quotes an identifier for SQL ("name" with inner quotes doubled). Used only
// with identifiers from the schema, never with user input.
std::string quote_ident(std::string_view name);

}  // namespace thidua::sql
