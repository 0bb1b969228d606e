// Every number of the report's model against SQL counts on the full-year
// fixture (tests/report/fixture.h), for the three kinds of report.
#include <doctest/doctest.h>

#include <algorithm>

#include "report/model.h"
#include "tests/report/fixture.h"
#include "tests/report/sql.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::report;
using namespace thidua::testing;

namespace {

std::vector<long long> counts(const TaskCounts& c) {
  return {c.total, c.done, c.in_progress, c.blocked, c.not_started, c.overdue};
}

struct Fixture {
  TempDir dir;
  std::string db = dir.file("central.db");
  Fixture() { make_full_year(db, THIDUA_SOURCE_DIR "/content"); }

  Report build(Kind kind, const std::string& today) {
    OpenOptions o;
    o.create = false;
    o.read_only = true;
    auto store = Store::open(db, o);
    REQUIRE(store.is_ok());
    auto r = build_report(**store, kind, 2021, today);
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    return *r;
  }
};

std::string range(const Report& r, const std::string& column) {
  return column + " BETWEEN '" + r.period.first_day + "' AND '" + r.period.last_day + "'";
}

void check_tasks(SqlCounts& sql, const Report& r) {
  const int q = r.period.last_quarter;
  CHECK(counts(r.tasks) == sql.row(task_counts_sql(2021, q, r.today)));
  REQUIRE(r.quarters.size() == static_cast<std::size_t>(q));
  for (const auto& row : r.quarters) {
    CAPTURE(row.quarter);
    CHECK(counts(row.counts) == sql.row(task_counts_sql(2021, q, r.today, "quarter = " + std::to_string(row.quarter))));
  }
  CHECK(static_cast<long long>(r.units.size()) ==
        sql.one("SELECT COUNT(DISTINCT unit_id) FROM task_units WHERE role = 'responsible' AND task_id IN "
                "(SELECT id FROM tasks WHERE quarter <= " + std::to_string(q) + ")"));
  for (const auto& u : r.units) {
    CAPTURE(u.unit_id);
    CHECK(counts(u.counts) == sql.row(unit_counts_sql(2021, q, r.today, u.unit_id)));
  }
  CHECK(static_cast<long long>(r.unfinished.size()) == r.tasks.total - r.tasks.done);
  CHECK(static_cast<long long>(r.next_tasks.size()) ==
        sql.one("SELECT COUNT(*) FROM tasks WHERE quarter > " + std::to_string(q)));
}

void check_awards(SqlCounts& sql, const Report& r) {
  CHECK(static_cast<long long>(r.stories.size()) ==
        sql.one("SELECT COUNT(*) FROM stories WHERE status = 'published' AND " + range(r, "published_on")));
  CHECK(static_cast<long long>(r.sessions.size()) ==
        sql.one("SELECT COUNT(*) FROM council_sessions WHERE status = 'held' AND " + range(r, "held_on")));
  const std::string decided = "FROM nominations WHERE decision_no <> '' AND (status = 'approved' OR "
                              "(status = 'forwarded' AND centre_result = 'conferred')) AND " +
                              range(r, "decided_on");
  CHECK(r.decided_total() == sql.one("SELECT COUNT(*) " + decided));
  for (const auto& g : r.decided) {
    CAPTURE(g.award_kind);
    const std::string of = decided + " AND award_kind = '" + g.award_kind + "'";
    CHECK(std::vector<long long>{g.total(), g.individual, g.collective, g.business, g.entrepreneur} ==
          sql.row("SELECT COUNT(*), SUM(nominee_kind = 'individual'), SUM(nominee_kind = 'collective'), "
                  "SUM(nominee_kind = 'business'), SUM(nominee_kind = 'entrepreneur') " + of));
    CHECK(g.level == (sql.one("SELECT level = 'state' FROM award_kinds WHERE id = '" + g.award_kind + "'")
                          ? "state" : "province"));
  }
  CHECK(static_cast<long long>(r.forwarded.size()) ==
        sql.one("SELECT COUNT(*) FROM nominations WHERE status = 'forwarded' AND " + range(r, "forwarded_on")));
  CHECK(std::vector<long long>{r.pending.submitted, r.pending.appraised, r.pending.approved_undecided,
                               r.pending.forwarded_waiting} ==
        sql.row("SELECT SUM(status = 'submitted'), SUM(status = 'appraised'), "
                "SUM(status = 'approved' AND COALESCE(decision_no, '') = ''), "
                "SUM(status = 'forwarded' AND centre_result IS NULL) FROM nominations"));
}

}  // namespace

