#include "sync/server/internal/server_sync.h"
#include "store/server_store.h"
#include "sync/server/internal/public_change.h"
#include "sync/server/internal/row_key.h"
#include "sync/server/internal/server_restore.h"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>
#include <vector>

namespace thidua {
namespace {

// A new copy's first pull (SyncRequest::own) reads pages this many times
// longer: it has the whole unit to fetch, and each answer costs both sides a
// transaction (the node's with an fsync and a checkpoint). The node asks for
// shorter pages itself on a link that drops them (sync/client/client.cc).
constexpr int kFirstPullPages = 4;

// The cells an answer holds or withheld, by (table, pk, column). A row's
// cells come as a run, so the row looked up last is tried first; a row has
// a few dozen columns at most, compared in a list.
class SentCells {
 public:
  // True when the cell was not there yet (it is now).
  bool insert(const std::string& table, const std::string& pk, const std::string& column) {
    if (!last_ || last_->first.second != pk || last_->first.first != table) {
      last_ = &*rows_.try_emplace(RowKey{table, pk}).first;
    }
    auto& columns = last_->second;
    if (std::find(columns.begin(), columns.end(), column) != columns.end()) return false;
    columns.push_back(column);
    return true;
  }

 private:
  RowKeyMap<std::vector<std::string>> rows_;
  std::pair<const RowKey, std::vector<std::string>>* last_ = nullptr;  // elements keep their address
};

// Builds a pull's answer from a page of the feed. Each row the page names is
// read once (Store::feed_page): its cells' values, the filter's judgement
// and a published story's other cells all come from that read.
class Puller {
 public:
  // `own`: the node asked for its own writes too (SyncRequest::own).
  Puller(Store& store, const Principal& who, bool own, SyncResponse* out)
      : store_(store), who_(who), own_(own), filter_(store, who), out_(out) {}

  // The page's cells in feed order; the page's cells are moved out.
  Status add_page(FeedPage& page) {
    THIDUA_RETURN_IF_ERROR(find_photos(page));
    out_->cells.reserve(page.cells.size());
    for (std::size_t i = 0; i < page.cells.size(); ++i) {
      THIDUA_RETURN_IF_ERROR(add(std::move(page.cells[i].cell), page.rows[page.row_of[i]]));
    }
    return Status::ok();
  }

 private:
  // The photos of the page's published stories (the stories a district may
  // be shown whole), as ids_where gives them, in one query per kPhotoBatch
  // stories rather than one per story.
  static constexpr std::size_t kPhotoBatch = 256;
  Status find_photos(const FeedPage& page) {
    if (who_.is_province()) return Status::ok();  // nothing is revealed to it
    std::vector<std::string> stories;
    for (const FeedRow& row : page.rows) {
      const Value* status = row.table == "stories" ? row.value("status") : nullptr;
      if (status && *status == Value(std::string("published"))) stories.push_back(row.pk);
    }
    for (const auto& pk : stories) photos_.try_emplace(pk);
    for (std::size_t at = 0; at < stories.size(); at += kPhotoBatch) {
      std::vector<std::string> batch(stories.begin() + static_cast<std::ptrdiff_t>(at),
                                     stories.begin() + static_cast<std::ptrdiff_t>(std::min(at + kPhotoBatch, stories.size())));
      batch.resize(kPhotoBatch, batch.back());  // one statement for every batch: IN ignores repeats
      THIDUA_RETURN_IF_ERROR(store_.each_where("story_photos", "story_id", batch, {"id", "story_id"},
                                               [this](std::vector<Value>& cells) {
                                                 const auto* id = std::get_if<std::string>(&cells[0]);
                                                 const auto* story = std::get_if<std::string>(&cells[1]);
                                                 if (id && story) photos_[*story].push_back(*id);
                                               }));
    }
    return Status::ok();
  }

  // `row`: the row `cell` belongs to, as the page read it.
  Status add(RemoteCell&& cell, const FeedRow& row) {
    if (cell.node == who_.node_id && !own_) return Status::ok();  // it has its own writes
    if (!sent_.insert(cell.table, cell.pk, cell.column)) return Status::ok();
    auto visible = filter_.visible(cell.table, cell.pk, &row);
    if (!visible) return visible.status();
    if (!*visible) {
      auto withdrawn = filter_.withdraws_row(cell, &row);
      if (!withdrawn) return withdrawn.status();
      if (*withdrawn && withdrawn_.insert(cell.pk).second) out_->retracted.emplace_back("stories", cell.pk);
      return Status::ok();
    }
    const bool reveals = filter_.reveals_row(cell);
    out_->cells.push_back(std::move(cell));
    if (reveals) THIDUA_RETURN_IF_ERROR(add_story(row));
    return Status::ok();
  }

