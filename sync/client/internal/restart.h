// Internal to sync/client: a node meeting a server restored from a backup
// (issue 11 item 3). The server's generation changed (`server restore`),
// or it answered a cursor past its head from the start of its feed (a file
// put back by hand): the node's cursor names nothing there and the server
// may lack anything this node ever sent. So, in the transaction that
// applies that answer, the node takes the answer's cursor and queues again
// everything of its own; the same sync then sends it and pulls the rest.
#pragma once

#include "store/store.h"
#include "sync/client/client.h"
#include "sync/protocol/protocol.h"

namespace thidua::client_internal {

// Whether `res` is the answer of a restored server to `req` (a node that
// has seen no generation yet never restarts).
bool server_restarted(const SyncRequest& req, const SyncResponse& res);

// check_answer's rules for such an answer, whose cursor may go back: the
// server's time, and no `more` without moving.
Status check_restarted_answer(Store& store, const SyncResponse& res);

// Keeps the answer's generation and, when `restarted`, queues every write
// of this node again (NodeStore::requeue_own_writes), counted in
// `report->cells_requeued`. Call in the transaction that applies `res`.
Status keep_generation(Store& store, const SyncRequest& req, const SyncResponse& res, bool restarted,
                       SyncReport* report);

// The catch-up that follows a restart: the answers pulled from feed
// position 0 hold older values of cells this node has since overwritten
// (it had pulled them before the restore). Merged as they are, each would
// lose and be kept as a conflict that no person made; they are left out
// until an answer says there is no more (the state is kept in the store,
// so a sync cut short goes on catching up at the next one).
class CatchUp {
 public:
  // Whether `store` is catching up, or starts now (`restarted`).
  static Result<CatchUp> open(Store& store, bool restarted);
  // `res` as it should be merged: less the cells this node holds newer
  // versions of while catching up; `res` itself otherwise.
  Result<const SyncResponse*> to_merge(Store& store, const SyncResponse& res);
  // Keeps whether the catch-up goes on after `res`. In its transaction.
  Status settle(Store& store, const SyncResponse& res);

 private:
  bool was_on_ = false, on_ = false;
  SyncResponse trimmed_;
};

}  // namespace thidua::client_internal
