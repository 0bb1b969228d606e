// Issue 10: a pull's next page read while the node settles the current one
// (sync/client/internal/pull_ahead.h). Each case makes a first sync in many
// pages and compares the copy with one made strictly a page after another
// (ClientOptions::pull_ahead off), as every sync was before.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "netsim/proxy.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Published stories of Mèo Vạc, written on the server: a Đồng Văn copy
// gets every cell of each at once (the server's whole-story path), besides
// the plan and the units.
void publish_stories(SyncFixture& f, int n) {
  auto central = f.central();
  REQUIRE(central->transaction([&]() -> Status {
    for (int i = 0; i < n; ++i) {
      char id[33];
      std::snprintf(id, sizeof id, "%032x", i + 1);
      THIDUA_RETURN_IF_ERROR(central->write("stories", {{"id", std::string(id)},
                                                        {"unit_id", std::string("meo-vac")},
                                                        {"title", "Gương sáng số " + std::to_string(i)},
                                                        {"subject", std::string("Giàng Seo Pà")},
                                                        {"category", std::string("individual")},
                                                        {"body_md", std::string(200, 'b')},
                                                        {"status", std::string("published")},
                                                        {"created_on", std::string("2021-03-02")}}));
    }
    return Status::ok();
  }).is_ok());
}

// What a copy holds of the server's: its synced tables, its cursor, and
// every cell's clock, writer and value; with `numbers`, also the feed
// number the copy gave each cell (the order it merged them in).
struct Copy {
  nlohmann::json tables;
  std::int64_t cursor = 0;
  std::vector<std::string> cells;
};

Copy copy_of(Store& s, bool numbers) {
  Copy c;
  auto text = s.export_json();
  REQUIRE(text.is_ok());
  c.tables = nlohmann::json::parse(*text);
  c.cursor = *s.cursor("server");
  auto feed = s.changes_since(0, 1 << 30);
  REQUIRE(feed.is_ok());
  for (const auto& f : *feed) {
    const RemoteCell& cell = f.cell;
    std::string line = cell.table + " " + cell.pk + " " + cell.column + " " + std::to_string(cell.hlc) + " " +
                       cell.node + " " + describe(cell.value);
    if (numbers) line += " #" + std::to_string(f.seq);
    c.cells.push_back(line);
  }
  if (!numbers) std::sort(c.cells.begin(), c.cells.end());
  return c;
}

void check_same(const Copy& a, const Copy& b) {
  CHECK(a.tables == b.tables);
  CHECK(a.cursor == b.cursor);
  CHECK(a.cells.size() == b.cells.size());
  CHECK(a.cells == b.cells);
}

// A first sync in pages of 40 cells (the content and 30 stories: ~30 pages).
ClientOptions paged(bool ahead) {
  ClientOptions o = SyncFixture::fast();
  o.pull_limit = 40;
  o.pull_ahead = ahead;
  return o;
}

struct Made {
  std::unique_ptr<Store> store;
  SyncReport report;
};

Made first_sync(SyncFixture& f, const std::string& name, const std::string& url, const ClientOptions& o) {
  auto who = f.add_node("dong-van", "district");
  auto r = init_node(f.dir.file(name), url, who.token, o);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  auto store = Store::open(f.dir.file(name));
  REQUIRE(store.is_ok());
  return {std::move(*store), *r};
}

}  // namespace

TEST_CASE("issue 10: a first sync in many pages, each read while the last is settled, makes the same copy") {
  SyncFixture f;
  publish_stories(f, 30);
  f.start();
  Made before = first_sync(f, "before.db", f.url(), paged(false));
  Made ahead = first_sync(f, "ahead.db", f.url(), paged(true));
  REQUIRE(before.report.requests > 10);
  check_same(copy_of(*before.store, true), copy_of(*ahead.store, true));
  CHECK(ahead.report.cells_pulled == before.report.cells_pulled);
  // The last page is read ahead, thrown away and asked for again normally.
  CHECK(ahead.report.requests == before.report.requests + 1);
  CHECK(ahead.report.retries == 0);
  // The lineage the last (normal) request moved on is the one the copy
  // holds, with no attempt pending: the next sync is one idle request.
  auto lineage = NodeStore(*ahead.store).node_lineage();
  REQUIRE(lineage.is_ok());
  CHECK_FALSE(lineage->first.empty());
  CHECK(lineage->second.empty());
  auto idle = f.sync(*ahead.store);
  CHECK(idle.requests == 1);
  CHECK(idle.cells_pulled == 0);
}

