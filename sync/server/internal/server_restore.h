// Internal to the server: a sync from a node that holds more than a server
// restored from a backup (issue 11 item 3). The node's cursor then names
// nothing here; the answer is pulled from the start of the feed, the node's
// lineage is bound anew once, and its own writes come again.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/store.h"
#include "sync/protocol/protocol.h"
#include "sync/server/internal/authz.h"
#include "sync/server/internal/row_key.h"

namespace thidua {

// How a request stands to this server's past.
enum class Restart {
  kNone,        // the cursor is this server's: an ordinary sync
  kGeneration,  // the node last synced with another generation (`server restore`)
  kPastHead,    // same generation, cursor past the head: a file put back by hand
};

// kPastHead is only said of a node that sends a generation: an older node
// cannot start again, and the caller answers it 410 as before.
Restart restart_of(const SyncRequest& request, std::int64_t generation, std::int64_t head);

// The lineage check for a restarting node (ServerStore::advance_node_lineage
// for the others): after `server restore` the node's first sync binds a new
// lineage (its restore mark is taken), later ones are checked as ever, so a
// copy of the node's file that comes second is refused. After a file put
// back by hand there is no mark, and a cursor past the head is what lets
// the node through (docs/security.md says what that costs).
Result<std::string> lineage_after_restore(Store& store, const std::string& node_id, const SyncRequest& request,
                                          Restart restart);

// The write check of a pushed batch: WriteGuard's, and two rules for the
// cells a node sends again after a restore (harmless to every other batch).
class PushCheck {
 public:
  PushCheck(Store& store, const Principal& who, const std::vector<RemoteCell>& batch);
  // - A cell the server holds already with the same clock and writer
  //   passes whatever WriteGuard says (the merge counts it a duplicate and
  //   changes nothing): a node retrying or re-filling sends cells of rows
  //   that have since left its reach (a story approved meanwhile).
  // - A cell of a row the server has never had, whose creation is not in
  //   the batch, is refused: a province's decision on a story a district
  //   wrote after the backup, sent before that district re-sent the story,
  //   would otherwise make a blank row that the district could then no
  //   longer fill (issue 11).
  Status check(const RemoteCell& cell);

 private:
  Result<bool> row_known(const std::string& table, const std::string& pk);
  // Whether the batch holds the `_row` cell of the cell's row. The row
  // last found is kept: a row's cells come as a run.
  bool created_in_batch(const RemoteCell& cell);

  Store& store_;
  WriteGuard guard_;
  RowKeySet created_in_batch_, known_;
  RowKey last_created_;  // empty pk: none yet (no row has an empty id)
};

}  // namespace thidua
