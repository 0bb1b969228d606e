// Store basics: transactions, reads, integrity.
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("write upserts and get reads back what was written") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 25)).is_ok());
  auto row = s->get("progress", "2021-q1-01:dong-van");
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  CHECK((**row)["status"] == Value{std::string("in_progress")});
  CHECK((**row)["note_md"] == Value{std::string("")});
  CHECK(is_null((**row)["reported_on"]));
  // Columns not named keep their value.
  REQUIRE(s->write("progress", {{"id", std::string("2021-q1-01:dong-van")}, {"percent", std::int64_t{60}}}).is_ok());
  row = s->get("progress", "2021-q1-01:dong-van");
  CHECK((**row)["status"] == Value{std::string("in_progress")});
  CHECK((**row)["percent"] == Value{std::int64_t{60}});
  CHECK(*s->count("progress") == 1);
  CHECK(s->rows("progress")->size() == 1);
}

TEST_CASE("get_value reads one column of a row, nullopt when the row is absent") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 25)).is_ok());
  auto status = s->get_value("progress", "2021-q1-01:dong-van", "status");
  REQUIRE(status.is_ok());
  REQUIRE(status->has_value());
  CHECK(**status == Value{std::string("in_progress")});
  auto reported = s->get_value("progress", "2021-q1-01:dong-van", "reported_on");
  REQUIRE(reported.is_ok());
  REQUIRE(reported->has_value());
  CHECK(is_null(**reported));
  auto absent = s->get_value("progress", "không-có", "status");
  REQUIRE(absent.is_ok());
  CHECK_FALSE(absent->has_value());
  CHECK(s->get_value("progress", "2021-q1-01:dong-van", "colour").status().code() == Status::Code::kInvalid);
  CHECK(s->get_value("secrets", "x", "id").status().code() == Status::Code::kInvalid);
}

TEST_CASE("hostile strings are stored verbatim, never executed") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  const std::string hostile = "'); DROP TABLE units; -- <script>alert(1)</script> ../../etc/passwd";
  REQUIRE(s->write("units", {{"id", std::string("x'; DROP TABLE units;--")}, {"name", hostile}}).is_ok());
  auto row = s->get("units", "x'; DROP TABLE units;--");
  REQUIRE(row->has_value());
  CHECK((**row)["name"] == Value{hostile});
  CHECK(*s->count("units") == 2);
}

TEST_CASE("nested transactions commit together or not at all") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  SUBCASE("both succeed: both commit") {
    Status st = s->transaction([&]() -> Status {
      THIDUA_RETURN_IF_ERROR(s->write("units", {{"id", std::string("meo-vac")}}));
      return s->transaction([&]() { return s->write("units", {{"id", std::string("yen-minh")}}); });
    });
    CHECK(st.is_ok());
    CHECK(s->get("units", "meo-vac")->has_value());
    CHECK(s->get("units", "yen-minh")->has_value());
  }
  SUBCASE("the inner one fails: nothing commits, even if the outer body ignores it") {
    Status st = s->transaction([&]() -> Status {
      THIDUA_RETURN_IF_ERROR(s->write("units", {{"id", std::string("meo-vac")}}));
      Status inner = s->transaction([&]() -> Status {
        THIDUA_RETURN_IF_ERROR(s->write("units", {{"id", std::string("yen-minh")}}));
        return Status::invalid("inner fails");
      });
      CHECK_FALSE(inner.is_ok());
      return Status::ok();
    });
    CHECK(st.message() == "inner fails");
    CHECK_FALSE(s->get("units", "meo-vac")->has_value());
    CHECK_FALSE(s->get("units", "yen-minh")->has_value());
    // The store is usable afterwards.
    CHECK(s->transaction([&]() { return s->write("units", {{"id", std::string("bac-me")}}); }).is_ok());
  }
}

