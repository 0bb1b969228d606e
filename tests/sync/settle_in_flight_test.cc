// A push batch sent before the last answer is settled (issue 10; the
// settle runs while the next request flies, CellSync::may_settle_in_flight):
// the same requests and the same end state as settling first, and a node
// whose settle fails after the next request left syncs again with nothing
// lost, nothing doubled and no refusal as a copied database.
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "store/node_store.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Batches of ~8 KiB that never grow: a dozen stories each, every answer
// but the last one a plain acknowledgement.
ClientOptions small_batches(bool in_flight) {
  ClientOptions o = SyncFixture::fast();
  o.batch_bytes = o.min_batch_bytes = o.max_batch_bytes = 8u << 10;
  o.settle_in_flight = in_flight;
  return o;
}

void exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

std::string stories_of(Store& s) { return nlohmann::json::parse(*s.export_json())["stories"].dump(); }

}  // namespace

TEST_CASE("a batch sent before the last answer's settle: the same requests and end state as settling first") {
  constexpr int kStories = 150;
  std::string end_state[2];
  int requests[2] = {0, 0};
  for (bool in_flight : {false, true}) {
    CAPTURE(in_flight);
    SyncFixture f;
    auto dv = f.add_node("dong-van", "district");
    f.start();
    auto node = f.init("dv.db", dv);
    write_stories(*node, "dong-van", kStories);
    const std::int64_t cells = *node->outbox_count();
    std::vector<std::int64_t> sent;
    ClientOptions o = small_batches(in_flight);
    o.on_progress = [&](const SyncProgress& p) { sent.push_back(p.cells_sent); };
    auto r = sync_node(*node, o);
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    CHECK(r->cells_pushed == cells);
    CHECK(r->cells_rejected == 0);
    CHECK(node->outbox()->empty());
    CHECK(*f.central()->count("stories") == kStories);
    CHECK(sent.size() > 10);
    CHECK(std::is_sorted(sent.begin(), sent.end()));
    CHECK(sent.back() == cells);
    CHECK(stories_of(*node) == stories_of(*f.central()));
    requests[in_flight] = r->requests;
    end_state[in_flight] = stories_of(*f.central());
    // The lineage the node keeps is the server's: the next sync is accepted.
    write_stories(*node, "dong-van", 1, kStories);
    auto next = sync_node(*node, o);
    REQUIRE_MESSAGE(next.is_ok(), next.status().message());
    CHECK(next->cells_pushed == cells / kStories);
  }
  CHECK(requests[1] == requests[0]);  // no request more at the end (remaining counts the unsettled batch)
  CHECK(end_state[1] == end_state[0]);
}

TEST_CASE("the settle fails after the next batch left: the next sync converges, nothing refused or doubled") {
  constexpr int kStories = 120;
  std::int64_t reached[2] = {0, 0};  // stories on the server when the failed sync stopped
  for (bool in_flight : {false, true}) {
    CAPTURE(in_flight);
    SyncFixture f;
    auto dv = f.add_node("dong-van", "district");
    f.start();
    f.init("dv.db", dv);
    const std::string db = f.dir.file("dv.db");
    std::int64_t cells = 0;
    {
      auto node = Store::open(db);
      REQUIRE(node.is_ok());
      write_stories(**node, "dong-van", kStories);
      cells = *(*node)->outbox_count();
    }
    // Every settle fails at its last statement (the cursor), as a node
    // that stops there would leave it. In flight, the first answer's settle
    // runs while the second batch flies, after the answer's lineage and the
    // second batch's attempt were stored.
    exec(db,
         "CREATE TRIGGER fail_settle_insert BEFORE INSERT ON sync_cursors BEGIN SELECT RAISE(ABORT, 'injected'); END;"
         "CREATE TRIGGER fail_settle_update BEFORE UPDATE ON sync_cursors BEGIN SELECT RAISE(ABORT, 'injected'); END;");
    {
      auto node = Store::open(db);
      REQUIRE(node.is_ok());
      auto failed = sync_node(**node, small_batches(in_flight));
      REQUIRE_FALSE(failed.is_ok());
      CHECK(failed.status().message().find("injected") != std::string::npos);
      reached[in_flight] = *f.central()->count("stories");
      CHECK(reached[in_flight] > 0);
      CHECK(reached[in_flight] < kStories);
      CHECK(*(*node)->outbox_count() == cells);  // the node kept every entry
      auto lineage = NodeStore(**node).node_lineage();
      REQUIRE(lineage.is_ok());
      CHECK_FALSE(lineage->second.empty());  // an attempt the node never saw answered
    }
    exec(db, "DROP TRIGGER fail_settle_insert; DROP TRIGGER fail_settle_update;");
    auto node = Store::open(db);
    REQUIRE(node.is_ok());
    auto again = sync_node(**node, small_batches(in_flight));
    REQUIRE_MESSAGE(again.is_ok(), again.status().message());
    CHECK(again->cells_rejected == 0);
    CHECK((*node)->outbox()->empty());
    CHECK(*f.central()->count("stories") == kStories);
    CHECK(stories_of(**node) == stories_of(*f.central()));
    write_stories(**node, "dong-van", 1, kStories);
    auto later = sync_node(**node, small_batches(in_flight));
    REQUIRE_MESSAGE(later.is_ok(), later.status().message());
    CHECK(*f.central()->count("stories") == kStories + 1);
  }
  // Settling first, only the first batch reached the server; in flight,
  // the second had left before the first answer's settle failed.
  CHECK(reached[1] > reached[0]);
}
