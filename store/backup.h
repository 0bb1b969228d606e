// Whole-file copies of the central database: a backup taken while the
// server runs, and a restore that puts one back in place.
//
// A backup is SQLite's online backup API run in one step on a read-only
// connection: one read transaction, so the copy is one consistent snapshot
// (the server's uncheckpointed WAL included) while the server keeps
// committing in WAL mode. Chosen over `VACUUM INTO` because it copies pages
// as they are (no rebuilding of every index on the server's CPU) and keeps
// the file byte-compatible with the original (page size, header). Every
// table is in the copy: rows, photo bytes (`blobs`), nodes and token hashes
// (`server_nodes`), the audit log.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/status.h"

namespace thidua {

struct BackupOptions {
  // Replace `out_path` when it exists. Without it an existing file is kExists.
  bool overwrite = false;
  // Test hook: runs after the copy is written to its temporary file and
  // before it is checked, synced and renamed (a test kills the process here).
  std::function<void()> after_copy;
};

struct BackupInfo {
  std::int64_t bytes = 0;  // the size of the file written
  int schema_version = 0;
};

// Copies the database at `db_path` to `out_path`. The copy is written to
// `<out_path>.partial-<pid>` beside it, checked with `PRAGMA
// integrity_check` as it lies on disk, fsynced, then renamed to
// `out_path` (and the folder fsynced): a backup that dies or fails never
// leaves a file named `out_path`, and one named so is complete. On failure
// the temporary file is removed (a killed process leaves it, under its
// `.partial-` name). Messages are Vietnamese, for the operator.
Result<BackupInfo> backup_database(const std::string& db_path, const std::string& out_path,
                                   const BackupOptions& options = {});

struct RestoreInfo {
  int schema_version = 0;
  // Where the replaced database now is (`<db>.before-restore-<UTC time>`,
  // with its -wal beside it when it had one); empty when there was none.
  std::string kept_path;
};

// Puts the backup `from` in place as `db_path`. Refuses (kBusy) while a
// server holds DatabaseLock on `db_path`, and holds it itself meanwhile.
// `from` is copied (its own WAL included) to a temporary file beside
// `db_path` and checked there: integrity_check, a thidua database of a
// schema this build knows, a server's and not a node's (kInvalid). Any
// refusal leaves `db_path` untouched. Then the old file is renamed to
// `<db_path>.before-restore-<UTC time>` together with its -wal and
// -journal (their committed changes belong to the old file, and would be
// applied to the restored one if left under the old names), its -shm is
// removed, and the copy is renamed to `db_path` and the folder fsynced.
Result<RestoreInfo> restore_database(const std::string& from, const std::string& db_path);

// An exclusive advisory lock (flock) on `<db_path>.lock`, held for the life
// of this object: `thidua server run` holds it while it serves, `restore`
// while it replaces the file. The kernel drops it when the process dies.
class DatabaseLock {
 public:
  // kBusy when another process holds it; the lock file is created if missing.
  static Result<DatabaseLock> acquire(const std::string& db_path);
  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace thidua
