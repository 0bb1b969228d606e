// A database file read with SQLite alone, read-only, no thidua code: for
// tests about files this build will not open as they are (a schema behind)
// or while a server holds them, and for comparing a file before and after
// a migration table by table.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace thidua::testing {

// PRAGMA user_version of the file.
int user_version_of(const std::string& path);

// The first column of the first row `sql` gives ("" when none or NULL).
std::string text_of(const std::string& path, const std::string& sql);

// One table as stored: its columns in order and its rows, each row the
// columns' values as SQL literals (quote(): type and bytes kept) joined by
// '|', sorted, so two files compare whatever their rowids.
struct DbTable {
  std::vector<std::string> columns;
  std::vector<std::string> rows;
  bool operator==(const DbTable&) const = default;
};
using DbTables = std::map<std::string, DbTable>;

// Every table of the file but SQLite's own (sqlite_*).
DbTables tables_of(const std::string& path);

// The tables of `shape` read from the file at `path` with only the columns
// `shape` lists: what a file holds of the data another one (an older
// schema) had. A table or column missing from the file fails the test.
DbTables tables_of(const std::string& path, const DbTables& shape);

// Checks, table by table, that the file at `path` holds the rows of
// `before` in the columns `before` had (new columns and tables aside).
void check_rows_kept(const DbTables& before, const std::string& path);

}  // namespace thidua::testing
