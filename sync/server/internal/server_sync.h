// Internal to the server: one sync round trip against the store, without
// HTTP: the route in server.cc decodes, calls this, encodes.
#pragma once

#include <functional>

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
  bool cursor_past_head = false;  // refused: the node is ahead of this server's feed
  bool public_change = false;     // a merged cell changed what the public site shows (public_change.h)
};

// Runs a sync's `body` in a transaction (a group's, see group_commit.h) and
// `after` with its outcome once known, under the database lock.
using SyncRunner = std::function<Status(const std::function<Status()>& body,
                                        const std::function<void(const Status&)>& after)>;

// Applies `request`'s cells as `who` (authorized per cell, audited) and
// returns the changes since its cursor that `who` may see, excluding cells
// `who` wrote itself unless the request asks for them (`own`), at most `pull_limit` feed entries scanned. The version
// checks are the caller's. One transaction: all of it or none. The node's
// last seen is written when `last_seen` says it is due, and noted there
// once committed. A cursor past the feed's head fails with kConflict and
// stats->cursor_past_head, before anything is written. The transaction is
// the store's own, under the database lock the caller holds, unless `run`
// is given (the runner then takes the lock itself). `request` comes from
// decode_sync_request: its text is well-formed UTF-8, not checked again.
// Its cells are left written as `who` and its cursor may be reset; the
// caller frees it (after the answer is sent: routes_sync.cc).
Result<SyncResponse> serve_sync(Store& store, const Principal& who, SyncRequest& request, int pull_limit,
                                std::int64_t now_ms, SyncStats* stats, LastSeen& last_seen,
                                const SyncRunner& run = {});

}  // namespace thidua
