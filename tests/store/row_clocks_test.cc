// Clocks kept per row (migration 7, issue 10): the feed read from the packed
// records is exactly the per-cell feed (the sync_cells view is its ground
// truth), pages bound cells, and a file at 6 comes through migration 7 with
// every cell's clock and feed number.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "tests/store/fixture.h"
#include "tests/support/db_peek.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::vector<std::string> query(const std::string& path, const std::string& sql, std::int64_t a = 0,
                               std::int64_t b = 0, std::int64_t c = 0) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  if (sqlite3_bind_parameter_count(st) >= 1) sqlite3_bind_int64(st, 1, a);
  if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_int64(st, 2, b);
  if (sqlite3_bind_parameter_count(st) >= 3) sqlite3_bind_int64(st, 3, c);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    std::string line;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const auto* t = sqlite3_column_text(st, i);
      line += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    out.push_back(line);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::vector<std::string> lines_of(const std::vector<FeedCell>& cells) {
  std::vector<std::string> out;
  for (const auto& f : cells) {
    out.push_back(std::to_string(f.seq) + "|" + f.cell.table + "|" + f.cell.pk + "|" + f.cell.column + "|" +
                  std::to_string(f.cell.hlc) + "|" + f.cell.node);
  }
  return out;
}

// Rows written, then old rows edited again: most rows hold cells numbered
// far below their latest (a story written, then published weeks later).
void write_history(Store& s, FakeClock& clock) {
  seed_reference(s);
  for (int i = 0; i < 30; ++i) {
    clock.now_ms += 1000;
    REQUIRE(s.write("stories", {{"id", "s" + std::to_string(i)}, {"unit_id", std::string("dong-van")},
                                {"title", "Gương " + std::to_string(i)}, {"body_md", std::string("Nội dung")}})
                .is_ok());
  }
  for (int i = 0; i < 30; i += 3) {
    clock.now_ms += 1000;
    REQUIRE(s.write("stories", {{"id", "s" + std::to_string(i)}, {"status", std::string("submitted")}}).is_ok());
  }
  for (int i = 29; i >= 0; i -= 4) {
    clock.now_ms += 1000;
    REQUIRE(s.write("stories", {{"id", "s" + std::to_string(i)}, {"title", "Sửa " + std::to_string(i)}}).is_ok());
  }
}

}  // namespace

TEST_CASE("every page of the feed read from row records is the per-cell feed's page") {
  StoreFixture f;
  auto s = f.open();
  write_history(*s, *f.clock);
  const std::string path = f.dir.file("node.db");
  REQUIRE(s->checkpoint().is_ok());
  const std::int64_t head = *s->feed_head();
  const std::string truth = "SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > ? ORDER BY seq LIMIT ?";
  CHECK(query(path, "SELECT count(*) FROM sync_cells WHERE seq > 0")[0] ==
        query(path, "SELECT count(DISTINCT seq) FROM sync_cells")[0]);
  for (int limit : {1, 2, 5, 7, 9, 13, 50, 1000}) {
    CAPTURE(limit);
    std::int64_t after = 0;
    std::size_t pages = 0;
    for (;;) {
      auto page = s->changes_since(after, limit, "", head);
      REQUIRE(page.is_ok());
      CHECK(lines_of(*page) == query(path, truth, after, limit));
      REQUIRE(++pages < 1000);
      if (static_cast<int>(page->size()) < limit) break;
      after = page->back().seq;
    }
  }
  // A node's own cells are left out as before, and never past `up_to`.
  auto all = s->changes_since(0, 1000, s->node_id(), head);
  REQUIRE(all.is_ok());
  CHECK(all->empty());
  auto some = s->changes_since(3, 10, "", 20);
  REQUIRE(some.is_ok());
  CHECK(lines_of(*some) == query(path, "SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > 3 AND "
                                       "seq <= 20 ORDER BY seq LIMIT 10"));
  // Bounded above (a push's pull stops before the cells it just wrote):
  // rows whose latest cell is past the bound still give their older cells.
  const std::string bounded =
      "SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?";
  int checked = 0;
  for (std::int64_t up_to = 1; up_to <= head; up_to += 7) {
    for (std::int64_t after : {std::int64_t{0}, up_to / 3, up_to - 1}) {
      for (int limit : {1, 4, 1000}) {
        CAPTURE(up_to);
        CAPTURE(after);
        CAPTURE(limit);
        auto page = s->changes_since(after, limit, "", up_to);
        REQUIRE(page.is_ok());
        CHECK(lines_of(*page) == query(path, bounded, after, up_to, limit));
        ++checked;
      }
    }
  }
  CHECK(checked > 100);
  // The row's version is its latest cell's number.
  auto versions = s->row_versions("stories");
  REQUIRE(versions.is_ok());
  CHECK(std::to_string(versions->at("s0")) == query(path, "SELECT max(seq) FROM sync_cells WHERE pk = 's0'")[0]);
}