TEST_CASE("report model: every number against SQL, each kind of report") {
  Fixture f;
  SqlCounts sql(f.db);
  for (Kind kind : {Kind::kSixMonths, Kind::kNineMonths, Kind::kYear}) {
    for (const char* today : {"2021-07-05", "2022-01-10"}) {
      CAPTURE(kind_name(kind));
      CAPTURE(today);
      const Report r = f.build(kind, today);
      check_tasks(sql, r);
      check_awards(sql, r);
    }
  }
}

TEST_CASE("report model: the six months of the fixture, by hand") {
  Fixture f;
  const Report r = f.build(Kind::kSixMonths, "2021-07-05");
  CHECK(r.period.first_day == "2021-01-01");
  CHECK(r.period.last_day == "2021-06-30");
  CHECK(r.issuer_name == "Ủy ban nhân dân tỉnh Hà Giang");
  CHECK(r.place == "Hà Giang");
  // Quarter I: q1-01 and q1-10 done; q1-02 half done; q1-03 blocked; a
  // report by Đồng Văn (not named) leaves q1-04 not started.
  CHECK(counts(r.quarters[0].counts) == std::vector<long long>{10, 2, 1, 1, 6, 8});
  // Quarter II: q2-01, q2-03 done; q2-02 started, past its own due date.
  CHECK(counts(r.quarters[1].counts) == std::vector<long long>{9, 2, 1, 0, 6, 7});
  CHECK(r.stories.size() == 3);  // s1, s8 and s2 (on the period's last day)
  CHECK(r.decided_total() == 3);  // 15/, 820/, 821/QĐ-UBND; 1234/QĐ-CTN came in August
  REQUIRE(r.forwarded.size() == 1);
  CHECK(r.forwarded[0].centre_result == "conferred");
  CHECK(r.sessions.size() == 2);
  CHECK(r.next_tasks.size() == 19);
}

// Regression (i13-fixes): the units responsible for a task were joined with
// ", " though a unit's own name holds a comma ("Ban TĐKT, Sở Nội vụ"), so the
// report read as three units where there are two.
TEST_CASE("report model: responsible units joined with \"; \", a unit's comma kept") {
  Fixture f;
  const Report r = f.build(Kind::kSixMonths, "2021-07-05");
  const auto q1_04 = std::find_if(r.unfinished.begin(), r.unfinished.end(),
                                  [](const TaskLine& t) { return t.id == "2021-q1-04"; });
  REQUIRE(q1_04 != r.unfinished.end());
  CHECK(q1_04->responsible == "UBND tỉnh; Ban TĐKT, Sở Nội vụ");
}

TEST_CASE("report model: state-level decisions and a year without a plan") {
  Fixture f;
  const Report year = f.build(Kind::kYear, "2022-01-10");
  REQUIRE(year.decided.size() == 4);  // three province kinds, then the Huân chương
  CHECK(year.decided.back().level == "state");
  CHECK(year.decided.back().lines.at(0).decision_no == "1234/QĐ-CTN");
  CHECK(year.forwarded.size() == 2);
  CHECK(year.next_tasks.empty());
  OpenOptions o;
  o.create = false;
  o.read_only = true;
  auto store = Store::open(f.db, o);
  REQUIRE(store.is_ok());
  auto none = build_report(**store, Kind::kYear, 2020, "2022-01-10");
  REQUIRE_FALSE(none.is_ok());
  CHECK(none.status().message() == "không có kế hoạch năm 2020");
  CHECK(parse_kind("so-ket-6-thang").is_ok());
  CHECK_FALSE(parse_kind("bao-cao-quy").is_ok());
}
