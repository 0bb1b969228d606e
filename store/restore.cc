#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "store/backup.h"
#include "store/internal/db_copy.h"
#include "store/internal/generation.h"
#include "store/internal/sqlite.h"

namespace thidua {
namespace {

namespace fs = std::filesystem;

std::string utc_stamp() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// A name for the replaced file that no earlier restore has taken.
std::string kept_name(const std::string& db_path) {
  const std::string base = db_path + ".before-restore-" + utc_stamp();
  std::error_code ec;
  std::string name = base;
  for (int n = 2; fs::exists(name, ec) || fs::exists(name + "-wal", ec); ++n)
    name = base + "-" + std::to_string(n);
  return name;
}

Status move(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return Status::io("đổi tên " + from + " thành " + to + ": " + ec.message());
  return Status::ok();
}

// Moves the old database and the files that belong to it out of the way.
// The -wal and -journal go with it: SQLite checks a WAL's frames against
// the WAL's own header, not against the database, so an old WAL left as
// `<db>-wal` would be replayed into the restored file.
Result<std::string> set_aside(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec)) return std::string();
  const std::string kept = kept_name(db_path);
  THIDUA_RETURN_IF_ERROR(move(db_path, kept));
  for (const char* suffix : {"-wal", "-journal"}) {
    if (fs::exists(db_path + suffix, ec))
      THIDUA_RETURN_IF_ERROR(move(db_path + suffix, kept + suffix));
  }
  fs::remove(db_path + "-shm",
             ec);  // an index of the old WAL; rebuilt from a WAL when one is opened
  if (ec) return Status::io("xoá " + db_path + "-shm: " + ec.message());
  return kept;
}

// Gives the checked copy at `path` a new generation and marks every node
// restored (store/internal/generation.h): a node then learns at its next
// sync that its cursor names nothing here and sends its own writes again,
// and its first sync passes the lineage check once (issue 11 item 3).
Status renew_generation(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  sql::DbHandle db(raw);
  if (rc != SQLITE_OK) return sql::to_status(rc, raw, "mở " + path);
  auto nodes = sql::query_int(db.get(), "SELECT count(*) FROM sqlite_schema WHERE name = 'server_nodes'");
  if (!nodes) return nodes.status().with_context(path);
  const std::string body = generation::renew_sql(*nodes == 1);
  THIDUA_RETURN_IF_ERROR(sql::exec(db.get(), "BEGIN IMMEDIATE;" + body + "COMMIT;"));
  return Status::ok();
}

}  // namespace

Result<RestoreInfo> restore_database(const std::string& from, const std::string& db_path) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return Status::not_found(from + ": không có tệp sao lưu này");
  if (fs::exists(db_path, ec) && fs::equivalent(from, db_path, ec)) {
    return Status::invalid(from + ": tệp sao lưu chính là cơ sở dữ liệu cần khôi phục");
  }
  THIDUA_ASSIGN_OR_RETURN(auto lock, DatabaseLock::acquire(db_path));
  const std::string partial = db_path + ".restoring-" + std::to_string(::getpid());
  db_copy::RemoveOnExit cleanup(partial);
  fs::remove(partial, ec);
  if (Status st = db_copy::copy(from, partial, /*settled=*/true); !st.is_ok()) {
    return st.with_context("không đọc được tệp sao lưu " + from);
  }
  auto check = db_copy::check(partial);
  if (!check) return check.status().with_context("tệp sao lưu " + from);
  const db_copy::Checked checked = *check;
  if (checked.is_node) {
    return Status::invalid(
        from + ": đây là bản sao của một máy đơn vị, không phải cơ sở dữ liệu của máy chủ");
  }
  if (Status st = renew_generation(partial); !st.is_ok()) {
    return st.with_context("không ghi được thế hệ mới vào bản khôi phục");
  }
  THIDUA_RETURN_IF_ERROR(db_copy::sync_file(partial));
  THIDUA_ASSIGN_OR_RETURN(std::string kept, set_aside(db_path));
  THIDUA_RETURN_IF_ERROR(move(partial, db_path));
  cleanup.release();
  THIDUA_RETURN_IF_ERROR(db_copy::sync_parent_dir(db_path));
  RestoreInfo info;
  info.schema_version = checked.schema_version;
  info.kept_path = kept;
  return info;
}

}  // namespace thidua
