// The cell exchange of one sync (sync/client/internal/cell_sync.h): the
// requests, what flies while what is settled, and the batch size.
#include "sync/client/internal/cell_sync.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "store/node_store.h"
#include "sync/client/internal/batch.h"
#include "sync/client/internal/client_trust.h"
#include "sync/client/internal/compress.h"
#include "sync/client/internal/pull_ahead.h"
#include "sync/client/internal/restart.h"
#include "sync/client/internal/settle.h"

namespace thidua::client_internal {
namespace {

// The server's usual page (ServerOptions::pull_limit): what a new copy asks
// for once a longer first page was dropped on the way.
constexpr int kPageAfterDrop = 5000;

// One request as it goes on the wire.
struct Outgoing {
  Batch batch;
  std::string wire;
  bool compressed = false;
};

// An answer to `sent` not settled yet, which only acknowledges that push
// batch (CellSync::may_settle_in_flight): the next request may leave on
// its terms.
struct Unsettled {
  const Batch& sent;
  const SyncResponse& res;
};

// The prepared batch, finished, when the last answer left it standing: read
// for this batch size, the outbox unchanged before and inside it, and no
// unanswered attempt to repeat (a retry is built afresh, as it always was).
//
// On the terms of an `unsettled` answer, the batch is the outbox's next
// after `sent`, the answer's lineage is stored with this request's attempt
// in one transaction before it leaves, and the request carries the
// answer's cursor (the settle stores it meanwhile). A node stopped before
// the settle then presents that lineage and attempt, which the server takes
// as a lost answer (ServerStore::advance_node_lineage), and sends `sent`'s
// entries again, which the server has. Nothing when the batch does not
// stand; `ready` is used up when it does.
Result<std::optional<Outgoing>> finish_prepared(Store& store, std::optional<Prepared>& ready, std::size_t batch_bytes,
                                                int pull_limit, bool own, const Unsettled* unsettled = nullptr) {
  std::optional<Outgoing> none;
  if (!ready || ready->max_bytes != batch_bytes) return none;
  auto head = store.outbox(unsettled ? unsettled->sent.last_seq : 0, 1);
  if (!head) return head.status();
  if (head->empty() || head->front().seq != ready->batch.first_seq) return none;
  // Stored before the request leaves: if the answer is lost, the retry
  // carries the same attempt and the server knows it (issue 9 row 13).
  const std::string& attempt = ready->batch.request.attempt;
  bool stands = false;
  THIDUA_RETURN_IF_ERROR(store.transaction([&]() -> Status {
    // The answer's lineage clears the attempt it answered.
    if (unsettled) THIDUA_RETURN_IF_ERROR(NodeStore(store).set_node_lineage(unsettled->res.lineage));
    auto stored = NodeStore(store).sync_attempt(attempt);
    if (!stored) return stored.status();
    stands = *stored == attempt;
    return Status::ok();
  }));
  if (!stands) return none;
  Outgoing out{std::move(ready->batch), {}, true};
  THIDUA_RETURN_IF_ERROR(fill_request(store, &out.batch.request, pull_limit, own));
  if (unsettled) out.batch.request.cursor = unsettled->res.cursor;
  out.wire = ready->body.finish(encode_sync_request_tail(out.batch.request));
  ready.reset();
  return std::optional<Outgoing>(std::move(out));
}

Result<Outgoing> next_request(Store& store, std::optional<Prepared> ready, std::size_t batch_bytes, int pull_limit,
                              bool own) {
  auto prepared = finish_prepared(store, ready, batch_bytes, pull_limit, own);
  if (!prepared) return prepared.status();
  if (*prepared) return std::move(**prepared);
  auto batch = build_batch(store, batch_bytes);
  if (!batch) return batch.status();
  auto attempt = NodeStore(store).sync_attempt();  // stored before the request leaves (above)
  if (!attempt) return attempt.status();
  batch->request.attempt = *attempt;
  THIDUA_RETURN_IF_ERROR(fill_request(store, &batch->request, pull_limit, own));
  std::string body = encode_sync_request(batch->request);
  Outgoing out{std::move(*batch), {}, worth_compressing(body.size())};
  out.wire = out.compressed ? brotli_compress(body) : std::move(body);
  return out;
}

// One request of a sync and what came back.
struct Turn {
  Batch batch;  // what was sent (of a read sent ahead, its request only)
  Flight flight;
  bool read_ahead = false;                        // a PullAhead's read (internal/pull_ahead.h)
  std::optional<Result<SyncResponse>> decoded;    // its answer, decoded by its worker
  std::int64_t remaining = 0;                     // outbox entries when it was sent
  bool may_grow = false;                          // the batch size may double after it
};

// The last request and its answer, settled: freed once the next request is
// on its way (freeing a push batch of ~1,400 rows took ~4 ms between an
// answer and the next send).
struct Spent {
  Turn turn;
  SyncResponse response;
};

// An answer settled while the request finished on its terms flies.
struct Behind {
  Spent answered;
  Outgoing next;
};

// The exchange of one request, timed; on this (the store's) thread, while
// a worker waits for the answer, `meanwhile` runs (the last answer's
// settle, when the request left before it), the next batch is prepared
// and `spent` (the requests and answers done with) freed. The worker
// touches only the connection and its own counters until it is joined.
// `*meanwhile_status`: what `meanwhile` returned; nothing is prepared
// after a failure.
Flight fly(Store& store, Http& http, Outgoing& out, const ClientOptions& o, SyncReport* report,
           std::optional<Prepared>* next, std::size_t next_bytes, std::vector<Spent>* spent,
           const std::function<Status()>& meanwhile, Status* meanwhile_status) {
  SyncReport counts;
  auto flight = std::async(std::launch::async, [&http, &out, &o, &counts] {
    auto started = std::chrono::steady_clock::now();
    Flight f{post_encoded(http, "/api/v1/sync", std::move(out.wire), out.compressed, o.max_answer_bytes, &counts)};
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return f;
  });
  *meanwhile_status = meanwhile ? meanwhile() : Status::ok();
  // A failure here only costs the head start: the batch is built again,
  // and the store's error, if it lasts, reported then.
  if (meanwhile_status->is_ok()) {
    auto prepared = prepare_next(store, out.batch, next_bytes);
    if (prepared) *next = std::move(*prepared);
  }
  spent->clear();
  Flight f = flight.get();
  report->requests += counts.requests;
  report->bytes_sent += counts.bytes_sent;
  report->bytes_received += counts.bytes_received;
  return f;
}

// Pushes the outbox and pulls the server's changes, a request at a time,
// until neither has anything left; the state one request hands the next.
class CellSync {
 public:
  // `own`: this is a new copy of its node (init_node), which asks for its
  // node's own writes too until its first complete pull (SyncRequest::own).
  CellSync(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report, bool own)
      : store_(store), http_(http), o_(o), pacer_(pacer), report_(report), own_(own),
        batch_bytes_(std::clamp(o.batch_bytes, o.min_batch_bytes, o.max_batch_bytes)),
        ceiling_(o.max_batch_bytes), pull_limit_(o.pull_limit) {}

