// Internal to sync/client: the next page of a pull asked for while the node
// settles the current one (issue 10: a new copy's first sync is a run of
// long pages, and without this the server waits while the node merges and
// commits, then the node waits while the server builds the next page).
//
// The early request is a read: no cells and no attempt, which the server
// answers without checking or moving the node's lineage
// (ServerStore::advance_node_lineage), so it changes nothing on either side
// and may be thrown away at any point. It is sent only after an answer that
// says `more` to a request that carried no cells, and asks what the node
// would ask once that answer is settled: the answer's cursor, the same
// schema, limit and `own`, the generation the settle keeps (the request's,
// or on first contact, when the node had seen none, the answer's), and no
// lineage (unused without an attempt).
//
// Its answer is settled in order after the current one — when it stands.
// It is thrown away, and the same page asked for again by a normal request
// (with an attempt, built from the settled state), when:
//   - the current answer's settle failed: the sync stops as it always did
//     (the read is waited for and dropped; it changed nothing);
//   - the settle changed what the next request says or carries: its
//     cursor, limit, `own` or generation differ from the read's (a
//     restarted server, a generation change), the outbox is not empty (an
//     entry re-stamped after a clock correction, rows queued again after a
//     restart, an edit the clerk made meanwhile: the normal request pushes
//     them), an attempt is pending, or it was not `outbox_kept` (a
//     re-stamp, retractions honoured, a restart) — see still_stands();
//   - the read failed: cut, timed out, 5xx or 429 (handled as that page's
//     failure always was: shorter pages for a new copy, the pacer's wait),
//     too big (the page limit halved), 413, any other status, or a body
//     that does not decode: the normal request repeats it and reports what
//     it gets;
//   - its answer is the last page (more=false): the final request of a
//     pull is always a normal one, so the sync ends with the cursor,
//     lineage and attempt bookkeeping exactly as before (the server moved
//     the lineage on for it, the node kept it and cleared its attempt);
//   - its answer carries a generation (a server restored meanwhile): the
//     normal request meets the restore with its attempt, as always.
// Nothing is entered on the node by a read that is thrown away, and the
// outbox is never sent by one: no edit is lost or sent twice.
#pragma once

#include <future>
#include <optional>

#include "store/store.h"
#include "sync/client/client.h"
#include "sync/client/internal/http.h"
#include "sync/protocol/protocol.h"

namespace thidua::client_internal {

// One exchange, timed.
struct Flight {
  Exchange x;
  double seconds = 0;
};

// A read in flight, and then its answer.
class PullAhead {
 public:
  // Whether the answer `res` to `sent` lets the next page be read before
  // `res` is settled: `sent` carried no cells, `res` says more, moves the
  // cursor on, carries no retraction or rejection nor a generation other
  // than a first one (a restored server), and its server time passes
  // check_answer (an answer the settle would refuse must not cost the
  // server a request). Reads no table of `store`.
  static bool worth(Store& store, const SyncRequest& sent, const SyncResponse& res);

  // Sends the read that follows `res` (see the top of this file) on `http`
  // from a worker thread, which touches only `http` and its own counters,
  // and decodes a 200 answer, until take() or the destructor joins it.
  // `http` must outlive this.
  PullAhead(Http& http, const SyncRequest& sent, const SyncResponse& res, const ClientOptions& o);
  ~PullAhead();  // waits for the read to end
  PullAhead(const PullAhead&) = delete;
  PullAhead& operator=(const PullAhead&) = delete;

  const SyncRequest& request() const { return read_; }

  // After the current answer was settled (`outbox_kept` as settle() said),
  // with `normal` the request the node would now send (fill_request: all
  // but cells and attempt): whether this read still asks the same, the
  // outbox is empty and no attempt is pending. Reads the store: call it on
  // the store's thread.
  Result<bool> still_stands(Store& store, const SyncRequest& normal, bool outbox_kept) const;

  // Waits for the read's answer and counts the exchange in `report`.
  // `*response`: the decoded answer when the status was 200 and it decoded
  // (the error when it did not). Call once.
  Flight take(SyncReport* report, std::optional<Result<SyncResponse>>* response);

 private:
  struct Landed {
    Flight flight;
    std::optional<Result<SyncResponse>> response;
    SyncReport counts;
  };

  SyncRequest read_;
  std::future<Landed> landed_;
};

}  // namespace thidua::client_internal
