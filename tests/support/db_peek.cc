#include "tests/support/db_peek.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <memory>

namespace thidua::testing {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalize {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, Finalize>;

Db open_read_only(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  Db db(raw);
  REQUIRE_MESSAGE(rc == SQLITE_OK, (path + ": " + sqlite3_errstr(rc)));
  sqlite3_busy_timeout(raw, 5000);  // a server process may hold the file a moment
  return db;
}

Stmt prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr);
  Stmt st(raw);
  REQUIRE_MESSAGE(rc == SQLITE_OK, (sql + ": " + sqlite3_errmsg(db)));
  return st;
}

std::string column_text(sqlite3_stmt* st, int i) {
  const auto* t = sqlite3_column_text(st, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

std::vector<std::string> strings_of(sqlite3* db, const std::string& sql,
                                    const std::string& arg = "") {
  Stmt st = prepare(db, sql);
  if (!arg.empty()) sqlite3_bind_text(st.get(), 1, arg.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> out;
  while (sqlite3_step(st.get()) == SQLITE_ROW) out.push_back(column_text(st.get(), 0));
  return out;
}

// Names come from the file's own schema; quoted because they cannot be bound.
std::string quoted_name(const std::string& name) { return "\"" + name + "\""; }

DbTable read_table(sqlite3* db, const std::string& table, std::vector<std::string> columns) {
  REQUIRE_MESSAGE(!columns.empty(), ("no table " + table));
  std::string values;
  for (const auto& c : columns)
    values += (values.empty() ? "quote(" : " || '|' || quote(") + quoted_name(c) + ")";
  DbTable out{std::move(columns),
              strings_of(db, "SELECT " + values + " FROM " + quoted_name(table))};
  std::sort(out.rows.begin(), out.rows.end());
  return out;
}

}  // namespace

int user_version_of(const std::string& path) {
  return std::stoi(text_of(path, "PRAGMA user_version"));
}

std::string text_of(const std::string& path, const std::string& sql) {
  Db db = open_read_only(path);
  Stmt st = prepare(db.get(), sql);
  return sqlite3_step(st.get()) == SQLITE_ROW ? column_text(st.get(), 0) : "";
}

DbTables tables_of(const std::string& path) {
  Db db = open_read_only(path);
  DbTables out;
  for (const auto& t : strings_of(db.get(),
                                  "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                  "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
    out[t] =
        read_table(db.get(), t, strings_of(db.get(), "SELECT name FROM pragma_table_info(?)", t));
  }
  return out;
}

DbTables tables_of(const std::string& path, const DbTables& shape) {
  Db db = open_read_only(path);
  // A table may have become a view of the same rows (sync_cells, migration 7).
  const auto has = strings_of(db.get(), "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')");
  DbTables out;
  for (const auto& [t, table] : shape) {
    REQUIRE_MESSAGE(std::find(has.begin(), has.end(), t) != has.end(),
                    (path + " has no table " + t));
    out[t] = read_table(db.get(), t, table.columns);
  }
  return out;
}

void check_rows_kept(const DbTables& before, const std::string& path) {
  const DbTables after = tables_of(path, before);
  for (const auto& [table, kept] : before) {
    CAPTURE(table);
    CHECK(after.at(table).rows == kept.rows);
  }
}

}  // namespace thidua::testing
