// Internal to sync/client: what a node takes from a server's answer, and
// what it refuses (issue 9 row 12). A server — or anyone between it and a
// node on plain HTTP — can say anything; these bound what that can make a
// node do. Whatever is refused is kept in sync_rejected for the clerk
// (`thidua node status`) and listed in SyncReport::refused.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sync/client/client.h"

namespace thidua::client_internal {

// kInvalid, saying by how many days and what to do, when the server's time
// is more than kMaxServerClockSkewMs from this machine's (`mine_ms`).
Status check_server_time(std::int64_t server_ms, std::int64_t mine_ms);

// Before anything of an answer is kept: the server's time (above), and a
// cursor that goes back, or stands still while promising more (which would
// make the node loop).
Status check_answer(Store& store, const SyncRequest& req, const SyncResponse& res);

// Applies pulled cells. Those claiming this node as their writer (forged:
// a server never sends a node its own writes unless it asked, `own_asked`,
// as a new copy does: SyncRequest::own) and those the merge refuses (a
// clock more than five minutes ahead of the corrected clock, a value out of
// its set...) are kept for the clerk, never applied.
Status apply_pulled(Store& store, const SyncResponse& res, SyncReport* report, bool own_asked = false);

// The retracted stories this node may forget: not its own unit's, nor any
// with changes of its own still to send. The others are kept for the clerk.
// Call before the settled outbox entries are dropped: an edit settled by
// this very answer still marks the row as ours.
Result<std::vector<std::pair<std::string, std::string>>> retractions_to_honour(Store& store, const SyncResponse& res,
                                                                                 SyncReport* report);

}  // namespace thidua::client_internal
