// Internal to sync/client: the node's side of one answer to a sync
// request, applied in one local transaction, and what it decides of the
// next request.
#pragma once

#include "store/store.h"
#include "sync/client/client.h"
#include "sync/client/internal/batch.h"
#include "sync/protocol/protocol.h"

namespace thidua::client_internal {

// Applies the server's answer `res` to `batch` in one local transaction:
// the outbox entries it acknowledges dropped (refused ones kept for the
// clerk), the pulled cells merged, retractions honoured, and the cursor,
// lineage and generation of the answer kept. Nothing of it is kept when it
// fails. `*outbox_kept`: the outbox past the batch is as it was (no entry
// re-stamped, withdrawn or queued again), so a batch prepared from it stands.
//
// `while_next_flies`: the next request left before this settle, on the
// terms of this answer (CellSync::may_settle_in_flight): the answer was
// checked then (check_answer) and is not checked again, its
// lineage was stored with that request's attempt and is not stored again
// (that would forget the attempt), and the clock is corrected by a later
// answer (re-stamping now would change cells already sent).
Status settle(Store& store, const Batch& batch, const SyncResponse& res, SyncReport* report, bool* outbox_kept,
              bool while_next_flies = false);

// The members of the next request that the settled answers decide (all but
// the cells and the attempt): the cursor, lineage and generation kept, with
// `pull_limit` and `own` as given.
Status fill_request(Store& store, SyncRequest* r, int pull_limit, bool own);

}  // namespace thidua::client_internal
