#include "store/internal/db_copy.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/internal/sqlite.h"
#include "store/store.h"

namespace thidua::db_copy {
namespace {

std::string errno_text() { return std::strerror(errno); }

// `path` as a file: URI, percent-encoding all but unreserved characters and
// '/', so a name holding '?', '#' or '%' stays a name.
std::string file_uri(const std::string& path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

Result<std::string> integrity(sqlite3* db) {
  THIDUA_ASSIGN_OR_RETURN(auto stmt, sql::Stmt::prepare(db, "PRAGMA integrity_check"));
  THIDUA_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return Status::corrupt("integrity_check returned nothing");
  return stmt.text(0);
}

}  // namespace

Status copy(const std::string& src, const std::string& dest, bool settled) {
  sqlite3* raw = nullptr;
  std::error_code ec;
  const bool immutable = settled && !std::filesystem::exists(src + "-wal", ec);
  const std::string name = immutable ? file_uri(src) + "?immutable=1" : src;
  int rc = sqlite3_open_v2(name.c_str(), &raw,
                           SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  sql::DbHandle from(raw);
  if (rc != SQLITE_OK) return sql::to_status(rc, raw, "mở " + src);
  sqlite3_busy_timeout(raw, 10000);
  raw = nullptr;
  rc = sqlite3_open_v2(dest.c_str(), &raw,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  sql::DbHandle to(raw);
  if (rc != SQLITE_OK) return sql::to_status(rc, raw, "tạo " + dest);
  // The copy is a scratch file until it is checked, synced and renamed: no
  // journal and no syncs while writing it.
  THIDUA_RETURN_IF_ERROR(
      sql::exec(to.get(), "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF"));
  sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
  if (!backup) return sql::to_status(sqlite3_errcode(to.get()), to.get(), "sao lưu " + src);
  // -1: every page in one step, under one read transaction on `src`. In
  // steps, a write by another connection (the server) between two steps
  // would restart the copy, for ever under steady syncs.
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return sql::to_status(rc, from.get(), "sao lưu " + src);
  return sql::to_status(finished, to.get(), "sao lưu " + src);
}

Result<Checked> check(const std::string& path) {
  sqlite3* raw = nullptr;
  std::string uri = file_uri(path) + "?immutable=1";
  int rc = sqlite3_open_v2(uri.c_str(), &raw,
                           SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  sql::DbHandle db(raw);
  if (rc != SQLITE_OK) return sql::to_status(rc, raw, "mở " + path);
  auto ok = integrity(db.get());
  if (!ok) return Status::corrupt(path + ": không đọc được tệp (" + ok.status().message() + ")");
  if (*ok != "ok") return Status::corrupt(path + ": tệp bị hỏng (integrity_check: " + *ok + ")");
  auto version = sql::query_int(db.get(), "PRAGMA user_version");
  if (!version) return version.status().with_context(path);
  auto meta = sql::query_int(
      db.get(), "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sync_meta'");
  if (!meta) return meta.status().with_context(path);
  if (*version <= 0 || *meta != 1)
    return Status::corrupt(path + ": không phải cơ sở dữ liệu của thidua");
  if (*version > latest_schema_version()) {
    return Status::conflict(path + ": lược đồ phiên bản " + std::to_string(*version) +
                            " mới hơn bản thidua này (" + std::to_string(latest_schema_version()) +
                            "); hãy cài bản thidua mới hơn");
  }
  Checked checked;
  checked.schema_version = static_cast<int>(*version);
  auto node_table =
      sql::query_int(db.get(), "SELECT count(*) FROM sqlite_schema WHERE name = 'sync_node'");
  if (!node_table) return node_table.status().with_context(path);
  if (*node_table == 1) {
    auto rows = sql::query_int(db.get(), "SELECT count(*) FROM sync_node");
    if (!rows) return rows.status().with_context(path);
    checked.is_node = *rows > 0;
  }
  return checked;
}

Status sync_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::io("mở " + path + ": " + errno_text());
  int rc = ::fsync(fd);
  std::string err = rc != 0 ? errno_text() : "";
  ::close(fd);
  if (rc != 0) return Status::io("fsync " + path + ": " + err);
  return Status::ok();
}

Status sync_parent_dir(const std::string& path) {
  auto dir = std::filesystem::absolute(path).parent_path();
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::io("mở thư mục " + dir.string() + ": " + errno_text());
  int rc = ::fsync(fd);
  std::string err = rc != 0 ? errno_text() : "";
  ::close(fd);
  if (rc != 0) return Status::io("fsync " + dir.string() + ": " + err);
  return Status::ok();
}

RemoveOnExit::~RemoveOnExit() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  std::filesystem::remove(path_ + "-journal", ec);
}

}  // namespace thidua::db_copy