  Status run() {
    for (;;) {
      auto turn = ahead_ ? take_ahead() : send();
      if (!turn) return turn.status();
      const Exchange& x = turn->flight.x;
      if (x.too_big || x.retryable() || x.status == 413) {
        THIDUA_RETURN_IF_ERROR(after_failure(*turn));
        continue;
      }
      // A read that fails otherwise is asked again normally, which reports what it gets.
      if (x.status != 200) {
        if (turn->read_ahead) continue;
        return http_failure(x, "đồng bộ");
      }
      auto response = turn->decoded ? std::move(*turn->decoded) : decode_sync_response(x.body);
      if (!response) {
        if (turn->read_ahead) continue;
        return response.status().with_context("câu trả lời của máy chủ không hợp lệ");
      }
      // The last page, and a restored server, are met by a normal request.
      if (turn->read_ahead && (!response->more || response->generation != 0)) continue;
      pacer_.succeeded();
      adapt_batch_size(*turn);
      if (may_settle_in_flight(*turn, *response)) {
        const Unsettled answer{turn->batch, *response};
        auto next = finish_prepared(store_, next_, batch_bytes_, pull_limit_, own_, &answer);
        if (!next) return next.status();
        if (*next) {  // settled by send() while this request flies
          behind_.emplace(Behind{Spent{std::move(*turn), std::move(*response)}, std::move(**next)});
          continue;
        }
      }
      auto done = settle_turn(*turn, *response);
      if (!done) return done.status();
      if (*done) return Status::ok();
      spent_.push_back(Spent{std::move(*turn), std::move(*response)});
    }
  }