TEST_CASE("issue 10: a page read ahead is thrown away when an edit made meanwhile is to be pushed") {
  SyncFixture f;
  publish_stories(f, 30);
  f.start();
  Made before = first_sync(f, "before.db", f.url(), paged(false));
  // The clerk writes a report while the pages come in (once its task has
  // come): the request after that page must carry it, so the page read
  // ahead meanwhile is thrown away.
  auto who = f.add_node("dong-van", "district");
  const std::string path = f.dir.file("ahead.db");
  int calls = 0, wrote_at = 0;
  std::int64_t sent_next = -1;
  ClientOptions o = paged(true);
  o.on_progress = [&](const SyncProgress& p) {
    ++calls;
    if (wrote_at != 0) {
      if (calls == wrote_at + 1) sent_next = p.cells_sent;
      return;
    }
    if (calls < 3) return;
    auto clerk = Store::open(path);
    REQUIRE(clerk.is_ok());
    if ((*clerk)->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 30, "giữa lúc đồng bộ")).is_ok()) {
      wrote_at = calls;
    }
  };
  auto r = init_node(path, f.url(), who.token, o);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  auto ahead = Store::open(path);
  REQUIRE(ahead.is_ok());
  REQUIRE(wrote_at > 0);
  CHECK(sent_next > 0);  // pushed by the very next request, not after the pages read ahead
  CHECK((*ahead)->outbox()->empty());
  CHECK(r->cells_pushed > 0);
  CHECK(cell_of(*f.central(), "progress", "2021-q1-01:dong-van", "note_md") ==
        Value{std::string("giữa lúc đồng bộ")});
  // Besides the report, the same copy, every cell once (the report's own
  // cells came back in a later page: a new copy asks for its node's writes).
  const std::string report_id = "2021-q1-01:dong-van";
  Copy mine = copy_of(**ahead, false);
  Copy theirs = copy_of(*before.store, false);
  std::erase_if(mine.cells, [&](const std::string& c) { return c.rfind("progress " + report_id + " ", 0) == 0; });
  auto& rows = mine.tables["progress"];
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const nlohmann::json& row) { return row["id"] == report_id; }),
             rows.end());
  CHECK(mine.tables == theirs.tables);
  CHECK(mine.cells == theirs.cells);
  // A page read twice (thrown away, asked again with the report), the last
  // page, and perhaps one more for the report's cells coming back.
  CHECK(r->requests >= before.report.requests + 2);
  CHECK(r->requests <= before.report.requests + 3);
  CHECK(f.sync(**ahead).requests == 1);
}

TEST_CASE("issue 10: a connection cut while a page is read ahead: asked again normally, the same copy") {
  SyncFixture f;
  publish_stories(f, 30);
  f.start();
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), {});
  REQUIRE(proxy.is_ok());
  const std::string url = "http://127.0.0.1:" + std::to_string((*proxy)->port());
  // Measured on a sync made a page after another: the bytes from the
  // server on the sync's connection up to the end of the first page.
  auto hello = fetch_hello(url, f.add_node("dong-van", "district").token, SyncFixture::fast());
  REQUIRE(hello.is_ok());
  const std::int64_t hello_down = (*proxy)->stats().bytes_down;
  (*proxy)->reset_stats();
  std::int64_t first_page_down = 0;
  ClientOptions measure = paged(false);
  measure.on_progress = [&](const SyncProgress&) {
    if (first_page_down == 0) first_page_down = (*proxy)->stats().bytes_down - hello_down;
  };
  Made before = first_sync(f, "before.db", url, measure);
  REQUIRE(first_page_down > 0);

  // The sync's connection is cut a little past the first page: in the
  // answer to the page read ahead. Later connections are not cut.
  netsim::LinkProfile cut;
  cut.cut_after_bytes_down = first_page_down + 40;
  (*proxy)->set_profile(cut);
  (*proxy)->reset_stats();
  ClientOptions o = paged(true);
  bool healed = false;
  o.on_progress = [&](const SyncProgress&) {
    if (!healed) (*proxy)->set_profile({});
    healed = true;
  };
  Made ahead = first_sync(f, "ahead.db", url, o);
  CHECK((*proxy)->stats().cuts == 1);
  CHECK(ahead.report.retries == 1);
  // The pages after the cut are shorter (a link that drops them): the
  // order of merging differs, what is held does not.
  check_same(copy_of(*before.store, false), copy_of(*ahead.store, false));
  auto lineage = NodeStore(*ahead.store).node_lineage();
  REQUIRE(lineage.is_ok());
  CHECK(lineage->second.empty());
  CHECK(f.sync(*ahead.store).requests == 1);
}