  // A story someone else just published: the node has none of it yet, so
  // it gets every cell of the story and of its photos, whatever their age.
  Status add_story(const FeedRow& story) {
    THIDUA_RETURN_IF_ERROR(add_row(story));
    auto found = photos_.find(story.pk);
    if (found != photos_.end()) {
      for (const auto& id : found->second) THIDUA_RETURN_IF_ERROR(add_row("story_photos", id));
      return Status::ok();
    }
    auto photos = store_.ids_where("story_photos", "story_id", Value(story.pk));
    if (!photos) return photos.status();
    for (const auto& id : *photos) THIDUA_RETURN_IF_ERROR(add_row("story_photos", id));
    return Status::ok();
  }

  // Whether a cell of a row added whole is sent: not the story's status
  // (sent already: this avoids recursion), nor a district's own cell (its
  // own story published: it holds what it wrote, and refused it as a claim
  // of its own writes), nor one the answer holds.
  bool wanted(const std::string& table, const std::string& pk, const std::string& column, const std::string& node) {
    if (column == "status" && table == "stories") return false;
    if (node == who_.node_id && !own_) return false;
    return sent_.insert(table, pk, column);
  }

  // The story's cells as the page read them (Store::cells_of_row's cells).
  Status add_row(const FeedRow& row) {
    for (const CellStamp& c : row.cells) {
      if (!row.value(c.column)) return Status::corrupt("sync_rows names unknown column " + c.column);
    }
    for (const CellStamp& c : row.cells) {
      if (!wanted(row.table, row.pk, c.column, c.clock.node)) continue;
      RemoteCell cell;
      cell.table = row.table;
      cell.pk = row.pk;
      cell.column = c.column;
      cell.value = *row.value(c.column);
      cell.hlc = c.clock.hlc;
      cell.node = c.clock.node;
      out_->cells.push_back(std::move(cell));
    }
    return Status::ok();
  }

  Status add_row(const std::string& table, const std::string& pk) {
    auto cells = store_.cells_of_row(table, pk);
    if (!cells) return cells.status();
    for (auto& f : *cells) {
      if (wanted(table, pk, f.cell.column, f.cell.node)) out_->cells.push_back(std::move(f.cell));
    }
    return Status::ok();
  }

