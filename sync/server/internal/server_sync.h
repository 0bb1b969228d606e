// Internal to the server: one sync round trip against the store, without
// HTTP: the route in server.cc decodes, calls this, encodes.
#pragma once

#include "sync/server/internal/authz.h"
#include "sync/server/internal/last_seen.h"
#include "sync/protocol/protocol.h"
#include "store/store.h"

namespace thidua {

struct SyncStats {
  std::int64_t accepted = 0;
  std::int64_t rejected = 0;
  std::int64_t pulled = 0;
  int conflicts = 0;
};

// Applies `request`'s cells as `who` (authorized per cell, audited) and
// returns the changes since its cursor that `who` may see, excluding cells
// `who` wrote itself unless the request asks for them (`own`), at most `pull_limit` feed entries scanned. The version
// checks are the caller's. One transaction: all of it or none. The node's
// last seen is written when `last_seen` says it is due, and noted there
// once committed.
Result<SyncResponse> serve_sync(Store& store, const Principal& who, SyncRequest request, int pull_limit,
                                std::int64_t now_ms, SyncStats* stats, LastSeen& last_seen);

}  // namespace thidua
