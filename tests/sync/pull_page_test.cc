// The server's pull page (issue 10) built from one read of each row
// (Store::feed_page, the Puller in server_sync.cc) against the way it was
// built before, kept here as the reference: the feed's cells one by one,
// each row judged by a read of its own, a published story's cells read again
// whole (Store::cells_of_row). On pages of every size, for each kind of node
// and with or without its own writes, the answers are the same: the same
// cells in the same order, the same retractions, `more` and cursor.
#include <doctest/doctest.h>

#include <set>
#include <tuple>

#include "store/store.h"
#include "sync/server/internal/server_sync.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// The Puller as it was before the page was read once (the reference).
class OldPuller {
 public:
  OldPuller(Store& store, const Principal& who, bool own, SyncResponse* out)
      : store_(store), who_(who), own_(own), filter_(store, who), out_(out) {}

  Status add(const RemoteCell& cell) {
    if (cell.node == who_.node_id && !own_) return Status::ok();
    if (!sent_.insert({cell.table, cell.pk, cell.column}).second) return Status::ok();
    auto visible = filter_.visible(cell.table, cell.pk);
    if (!visible) return visible.status();
    if (!*visible) {
      auto withdrawn = filter_.withdraws_row(cell);
      if (!withdrawn) return withdrawn.status();
      if (*withdrawn && withdrawn_.insert(cell.pk).second) out_->retracted.emplace_back("stories", cell.pk);
      return Status::ok();
    }
    out_->cells.push_back(cell);
    if (filter_.reveals_row(cell)) {
      THIDUA_RETURN_IF_ERROR(add_row("stories", cell.pk));
      auto photos = store_.ids_where("story_photos", "story_id", Value(cell.pk));
      if (!photos) return photos.status();
      for (const auto& id : *photos) THIDUA_RETURN_IF_ERROR(add_row("story_photos", id));
    }
    return Status::ok();
  }

 private:
  Status add_row(const std::string& table, const std::string& pk) {
    auto cells = store_.cells_of_row(table, pk);
    if (!cells) return cells.status();
    for (const auto& f : *cells) {
      if (f.cell.column == "status" && table == "stories") continue;
      if (f.cell.node == who_.node_id && !own_) continue;
      if (sent_.insert({f.cell.table, f.cell.pk, f.cell.column}).second) out_->cells.push_back(f.cell);
    }
    return Status::ok();
  }

  Store& store_;
  const Principal& who_;
  bool own_;
  ReadFilter filter_;
  SyncResponse* out_;
  std::set<std::tuple<std::string, std::string, std::string>> sent_;
  std::set<std::string> withdrawn_;
};

// The old page: cells, retracted, more and cursor as serve_sync set them.
SyncResponse old_page(Store& store, const Principal& who, std::int64_t cursor, int limit, bool own) {
  SyncResponse r;
  REQUIRE(store.transaction([&]() -> Status {
                 auto head = store.feed_head();
                 if (!head) return head.status();
                 auto changes = store.changes_since(cursor, limit, own ? std::string() : who.node_id, *head);
                 if (!changes) return changes.status();
                 OldPuller puller(store, who, own, &r);
                 for (const auto& f : *changes) THIDUA_RETURN_IF_ERROR(puller.add(f.cell));
                 r.more = static_cast<int>(changes->size()) == limit;
                 r.cursor = r.more ? changes->back().seq : *head;
                 return Status::ok();
               })
              .is_ok());
  return r;
}

RemoteCell cell(const std::string& table, const std::string& pk, const std::string& column, Value v,
                const std::string& node, Hlc hlc) {
  RemoteCell c;
  c.table = table;
  c.pk = pk;
  c.column = column;
  c.value = std::move(v);
  c.node = node;
  c.hlc = hlc;
  return c;
}

std::string hash_of(int i) { return std::string(63, 'a') + static_cast<char>('0' + i % 10); }