  Store& store_;
  const Principal& who_;
  bool own_;
  ReadFilter filter_;
  SyncResponse* out_;
  SentCells sent_;
  std::set<std::string> withdrawn_;  // stories
  std::unordered_map<std::string, std::vector<std::string>> photos_;  // story -> its photos, by id
};

// The node's cells merged, each passed by the write guard; the refused
// ones named in the answer.
Status merge_push(Store& store, const Principal& who, const std::vector<RemoteCell>& cells, SyncResponse* response,
                  SyncStats* stats) {
  PushCheck guard(store, who, cells);
  ApplyOptions options;
  options.audit = true;
  options.utf8_known = true;  // decode_sync_request refuses text that is not UTF-8
  options.authorize = [&guard](const RemoteCell& c) { return guard.check(c); };
  PublicChange watch(store);
  THIDUA_RETURN_IF_ERROR(watch.before(cells));
  auto applied = store.apply_remote(cells, options);
  if (!applied) return applied.status();
  auto shown = watch.after(cells, applied->outcomes);
  if (!shown) return shown.status();
  stats->public_change = *shown;
  for (std::size_t i = 0; i < applied->outcomes.size(); ++i) {
    if (applied->outcomes[i] == ApplyOutcome::kRejected) {
      response->rejected.push_back({i, applied->reasons[i]});
    }
  }
  stats->rejected += static_cast<std::int64_t>(response->rejected.size());
  stats->accepted += static_cast<std::int64_t>(cells.size() - response->rejected.size());
  stats->conflicts += applied->conflicts;
  return Status::ok();
}

// The page of the feed after the node's cursor that it may read; cells
// past `before` are this request's own pushes, never pulled back.
Status pull_page(Store& store, const Principal& who, const SyncRequest& request, int pull_limit, std::int64_t before,
                 SyncResponse* response, SyncStats* stats) {
  const bool longer = request.own && pull_limit <= std::numeric_limits<int>::max() / kFirstPullPages;
  const int page = longer ? pull_limit * kFirstPullPages : pull_limit;
  int limit = request.limit > 0 ? std::min(request.limit, page) : page;
  auto head = store.feed_head();
  if (!head) return head.status();
  auto feed = store.feed_page(request.cursor, limit, request.own ? std::string() : who.node_id, before);
  if (!feed) return feed.status();
  Puller puller(store, who, request.own, response);
  THIDUA_RETURN_IF_ERROR(puller.add_page(*feed));
  // A short page means the rest of the feed is the node's own writes:
  // it is then at the head, however many of those there were.
  response->more = static_cast<int>(feed->cells.size()) == limit;
  response->cursor = response->more ? feed->cells.back().seq : *head;
  stats->pulled += static_cast<std::int64_t>(response->cells.size());
  return Status::ok();
}

}  // namespace

Result<SyncResponse> serve_sync(Store& store, const Principal& who, SyncRequest& request, int pull_limit,
                                std::int64_t now_ms, SyncStats* stats, LastSeen& last_seen, const SyncRunner& run) {
  const auto seen_at = LastSeen::Clock::now();
  bool noted = false;
  SyncResponse response;
  response.server_time_ms = now_ms;
  for (auto& c : request.cells) c.node = who.node_id;  // a node writes only as itself
  auto body = [&]() -> Status {
    // Every cell numbered after this one is the node's own, written below:
    // the pull need not read past it.
    auto before = store.feed_head();
    if (!before) return before.status();
    // A server restored from a backup (issue 11): the node's cursor names
    // nothing here, so it is answered from the start of the feed.
    auto generation = ServerStore(store).server_generation();
    if (!generation) return generation.status();
    const Restart restart = restart_of(request, *generation, *before);
    if (restart == Restart::kNone && request.cursor > *before) {  // an older node: 410, nothing written
      stats->cursor_past_head = true;
      return Status::conflict("the node's cursor is past the server's feed");
    }
    // Sent to a node that holds another, and with an answer from position 0
    // (the node's sign that its cursor was past the head): an idle sync
    // stays as small.
    if (request.generation != *generation || restart != Restart::kNone) response.generation = *generation;
    // A copy of the node's database that another machine has moved past is
    // refused before anything of it is merged (issue 9 row 13). Every
    // thidua node sends an attempt; a request without one (a script holding
    // the token) is neither checked nor moves the lineage: this guards
    // against copied files, the token is what authenticates.
    if (!request.attempt.empty()) {
      const bool fresh = request.cursor == 0 && request.cells.empty();
      auto lineage = restart != Restart::kNone
                         ? lineage_after_restore(store, who.node_id, request, restart)
                         : ServerStore(store).advance_node_lineage(who.node_id, request.lineage, request.attempt, fresh);
      if (!lineage) return lineage.status();
      response.lineage = std::move(*lineage);
    }
    if (restart != Restart::kNone) request.cursor = 0;
    if (!request.cells.empty()) THIDUA_RETURN_IF_ERROR(merge_push(store, who, request.cells, &response, stats));
    THIDUA_RETURN_IF_ERROR(pull_page(store, who, request, pull_limit, *before, &response, stats));
    // An idle sync writes nothing (last_seen.h): no write transaction, no
    // fsync. One that writes anyway (cells, the lineage) notes it for free.
    const bool writes = !request.attempt.empty() || !request.cells.empty();
    if (!writes && !last_seen.due(who.node_id, response.cursor, seen_at)) return Status::ok();
    noted = true;
    return ServerStore(store).note_node_sync(who.node_id, response.cursor);
  };
  auto after = [&](const Status& outcome) {
    if (!outcome.is_ok()) {
      last_seen.forget(who.node_id);
    } else if (noted) {
      last_seen.written(who.node_id, response.cursor, seen_at);
    }
  };
  Status st;
  if (run) {
    st = run(body, after);
  } else {
    st = store.transaction(body);
    after(st);
  }
  if (!st.is_ok()) return st;
  return response;
}

}  // namespace thidua
