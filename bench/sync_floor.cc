// The floor under the push: what SQLite and a JSON decoder alone need for
// the same rows. The cells the node pushed (read back from its database,
// the `_row` cell included) are encoded as the client's request body, then,
// timed: decoded with nlohmann into rows, inserted into a table of the same
// columns in one transaction, committed, in a file database beside the
// server's (same disk, WAL, synchronous=FULL like the store). No clocks, no
// audit, no feed, no merge: the least any server must do with these bytes.
#include "bench/sync_floor.h"

#include <sqlite3.h>

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "store/store.h"
#include "sync/protocol/protocol.h"

namespace thidua::bench {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    die("floor: " + sql.substr(0, 60) + ": " + msg);
  }
}

void bind(sqlite3_stmt* s, int i, const nlohmann::json& v) {
  if (v.is_string()) {
    const auto& t = v.get_ref<const std::string&>();
    sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
  } else if (v.is_number_integer()) {
    sqlite3_bind_int64(s, i, v.get<std::int64_t>());
  } else if (v.is_number()) {
    sqlite3_bind_double(s, i, v.get<double>());
  } else {
    sqlite3_bind_null(s, i);
  }
}

// The node's cells for `ids`, as sync_node would send them.
std::vector<RemoteCell> pushed_cells(Store& node, const std::vector<std::string>& ids) {
  std::vector<RemoteCell> cells;
  for (const auto& id : ids)
    for (auto& f : check(node.cells_of_row("stories", id), "cells of row"))
      cells.push_back(std::move(f.cell));
  return cells;
}

}  // namespace

FloorResult run_floor(const fs::path& dir, Store& node, const std::vector<std::string>& ids,
                      int run) {
  SyncRequest req;
  req.schema = latest_schema_version();
  req.cells = pushed_cells(node, ids);
  const std::string body = encode_sync_request(req);
  // Columns in first-seen order; the table gets one of each.
  std::map<std::string, int> column_index;
  std::vector<std::string> columns;
  for (const auto& c : req.cells)
    if (column_index.emplace(c.column, static_cast<int>(columns.size())).second)
      columns.push_back(c.column);

  const std::string path = (dir / ("floor" + std::to_string(run) + ".db")).string();
  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK) die("floor: cannot open " + path);
  Db db(raw);
  // The page size, journal, sync and cache of thidua's own databases (store/store.cc).
  exec(raw, "PRAGMA page_size = " + std::to_string(kPageSizeBytes) +
                "; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384");
  std::string create = "CREATE TABLE stories(id TEXT PRIMARY KEY",
              insert = "INSERT INTO stories(id", marks = "?";
  for (const auto& c : columns) {
    create += ", \"" + c + "\"";
    insert += ", \"" + c + "\"";
    marks += ", ?";
  }
  exec(raw, create + ")");
  insert += ") VALUES(" + marks + ")";

  FloorResult out;
  out.rows = static_cast<std::int64_t>(ids.size());
  out.cells = static_cast<std::int64_t>(req.cells.size());
  out.body_bytes = static_cast<std::int64_t>(body.size());
  auto t = Clock::now();
  nlohmann::json doc = nlohmann::json::parse(body);
  out.decode_seconds = seconds_since(t);
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(raw, insert.c_str(), -1, &s, nullptr) != SQLITE_OK) die("floor: prepare");
  Stmt stmt(s);
  exec(raw, "BEGIN");
  const auto& cells = doc.at("cells");
  // Cells come row by row: bind a row's columns, insert when the id changes.
  std::string current;
  for (std::size_t i = 0; i <= cells.size(); ++i) {
    const bool end = i == cells.size();
    if (end || cells[i][1].get_ref<const std::string&>() != current) {
      if (!current.empty()) {
        if (sqlite3_step(s) != SQLITE_DONE)
          die(std::string("floor: insert: ") + sqlite3_errmsg(raw));
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
      if (end) break;
      current = cells[i][1].get<std::string>();
      sqlite3_bind_text(s, 1, current.data(), static_cast<int>(current.size()), SQLITE_TRANSIENT);
    }
    bind(s, 2 + column_index.at(cells[i][2].get<std::string>()), cells[i][3]);
  }
  exec(raw, "COMMIT");
  out.seconds = seconds_since(t);
  return out;
}

void print_floor(const FloorResult& f, double push_seconds) {
  std::printf(
      "%-34s %8.3f s (decode %.3f s, %lld rows, %lld cells, %lld B of JSON) -> push/floor %.1fx\n",
      "floor: decode + insert + commit", f.seconds, f.decode_seconds,
      static_cast<long long>(f.rows), static_cast<long long>(f.cells),
      static_cast<long long>(f.body_bytes), push_seconds / f.seconds);
}

}  // namespace thidua::bench