 private:
  // `unsettled`: outbox entries an answer in hand acknowledges, not yet dropped.
  Status count_remaining(Turn* t, std::int64_t unsettled = 0) {
    auto remaining = store_.outbox_count();
    if (!remaining) return remaining.status();
    if (progress_.cells_to_send == 0) progress_.cells_to_send = *remaining;
    t->remaining = *remaining - unsettled;
    // Read for the size this batch grows to when its answer comes quickly (adapt_batch_size).
    t->may_grow = batch_bytes_ * 2 < ceiling_;
    return Status::ok();
  }

  // The next request, built from the settled state and flown now; or the
  // one finished before the last answer's settle, which runs meanwhile.
  Result<Turn> send() {
    std::optional<Behind> behind = std::exchange(behind_, std::nullopt);
    Result<Outgoing> out = behind ? Result<Outgoing>(std::move(behind->next))
                                  : next_request(store_, std::exchange(next_, std::nullopt), batch_bytes_,
                                                 pull_limit_, own_);
    if (!out) return out.status();
    Turn t;
    THIDUA_RETURN_IF_ERROR(count_remaining(&t, behind ? entries_in(behind->answered.turn.batch) : 0));
    std::size_t next_bytes = t.may_grow ? std::min(o_.max_batch_bytes, batch_bytes_ * 2) : batch_bytes_;
    std::function<Status()> meanwhile;
    if (behind) meanwhile = [&] { return settle_behind(behind->answered); };
    Status settled;
    t.flight = fly(store_, http_, *out, o_, report_, &next_, next_bytes, &spent_, meanwhile, &settled);
    t.batch = std::move(out->batch);
    // The request's answer is dropped: the next sync repeats its attempt
    // on the stored lineage, a lost answer to the server.
    if (!settled.is_ok()) return settled;
    if (behind) spent_.push_back(std::move(behind->answered));
    return t;
  }

  static std::int64_t entries_in(const Batch& b) {
    std::int64_t n = 0;
    for (const auto& group : b.entries) n += static_cast<std::int64_t>(group.size());
    return n;
  }

  // Whether answer `res` to `t` may be settled while the next request is
  // in flight: it acknowledges a push batch and nothing else (nothing
  // refused, pulled or withdrawn, no page left, no restart), so the outbox
  // past the batch stands as the prepared batch read it.
  bool may_settle_in_flight(const Turn& t, const SyncResponse& res) {
    if (!o_.settle_in_flight || t.read_ahead || own_ || ahead_ || t.batch.request.cells.empty()) return false;
    if (!res.rejected.empty() || !res.cells.empty() || !res.retracted.empty() || res.more) return false;
    if (res.generation != 0 || res.lineage.empty() || server_restarted(t.batch.request, res)) return false;
    if (!next_ || next_->max_bytes != batch_bytes_) return false;
    return check_answer(store_, t.batch.request, res).is_ok();  // else the settle reports it, as always
  }

  // The answer behind the request in flight, settled (see settle.h).
  Status settle_behind(const Spent& b) {
    bool outbox_kept = false;
    THIDUA_RETURN_IF_ERROR(settle(store_, b.turn.batch, b.response, report_, &outbox_kept, true));
    note_progress(b.turn.batch.request, b.response);
    return Status::ok();
  }

  void note_progress(const SyncRequest& request, const SyncResponse& res) {
    progress_.cells_sent += static_cast<std::int64_t>(request.cells.size());
    progress_.cells_received += static_cast<std::int64_t>(res.cells.size());
    if (o_.on_progress) o_.on_progress(progress_);
  }

  // Grow while a batch takes well under the timeout (a slow link keeps its
  // batches short enough to finish), and never back up to a size that failed.
  void adapt_batch_size(const Turn& t) {
    if (t.flight.seconds < o_.io_timeout_s / 4.0 && t.may_grow) {
      batch_bytes_ = std::min(o_.max_batch_bytes, batch_bytes_ * 2);
    } else if (t.flight.seconds > o_.io_timeout_s / 2.0) {
      batch_bytes_ = std::max(o_.min_batch_bytes, batch_bytes_ / 2);
    }
  }

  // The read sent ahead, landed.
  Result<Turn> take_ahead() {
    Turn t;
    t.read_ahead = true;
    THIDUA_RETURN_IF_ERROR(count_remaining(&t));
    t.batch.request = ahead_->request();
    spent_.clear();  // while the read is still in flight, as fly() does
    t.flight = ahead_->take(report_, &t.decoded);
    ahead_.reset();
    return t;
  }