TEST_CASE("a file at schema 6 comes through migration 7 with every cell's clock and feed number") {
  StoreFixture f;
  const std::string path = f.dir.file("six.db");
  {
    OpenOptions o;
    o.target_version = 6;
    auto old = Store::open(path, o);
    REQUIRE(old.is_ok());
    seed_reference(**old);
    // Clocks as a v6 server holds them: several nodes, numbers with gaps.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const char* sql =
        "INSERT INTO sync_cells (tbl, pk, col, hlc, node, seq) VALUES "
        "('units', 'dong-van', '_row', 100, 'aaaa', 1), ('units', 'dong-van', 'name', 300, 'bbbb', 9),"
        "('units', 'dong-van', 'kind', 100, 'aaaa', 2), ('plans', '2021', '_row', 200, 'cccc', 4),"
        "('plans', '2021', 'year', 200, 'cccc', 5), ('tasks', '2021-q1-01', '_row', 250, 'aaaa', 7),"
        "('tasks', '2021-q1-01', 'content', 9007199254740993, 'a\"b\\\\c', 12);"
        "UPDATE sync_meta SET seq = 12;";
    REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const auto before = query(path, "SELECT tbl, pk, col, hlc, node, seq FROM sync_cells ORDER BY seq");
  REQUIRE(before.size() == 7);
  {  // read as it is (a read-only command of this build): the same clocks
    OpenOptions o;
    o.create = false;
    o.read_only = true;
    o.read_compatible_schema = true;
    auto ro = Store::open(path, o);
    REQUIRE_MESSAGE(ro.is_ok(), ro.status().message());
    auto clock = (*ro)->cell_clock("units", "dong-van", "name");
    REQUIRE(clock.is_ok());
    REQUIRE(clock->has_value());
    CHECK((*clock)->hlc == 300);
    CHECK((*clock)->node == "bbbb");
    CHECK(lines_of(*(*ro)->cells_of_row("units", "dong-van")).size() == 3);
  }
  auto s = f.open("six.db");
  CHECK(s->schema_version() == 7);
  CHECK(query(path, "SELECT tbl, pk, col, hlc, node, seq FROM sync_cells ORDER BY seq") == before);
  CHECK(query(path, "SELECT tbl, pk, seq, lo FROM sync_rows ORDER BY seq") ==
        std::vector<std::string>{"plans|2021|5|4", "units|dong-van|9|1", "tasks|2021-q1-01|12|7"});
  CHECK(*s->feed_head() == 12);
  auto feed = s->changes_since(0, 100);
  REQUIRE(feed.is_ok());
  CHECK(lines_of(*feed) == std::vector<std::string>{
                               "1|units|dong-van|_row|100|aaaa", "2|units|dong-van|kind|100|aaaa",
                               "4|plans|2021|_row|200|cccc", "5|plans|2021|year|200|cccc",
                               "7|tasks|2021-q1-01|_row|250|aaaa", "9|units|dong-van|name|300|bbbb",
                               "12|tasks|2021-q1-01|content|9007199254740993|a\"b\\\\c"});
  auto clock = s->cell_clock("tasks", "2021-q1-01", "content");
  REQUIRE(clock.is_ok());
  CHECK((*clock)->node == "a\"b\\\\c");  // as SQL wrote it: two backslashes
  // The next local edit is numbered after them, and stamps its row's record.
  REQUIRE(s->write("units", {{"id", std::string("dong-van")}, {"short_name", std::string("Đồng Văn")}}).is_ok());
  CHECK(query(path, "SELECT seq, hlc > 300, node FROM sync_cells WHERE col = 'short_name'") ==
        std::vector<std::string>{"13|1|" + s->node_id()});
  CHECK(query(path, "SELECT seq, lo FROM sync_rows WHERE pk = 'dong-van'") == std::vector<std::string>{"13|1"});
}