TEST_CASE("a transaction group commits its bodies at once and undoes a failing one alone") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto unit = [&](const char* id) { return s->get("units", id)->has_value(); };
  auto pending = [&] { return *s->outbox_count(); };
  const auto start = pending();
  REQUIRE(s->write("units", {{"id", std::string("hoang-su-phi")}}).is_ok());
  const auto per_row = pending() - start;
  const auto before = pending();
  std::vector<Status> each;
  Status st = s->transaction_group(
      {[&] { return s->write("units", {{"id", std::string("meo-vac")}}); },
       [&]() -> Status {
         THIDUA_RETURN_IF_ERROR(s->write("units", {{"id", std::string("yen-minh")}}));
         return Status::invalid("second fails");
       },
       [&]() -> Status {  // a nested transaction fails; the body ignores it
         (void)s->transaction([&]() -> Status {
           THIDUA_RETURN_IF_ERROR(s->write("units", {{"id", std::string("bac-me")}}));
           return Status::invalid("nested fails");
         });
         return Status::ok();
       },
       [&] { return s->write("units", {{"id", std::string("quan-ba")}}); }},
      &each);
  CHECK(st.is_ok());
  REQUIRE(each.size() == 4);
  CHECK(each[0].is_ok());
  CHECK(each[1].message() == "second fails");
  CHECK(each[2].message() == "nested fails");
  CHECK(each[3].is_ok());
  CHECK(unit("meo-vac"));
  CHECK_FALSE(unit("yen-minh"));
  CHECK_FALSE(unit("bac-me"));
  CHECK(unit("quan-ba"));
  CHECK(pending() == before + 2 * per_row);  // captured: only what stands
  // Inside an open transaction it is refused; the store stays usable.
  Status inner = s->transaction([&]() -> Status {
    return s->transaction_group({[&] { return s->write("units", {{"id", std::string("vi-xuyen")}}); }}, &each);
  });
  CHECK(inner.code() == Status::Code::kInternal);
  CHECK_FALSE(unit("vi-xuyen"));
  CHECK(s->transaction_group({}, &each).is_ok());
  CHECK(s->transaction([&]() { return s->write("units", {{"id", std::string("vi-xuyen")}}); }).is_ok());
}

TEST_CASE("integrity_check reports ok on a healthy database") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  CHECK(*s->integrity_check() == "ok");
}

TEST_CASE("row_versions_where gives the matching rows' versions as row_versions does; ids_where's limit") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("units", {{"id", std::string("meo-vac")}, {"name", std::string("Huyện Mèo Vạc")}}).is_ok());
  for (const char* id : {"a", "b", "c"}) {
    REQUIRE(s->write("stories", {{"id", std::string(id)},
                                 {"unit_id", std::string(id[0] == 'b' ? "meo-vac" : "dong-van")},
                                 {"title", std::string("Bài ") + id}})
                .is_ok());
  }
  // A later change to "a" gives it the largest version.
  REQUIRE(s->write("stories", {{"id", std::string("a")}, {"title", std::string("Sửa")}}).is_ok());
  auto all = s->row_versions("stories");
  REQUIRE(all.is_ok());
  auto mine = s->row_versions_where("stories", "unit_id", Value(std::string("dong-van")));
  REQUIRE(mine.is_ok());
  std::map<std::string, std::int64_t> got(mine->begin(), mine->end());
  CHECK(got.size() == 2);
  CHECK(got.at("a") == all->at("a"));
  CHECK(got.at("c") == all->at("c"));
  CHECK(got.at("a") > got.at("c"));
  CHECK(s->row_versions_where("stories", "unit_id", Value(std::string("x' OR 1=1 --")))->empty());
  // ids_where, whole and cut to its first ids.
  const Value dong_van(std::string("dong-van"));
  CHECK(*s->ids_where("stories", "unit_id", dong_van) == std::vector<std::string>{"a", "c"});
  CHECK(*s->ids_where("stories", "unit_id", dong_van, 1) == std::vector<std::string>{"a"});
  CHECK(s->ids_where("stories", "unit_id", dong_van, 0)->empty());
  CHECK(s->row_versions_where("stories", "khong_co", Value(std::string("a"))).status().code() ==
        Status::Code::kInvalid);
  CHECK(s->row_versions_where("khong_co", "id", Value(std::string("a"))).status().code() ==
        Status::Code::kInvalid);
}
