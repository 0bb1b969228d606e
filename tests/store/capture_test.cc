// Change capture: every local write records exactly its changed cells.
#include <sqlite3.h>

#include <set>

#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::set<std::string> columns_of(const std::vector<OutboxEntry>& entries) {
  std::set<std::string> out;
  for (const auto& e : entries) out.insert(e.column);
  return out;
}

}  // namespace

TEST_CASE("an insert records the row marker and each non-null column, one clock for all") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto before = outbox_size(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 40)).is_ok());
  auto entries = s->outbox();
  REQUIRE(entries.is_ok());
  std::vector<OutboxEntry> added(entries->begin() + before, entries->end());
  // note_md has a default ('') and is recorded; reported_on is NULL and is not.
  CHECK(columns_of(added) == std::set<std::string>{"_row", "task_id", "unit_id", "status", "percent", "note_md"});
  CHECK(added.size() == 6);
  for (const auto& e : added) {
    CHECK(e.table == "progress");
    CHECK(e.pk == "2021-q1-01:dong-van");
    CHECK(e.hlc == added.front().hlc);
    CHECK_FALSE(e.base.has_value());
  }
  CHECK(hlc_wall_ms(added.front().hlc) == f.clock->now_ms);
}

TEST_CASE("an update records exactly the changed columns with their previous clock as base") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 40)).is_ok());
  auto status_clock = s->cell_clock("progress", "2021-q1-01:dong-van", "status");
  REQUIRE(status_clock.is_ok());
  REQUIRE(status_clock->has_value());
  auto before = outbox_size(*s);

  f.clock->now_ms += 1000;
  REQUIRE(s->write("progress", progress_row("done", 40)).is_ok());
  auto entries = s->outbox();
  REQUIRE(entries.is_ok());
  REQUIRE(outbox_size(*s) == before + 1);
  const auto& e = entries->back();
  CHECK(e.column == "status");
  CHECK(e.value == Value{std::string("done")});
  CHECK(e.base == std::optional<Hlc>((*status_clock)->hlc));
  CHECK(e.hlc > (*status_clock)->hlc);

  // The cell clock now carries the new stamp and this node's id.
  auto now = s->cell_clock("progress", "2021-q1-01:dong-van", "status");
  REQUIRE(now.is_ok());
  CHECK((*now)->hlc == e.hlc);
  CHECK((*now)->node == s->node_id());
}

TEST_CASE("an update that changes nothing records nothing and does not tick the clock") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 40)).is_ok());
  auto before = outbox_size(*s);
  auto clock = s->clock();
  REQUIRE(s->write("progress", progress_row("in_progress", 40)).is_ok());
  REQUIRE(s->write("progress", {{"id", std::string("2021-q1-01:dong-van")}}).is_ok());
  CHECK(outbox_size(*s) == before);
  CHECK(*s->clock() == *clock);
}

TEST_CASE("a delete records a tombstone") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 40)).is_ok());
  auto before = outbox_size(*s);
  REQUIRE(s->remove("progress", "2021-q1-01:dong-van").is_ok());
  auto entries = s->outbox();
  REQUIRE(outbox_size(*s) == before + 1);
  const auto& e = entries->back();
  CHECK(e.column == "_row");
  CHECK(e.value == Value{std::int64_t{0}});
  CHECK(e.base.has_value());
  auto tomb = s->cell_clock("progress", "2021-q1-01:dong-van", "_row");
  REQUIRE(tomb->has_value());
  CHECK((*tomb)->hlc == e.hlc);
  CHECK(s->remove("progress", "2021-q1-01:dong-van").code() == Status::Code::kNotFound);
}

TEST_CASE("local stamps keep increasing when the wall clock jumps backwards") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("not_started", 0)).is_ok());
  Hlc last = *s->clock();
  for (int i = 1; i <= 5; ++i) {
    f.clock->now_ms -= 3'600'000;  // an hour back each time
    REQUIRE(s->write("progress", progress_row("in_progress", i * 10)).is_ok());
    Hlc now = s->outbox()->back().hlc;
    CHECK(now > last);
    last = now;
  }
}

TEST_CASE("a rolled-back transaction leaves no outbox entries") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto before = outbox_size(*s);
  Status st = s->transaction([&]() -> Status {
    THIDUA_RETURN_IF_ERROR(s->write("progress", progress_row("done", 100)));
    return Status::invalid("the clerk cancelled");
  });
  CHECK(st.code() == Status::Code::kInvalid);
  CHECK(outbox_size(*s) == before);
  CHECK_FALSE(s->get("progress", "2021-q1-01:dong-van")->has_value());
}

