#include "sync/client/internal/pull_ahead.h"

#include <chrono>
#include <string>
#include <utility>

#include "store/node_store.h"
#include "sync/client/internal/client_trust.h"
#include "sync/client/internal/restart.h"

namespace thidua::client_internal {

bool PullAhead::worth(Store& store, const SyncRequest& sent, const SyncResponse& res) {
  if (!sent.cells.empty() || !res.more) return false;
  // A generation in the answer is kept by the settle; the read can carry it
  // only on first contact (the node had seen none). Else the server was
  // restored: the settle queues this node's writes again.
  if (res.generation != 0 && (sent.generation != 0 || server_restarted(sent, res))) return false;
  // A settle that forgets rows leaves the outbox changed (outbox_kept false):
  // the read would only be thrown away.
  if (!res.retracted.empty() || !res.rejected.empty()) return false;
  return check_answer(store, sent, res).is_ok();
}

PullAhead::PullAhead(Http& http, const SyncRequest& sent, const SyncResponse& res, const ClientOptions& o) {
  read_.schema = sent.schema;
  read_.cursor = res.cursor;
  read_.limit = sent.limit;
  read_.own = sent.own;
  read_.generation = res.generation != 0 ? res.generation : sent.generation;  // what the settle keeps (worth())
  std::string body = encode_sync_request(read_);
  const std::size_t max_answer_bytes = o.max_answer_bytes;
  landed_ = std::async(std::launch::async, [&http, body = std::move(body), max_answer_bytes] {
    Landed l;
    auto started = std::chrono::steady_clock::now();
    l.flight.x = post(http, "/api/v1/sync", body, max_answer_bytes, &l.counts);
    l.flight.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const Exchange& x = l.flight.x;
    if (x.status == 200 && !x.too_big && !x.transport_failed) l.response.emplace(decode_sync_response(x.body));
    return l;
  });
}

PullAhead::~PullAhead() {
  if (landed_.valid()) landed_.wait();
}

Result<bool> PullAhead::still_stands(Store& store, const SyncRequest& normal, bool outbox_kept) const {
  if (!outbox_kept) return false;
  if (normal.schema != read_.schema || normal.cursor != read_.cursor || normal.limit != read_.limit ||
      normal.own != read_.own || normal.generation != read_.generation) {
    return false;
  }
  auto pending = store.outbox(0, 1);
  if (!pending) return pending.status();
  if (!pending->empty()) return false;  // the normal request would push it
  auto lineage = NodeStore(store).node_lineage();
  if (!lineage) return lineage.status();
  return lineage->second.empty();  // else the normal request repeats that attempt
}

Flight PullAhead::take(SyncReport* report, std::optional<Result<SyncResponse>>* response) {
  Landed l = landed_.get();
  report->requests += l.counts.requests;
  report->bytes_sent += l.counts.bytes_sent;
  report->bytes_received += l.counts.bytes_received;
  *response = std::move(l.response);
  return std::move(l.flight);
}

}  // namespace thidua::client_internal