  Status after_failure(const Turn& t) {
    const Exchange& x = t.flight.x;
    if (x.too_big) {  // ask for fewer cells at a time; one cell always fits an honest answer
      if (pull_limit_ == 1) {
        return Status::io("đồng bộ: câu trả lời của máy chủ lớn quá " + std::to_string(o_.max_answer_bytes >> 20) +
                          " MiB kể cả khi chỉ xin một ô; không nhận");
      }
      pull_limit_ = pull_limit_ > 0 ? pull_limit_ / 2 : 1000;
      next_.reset();
      return Status::ok();
    }
    next_.reset();  // this batch goes again, built afresh
    // A link that drops long transfers gets shorter ones.
    if (!t.batch.request.cells.empty()) ceiling_ = std::max(o_.min_batch_bytes, batch_bytes_);
    batch_bytes_ = std::max(o_.min_batch_bytes, batch_bytes_ / 2);
    // A new copy's pages are long (the server's kFirstPullPages): on a link
    // that drops them it asks for the usual page, then for halves of it.
    if (own_ && x.status != 413) pull_limit_ = pull_limit_ > 0 ? std::max(1, pull_limit_ / 2) : kPageAfterDrop;
    if (x.status == 413) return Status::ok();
    if (!pacer_.wait_after_failure(report_)) return http_failure(x, "đồng bộ");
    return Status::ok();
  }

  // Settles the answer to `t`, the next page read meanwhile when it may be.
  // True when the sync is done.
  Result<bool> settle_turn(const Turn& t, const SyncResponse& res) {
    const SyncRequest& request = t.batch.request;
    if (o_.pull_ahead && PullAhead::worth(store_, request, res)) {
      ahead_ = std::make_unique<PullAhead>(http_, request, res, o_);
    }
    bool outbox_kept = false;
    THIDUA_RETURN_IF_ERROR(settle(store_, t.batch, res, report_, &outbox_kept));
    if (!outbox_kept) next_.reset();
    if (!res.more) own_ = false;
    if (report_->restarts > 1) {  // a server that keeps saying so would make the node resend for ever
      return Status::invalid("máy chủ báo đã được khôi phục lần thứ hai trong một lần đồng bộ; dừng lại, "
                             "hãy đồng bộ lại sau");
    }
    note_progress(request, res);
    // After the callback: an edit the clerk made meanwhile goes in the next request.
    THIDUA_RETURN_IF_ERROR(keep_or_drop_ahead(outbox_kept));
    bool pushed_all = request.cells.empty() || static_cast<std::int64_t>(request.cells.size()) >= t.remaining;
    if (!pushed_all || res.more) return false;
    auto left = store_.outbox(0, 1);
    if (!left) return left.status();
    return left->empty();
  }

  // After a settle: the read sent ahead is thrown away (waited for, counted)
  // unless it still asks what the node would ask now.
  Status keep_or_drop_ahead(bool outbox_kept) {
    if (!ahead_) return Status::ok();
    SyncRequest normal;
    THIDUA_RETURN_IF_ERROR(fill_request(store_, &normal, pull_limit_, own_));
    auto stands = ahead_->still_stands(store_, normal, outbox_kept);
    if (!stands) return stands.status();
    if (*stands) return Status::ok();
    std::optional<Result<SyncResponse>> unused;
    ahead_->take(report_, &unused);
    ahead_.reset();
    return Status::ok();
  }

  Store& store_;
  Http& http_;
  const ClientOptions& o_;
  Pacer& pacer_;
  SyncReport* report_;
  bool own_;
  std::size_t batch_bytes_;
  // The smallest batch that has failed: growing back to it would only fail
  // again and resend its bytes.
  std::size_t ceiling_;
  int pull_limit_;  // halved while answers are too big
  SyncProgress progress_;
  std::optional<Prepared> next_;      // the batch after this one, prepared while this one is in flight
  std::unique_ptr<PullAhead> ahead_;  // the next page, read while this one is settled
  std::optional<Behind> behind_;      // an answer settled while the request after it flies
  std::vector<Spent> spent_;          // freed while the next request is in flight
};

}  // namespace

Status sync_cells(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report, bool own) {
  return CellSync(store, http, o, pacer, report, own).run();
}

}  // namespace thidua::client_internal
