// The pieces backup and restore share: copying a database through SQLite's
// backup API, checking a copy as it lies on disk, and making files durable.
#pragma once

#include <string>

#include "common/status.h"

namespace thidua::db_copy {

// Copies `src` (opened read-only, its WAL included) into a new file `dest`,
// in one step: one read transaction on `src`, so one consistent snapshot.
// `settled`: nobody writes `src` (a backup file being restored): when it
// has no -wal it is read with immutable=1, which creates no -wal and -shm
// beside it (a read-only open of a WAL-mode file would, and leave them).
Status copy(const std::string& src, const std::string& dest, bool settled = false);

// What a copy holds, read with `immutable=1` (the bytes of the file itself:
// no WAL, no shared memory, nothing created beside it).
struct Checked {
  int schema_version = 0;
  bool is_node = false;  // a district/province copy (sync_node has its row)
};
// kCorrupt unless `PRAGMA integrity_check` says ok and the file is a thidua
// database; kConflict when its schema is newer than this build knows.
Result<Checked> check(const std::string& path);

// fsync of a file, and of the folder that holds `path` (a rename is durable
// only once its folder is).
Status sync_file(const std::string& path);
Status sync_parent_dir(const std::string& path);

// Removes `path` when destroyed, unless release() was called.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::string path) : path_(std::move(path)) {}
  ~RemoveOnExit();
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  void release() { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace thidua::db_copy
