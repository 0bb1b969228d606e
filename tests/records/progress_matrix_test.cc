// The province's progress matrix (records/progress_matrix.h).
#include "tests/records/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

void add_task(Store& s, const std::string& id, std::int64_t quarter, std::int64_t ordinal) {
  REQUIRE(s.write("tasks", {{"id", id},
                            {"plan_id", std::string("2021")},
                            {"quarter", quarter},
                            {"ordinal", ordinal},
                            {"content", "Nhiệm vụ " + id}})
              .is_ok());
}

void make_responsible(Store& s, const std::string& task, const std::string& unit) {
  REQUIRE(s.write("task_units", {{"id", task + "/" + unit},
                                 {"task_id", task},
                                 {"unit_id", unit},
                                 {"role", std::string("responsible")}})
              .is_ok());
}

// A report of `unit` as the province node receives it.
void remote_report(Store& s, const std::string& task, const std::string& unit,
                   const std::string& status, std::int64_t percent, Hlc at) {
  const std::string id = task + ":" + unit;
  const std::string node = "cccccccccccccccc";
  REQUIRE(s.apply_remote({{"progress", id, "_row", std::int64_t{1}, at, node, std::nullopt},
                          {"progress", id, "task_id", task, at, node, std::nullopt},
                          {"progress", id, "unit_id", unit, at, node, std::nullopt},
                          {"progress", id, "status", status, at, node, std::nullopt},
                          {"progress", id, "percent", percent, at, node, std::nullopt},
                          {"progress", id, "reported_on", std::string("2021-03-20"), at, node,
                           std::nullopt}})
              .is_ok());
}

const MatrixCell& cell(const ProgressMatrix& m, const std::string& task, const std::string& unit) {
  for (const auto& row : m.rows) {
    if (row.task.id != task) continue;
    for (std::size_t i = 0; i < m.units.size(); ++i)
      if (m.units[i].id == unit) return row.cells[i];
  }
  FAIL("no cell " << task << " × " << unit);
  static MatrixCell none;
  return none;
}

}  // namespace

TEST_CASE("the matrix marks chưa báo cáo, overdue and responsible-only cells") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  add_task(*s, "2021-q1-02", 1, 2);
  add_task(*s, "2021-q2-01", 2, 1);
  make_responsible(*s, "2021-q1-01", "dong-van");
  make_responsible(*s, "2021-q1-01", "meo-vac");
  make_responsible(*s, "2021-q1-02", "meo-vac");
  make_responsible(*s, "2021-q2-01", "ubnd-tinh");
  const Hlc at = hlc_pack(f.clock->now_ms - 1000, 0);
  remote_report(*s, "2021-q1-01", "dong-van", "done", 100, at);
  remote_report(*s, "2021-q1-02", "meo-vac", "in_progress", 40, at);

  auto during = progress_matrix(*s, 2021, 1, "2021-03-31");
  REQUIRE(during.is_ok());
  CHECK(during->quarter_end == "2021-03-31");
  CHECK_FALSE(during->quarter_ended);
  REQUIRE(during->rows.size() == 2);
  CHECK(during->rows[0].task.id == "2021-q1-01");  // by ordinal
  // Units responsible for a task of the quarter; the province's own task
  // is in quarter 2.
  REQUIRE(during->units.size() == 2);
  CHECK(during->units[0].id == "dong-van");
  CHECK(during->units[0].name == "Huyện Đồng Văn");
  CHECK(during->units[1].id == "meo-vac");
  CHECK(cell(*during, "2021-q1-01", "dong-van").report->status == "done");
  CHECK_FALSE(cell(*during, "2021-q1-01", "meo-vac").report.has_value());  // chưa báo cáo
  CHECK(cell(*during, "2021-q1-01", "meo-vac").responsible);
  CHECK_FALSE(cell(*during, "2021-q1-01", "meo-vac").overdue);  // the quarter runs on
  CHECK_FALSE(cell(*during, "2021-q1-02", "dong-van").responsible);  // no cell: "—"

  auto after = progress_matrix(*s, 2021, 1, "2021-04-01");
  REQUIRE(after.is_ok());
  CHECK(after->quarter_ended);
  CHECK_FALSE(cell(*after, "2021-q1-01", "dong-van").overdue);  // done
  CHECK(cell(*after, "2021-q1-01", "meo-vac").overdue);         // never reported
  CHECK(cell(*after, "2021-q1-02", "meo-vac").overdue);         // 40 %
  CHECK_FALSE(cell(*after, "2021-q1-02", "dong-van").overdue);  // not its task

  auto q2 = progress_matrix(*s, 2021, 2, "2021-04-01");
  REQUIRE(q2.is_ok());
  REQUIRE(q2->units.size() == 1);
  CHECK(q2->units[0].id == "ubnd-tinh");
  CHECK(progress_matrix(*s, 2030, 1, "2021-04-01")->rows.empty());
  CHECK(progress_matrix(*s, 2021, 5).status().code() == Status::Code::kInvalid);
}

TEST_CASE("a unit that reports on a task it is not named for gets a column, without overdue") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  make_responsible(*s, "2021-q1-01", "meo-vac");
  remote_report(*s, "2021-q1-01", "dong-van", "in_progress", 50, hlc_pack(f.clock->now_ms, 0));
  auto m = progress_matrix(*s, 2021, 1, "2021-06-01");
  REQUIRE(m.is_ok());
  REQUIRE(m->units.size() == 2);
  const MatrixCell& c = cell(*m, "2021-q1-01", "dong-van");
  CHECK_FALSE(c.responsible);
  CHECK(c.report->percent == std::optional<std::int64_t>(50));
  CHECK_FALSE(c.overdue);
}

TEST_CASE("a unit's report on a task: the latest one, unknown task or unit refused") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  make_responsible(*s, "2021-q1-01", "dong-van");
  remote_report(*s, "2021-q1-01", "dong-van", "blocked", 10, hlc_pack(f.clock->now_ms, 0));
  auto p = unit_task_progress(*s, "2021-q1-01", "dong-van");
  REQUIRE(p.is_ok());
  CHECK(p->task.own);
  CHECK(p->unit.name == "Huyện Đồng Văn");
  CHECK(p->task.report->status == "blocked");
  CHECK(p->task.report->reported_on == "2021-03-20");
  CHECK(p->year == 2021);
  CHECK(progress_status_words(p->task.report->status) == "vướng mắc");
  auto none = unit_task_progress(*s, "2021-q1-01", "meo-vac");
  REQUIRE(none.is_ok());
  CHECK_FALSE(none->task.own);
  CHECK_FALSE(none->task.report.has_value());
  CHECK(unit_task_progress(*s, "khong-co", "dong-van").status().code() == Status::Code::kNotFound);
  CHECK(unit_task_progress(*s, "2021-q1-01", "khong-co").status().code() ==
        Status::Code::kNotFound);
}
