// The tasks a unit sees on its report page: by quarter, its own first,
// each with its latest report (records/tasks.h).
#include "tests/records/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

void add_task(Store& s, const std::string& id, const std::string& plan, std::int64_t quarter,
              std::int64_t ordinal) {
  REQUIRE(s.write("tasks", {{"id", id},
                            {"plan_id", plan},
                            {"quarter", quarter},
                            {"ordinal", ordinal},
                            {"content", "Nội dung " + id},
                            {"due", std::string("2021-06-30")}})
              .is_ok());
}

void make_responsible(Store& s, const std::string& task, const std::string& unit) {
  REQUIRE(s.write("task_units", {{"id", task + ":" + unit},
                                 {"task_id", task},
                                 {"unit_id", unit},
                                 {"role", std::string("responsible")},
                                 {"ordinal", std::int64_t{1}}})
              .is_ok());
}

}  // namespace

TEST_CASE("tasks come by quarter, the unit's own first, with its latest report") {
  StoreFixture f;
  auto s = open_node(f);
  add_task(*s, "2021-q1-02", "2021", 1, 2);
  add_task(*s, "2021-q3-01", "2021", 3, 1);
  REQUIRE(s->write("plans", {{"id", std::string("2022")}, {"year", std::int64_t{2022}}}).is_ok());
  add_task(*s, "2022-q1-01", "2022", 1, 1);
  make_responsible(*s, "2021-q1-02", "dong-van");
  make_responsible(*s, "2021-q1-01", "meo-vac");  // another unit's: not ours
  REQUIRE(report_progress(*s, {"2021-q1-01", "in_progress", 40, "Đã họp", "2021-04-02"}).is_ok());

  auto years = plan_years(*s);
  REQUIRE(years.is_ok());
  CHECK(*years == std::vector<std::int64_t>{2022, 2021});

  auto q = unit_tasks_of_year(*s, "dong-van", 2021);
  REQUIRE_MESSAGE(q.is_ok(), q.status().message());
  REQUIRE(q->size() == 2);
  CHECK((*q)[0].quarter == 1);
  CHECK((*q)[1].quarter == 3);
  REQUIRE((*q)[0].tasks.size() == 2);
  CHECK((*q)[0].tasks[0].id == "2021-q1-02");  // own, though its ordinal is higher
  CHECK((*q)[0].tasks[0].own);
  CHECK_FALSE((*q)[0].tasks[0].report.has_value());
  const UnitTask& reported = (*q)[0].tasks[1];
  CHECK(reported.id == "2021-q1-01");
  CHECK_FALSE(reported.own);
  REQUIRE(reported.report.has_value());
  CHECK(reported.report->status == "in_progress");
  CHECK(reported.report->percent == 40);
  CHECK(reported.report->note_md == "Đã họp");
  CHECK(reported.report->reported_on == "2021-04-02");

  auto other = unit_tasks_of_year(*s, "meo-vac", 2021);
  REQUIRE(other.is_ok());
  CHECK((*other)[0].tasks[0].id == "2021-q1-01");        // meo-vac's own
  CHECK_FALSE((*other)[0].tasks[0].report.has_value());  // dong-van's report is not meo-vac's

  auto none = unit_tasks_of_year(*s, "dong-van", 1999);
  REQUIRE(none.is_ok());
  CHECK(none->empty());
}

TEST_CASE("one task with the unit's report, or not found") {
  StoreFixture f;
  auto s = open_node(f);
  REQUIRE(report_progress(*s, {"2021-q1-01", "done", 100, std::nullopt, "2021-04-02"}).is_ok());
  auto t = unit_task(*s, "dong-van", "2021-q1-01");
  REQUIRE(t.is_ok());
  CHECK(t->content == "Triển khai");
  REQUIRE(t->report.has_value());
  CHECK(t->report->status == "done");
  auto missing = unit_task(*s, "dong-van", "2021-q9-09");
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK(missing.status().message() == "không có nhiệm vụ 2021-q9-09");
}