// Stories of two districts in every state a pull meets (published, drafts,
// published once and taken back, deleted), with photos, progress and a
// nomination with a document, written by the server and by two nodes, some
// cells rewritten later so that rows' cells lie far apart in the feed.
void seed(Store& s) {
  const char* units[] = {"dong-van", "meo-vac"};
  const char* statuses[] = {"published", "draft", "submitted", "published", "approved"};
  for (int i = 0; i < 30; ++i) {
    const std::string id = "story-" + std::to_string(i);
    const std::string unit = units[i % 2];
    Row r{{"id", id},       {"unit_id", unit},           {"title", "Bài " + std::to_string(i)},
          {"subject", "Ông A"}, {"category", std::string("individual")}, {"status", std::string(statuses[i % 5])},
          {"body_md", "Nội dung " + std::to_string(i)}};
    if (i % 5 == 0 || i % 5 == 3 || i % 7 == 2) r["published_on"] = std::string("2021-07-01");
    REQUIRE(s.write("stories", r).is_ok());
    for (int k = 0; k < i % 3; ++k) {
      REQUIRE(s.write("story_photos", Row{{"id", id + "-p" + std::to_string(k)},
                                          {"story_id", id},
                                          {"blob_hash", hash_of(i + k)},
                                          {"ordinal", std::int64_t{k}}})
                  .is_ok());
    }
  }
  const Hlc t = 1'795'485'895'841'000;
  std::vector<RemoteCell> cells;
  for (int i = 0; i < 12; ++i) {
    const std::string node = i % 2 ? "node-a" : "node-b";
    const std::string id = "remote-" + std::to_string(i);
    cells.push_back(cell("stories", id, "_row", std::int64_t{1}, node, t + i));
    cells.push_back(cell("stories", id, "unit_id", std::string(units[i % 2]), node, t + i));
    cells.push_back(cell("stories", id, "title", "Từ nút " + std::to_string(i), node, t + i));
    cells.push_back(cell("stories", id, "status", std::string(i % 3 ? "submitted" : "published"), node, t + i));
    cells.push_back(cell("story_photos", id + "-p", "_row", std::int64_t{1}, node, t + i));
    cells.push_back(cell("story_photos", id + "-p", "story_id", id, node, t + i));
    const std::string p = "2021-q1-01:" + std::string(units[i % 2]);
    cells.push_back(cell("progress", p, "percent", std::int64_t{10 * i}, node, t + i));
  }
  REQUIRE(s.apply_remote(cells, {}).is_ok());
  // Later writes: some stories published, some taken back, one deleted, a title changed.
  for (int i : {1, 2, 6}) REQUIRE(s.write("stories", Row{{"id", "story-" + std::to_string(i)}, {"status", std::string("published")}}).is_ok());
  for (int i : {0, 3}) REQUIRE(s.write("stories", Row{{"id", "story-" + std::to_string(i)}, {"status", std::string("submitted")}}).is_ok());
  REQUIRE(s.remove("stories", "story-9").is_ok());  // one without photos: they would hold it
  REQUIRE(s.write("stories", Row{{"id", "story-4"}, {"title", std::string("Sửa")}}).is_ok());
  REQUIRE(s.write("progress", progress("2021-q1-02", "dong-van", "in_progress", 40)).is_ok());
  REQUIRE(s.write("nominations", Row{{"id", "nom-1"}, {"unit_id", std::string("dong-van")}, {"nominee", std::string("Bà B")},
                                     {"status", std::string("submitted")}})
              .is_ok());
  REQUIRE(s.write("nomination_documents", Row{{"id", "doc-1"}, {"nomination_id", std::string("nom-1")},
                                              {"blob_hash", hash_of(7)}, {"kind", std::string("khac")}})
              .is_ok());
}

bool same(const SyncResponse& a, const SyncResponse& b) {
  if (a.more != b.more || a.cursor != b.cursor || a.retracted != b.retracted || a.cells.size() != b.cells.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    const RemoteCell& x = a.cells[i];
    const RemoteCell& y = b.cells[i];
    if (x.table != y.table || x.pk != y.pk || x.column != y.column || !(x.value == y.value) || x.hlc != y.hlc ||
        x.node != y.node) {
      return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("a pull page read once per row is the page the cell-by-cell reading gave") {
  SyncFixture f;
  auto s = f.central();
  seed(*s);
  const std::string self = s->node_id();
  const Principal whos[] = {{self, "dong-van", "district"},
                            {"node-a", "meo-vac", "district"},
                            {"node-b", "dong-van", "district"},
                            {"tinh", "tinh", "province"}};
  LastSeen last_seen(std::chrono::hours(1));
  int pages = 0;
  for (const Principal& who : whos) {
    for (bool own : {false, true}) {
      for (int limit : {1, 3, 7, 40, 5000}) {
        CAPTURE(who.node_id);
        CAPTURE(own);
        CAPTURE(limit);
        std::int64_t cursor = 0;
        for (bool more = true; more; ++pages) {
          SyncRequest req;
          req.cursor = cursor;
          req.own = own;
          req.limit = limit;
          SyncStats stats;
          auto got = serve_sync(*s, who, req, limit, 0, &stats, last_seen);
          REQUIRE_MESSAGE(got.is_ok(), got.status().message());
          SyncResponse want = old_page(*s, who, cursor, limit, own);
          CAPTURE(cursor);
          REQUIRE(same(*got, want));
          more = got->more;
          cursor = got->cursor;
        }
      }
    }
  }
  CHECK(pages > 200);
}