TEST_CASE("values outside their set are refused before they reach the table") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto before = outbox_size(*s);
  Status st = s->write("progress", progress_row("finished", 40));
  CHECK(st.code() == Status::Code::kInvalid);
  CHECK(st.message().find("progress.status phải là một trong các giá trị") != std::string::npos);
  CHECK(s->write("progress", progress_row("done", 101)).code() == Status::Code::kInvalid);
  CHECK(s->write("progress", progress_row("done", -1)).code() == Status::Code::kInvalid);
  CHECK(s->write("progress", {{"id", std::string("x")}, {"colour", std::string("red")}}).code() ==
        Status::Code::kInvalid);
  CHECK(s->write("secrets", {{"id", std::string("x")}}).code() == Status::Code::kInvalid);
  auto dangling = progress_row("done", 100);
  dangling["task_id"] = std::string("2021-q9-99");
  st = s->write("progress", dangling);
  CHECK(st.message().find("không có dòng tasks nào có mã \"2021-q9-99\"") != std::string::npos);
  CHECK(outbox_size(*s) == before);
}

TEST_CASE("ids cannot change, so cells always name the same row") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  sqlite3* db = nullptr;
  s.reset();
  REQUIRE(sqlite3_open(f.dir.file("node.db").c_str(), &db) == SQLITE_OK);
  // A connection that has the capture function, as a Store's does.
  auto next = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]) + 1);
  };
  REQUIRE(sqlite3_create_function_v2(db, "thidua_hlc_next", 1, SQLITE_UTF8, nullptr, next, nullptr, nullptr,
                                     nullptr) == SQLITE_OK);
  // And the two that stamp a row's clock record (migration 7).
  auto none = [](sqlite3_context* ctx, int, sqlite3_value**) { sqlite3_result_null(ctx); };
  REQUIRE(sqlite3_create_function_v2(db, "thidua_stamp", 5, SQLITE_UTF8, nullptr, none, nullptr, nullptr,
                                     nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_create_function_v2(db, "thidua_cell_hlc", 2, SQLITE_UTF8, nullptr, none, nullptr, nullptr,
                                     nullptr) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, "UPDATE units SET id = 'other' WHERE id = 'dong-van'", nullptr, nullptr, &err);
  CHECK(rc != SQLITE_OK);
  REQUIRE(err != nullptr);
  CHECK(std::string(err).find("cannot change") != std::string::npos);
  sqlite3_free(err);
  sqlite3_close(db);
}

TEST_CASE("a connection without the thidua functions cannot write a synced table at all") {
  StoreFixture f;
  {
    auto s = f.open();
    seed_reference(*s);
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(f.dir.file("node.db").c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, "UPDATE units SET name = 'Đồng Văn' WHERE id = 'dong-van'", nullptr, nullptr, &err);
  CHECK(rc != SQLITE_OK);
  REQUIRE(err != nullptr);
  CHECK(std::string(err).find("thidua_hlc_next") != std::string::npos);
  sqlite3_free(err);
  sqlite3_close(db);
  auto s = f.open();
  auto unit = s->get("units", "dong-van");
  CHECK(std::get<std::string>((**unit)["name"]) == "Huyện Đồng Văn");
}

TEST_CASE("ack_outbox forgets entries up to a sequence number") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto entries = s->outbox();
  REQUIRE(entries->size() > 3);
  auto cut = (*entries)[2].seq;
  REQUIRE(s->ack_outbox(cut).is_ok());
  auto rest = s->outbox();
  CHECK(rest->size() == entries->size() - 3);
  CHECK(rest->front().seq > cut);
  CHECK(s->outbox(rest->front().seq)->size() == rest->size() - 1);
}

TEST_CASE("regression (sync_outbox.val and the conflict values declared with no type, 4449d69): text that looks like a number stays text in the outbox and in conflicts") {
  // The outbox column once had NUMERIC affinity ("ANY" in a non-STRICT
  // table): "2021" became the integer 2021 and every peer refused the cell.
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto row = progress_row("done", 100);
  row["note_md"] = std::string("100");
  REQUIRE(s->write("progress", row).is_ok());
  bool seen = false;
  auto entries = s->outbox();
  for (const auto& e : *entries) {
    if (e.column == "note_md") {
      CHECK(e.value == Value{std::string("100")});
      seen = true;
    }
    if (e.table == "tasks" && e.column == "plan_id") CHECK(e.value == Value{std::string("2021")});
  }
  CHECK(seen);
}
