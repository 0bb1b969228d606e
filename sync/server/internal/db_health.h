// Whether the server's database can be written, from the file system alone
// (no lock, no SQL): for `server run` before it opens the database and for
// /healthz while it serves.
#pragma once

#include <string>

#include "common/status.h"

namespace thidua {

// ok, or kIo naming what stops writes, in Vietnamese: the file or its -wal
// without write permission (a file with no write bit at all counts, even for
// root, who could write it anyway: someone made it read-only on purpose),
// its folder not writable (SQLite creates its journal files there), a
// read-only mount, or a full disk.
Status database_writable(const std::string& db_path);

}  // namespace thidua
