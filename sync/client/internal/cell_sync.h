// Internal to sync/client: the cells of one sync, pushed and pulled a
// request at a time until neither side has anything left. The next batch
// is prepared while a request flies, the next page of a long pull read
// while one is settled (pull_ahead.h), and an answer that only
// acknowledges a push batch settled while the request after it flies
// (settle.h, `while_next_flies`). Batches grow while answers come quickly
// and shrink, never back to a size that failed, on a link that drops them.
#pragma once

#include "store/store.h"
#include "sync/client/client.h"
#include "sync/client/internal/http.h"

namespace thidua::client_internal {

// `own`: this is a new copy of its node (init_node), which asks for its
// node's own writes too until its first complete pull (SyncRequest::own).
Status sync_cells(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report, bool own);

}  // namespace thidua::client_internal
