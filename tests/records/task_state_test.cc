// One judgment of a task's state for the site and the report
// (records/task_state.h), case by case.
#include <doctest/doctest.h>

#include "records/task_state.h"

using namespace thidua;

namespace {

struct Case {
  const char* name;
  std::vector<std::string> responsible;
  std::vector<TaskReportOf> reports;
  std::string due;
  TaskPhase phase;
  bool reported, overdue;
};

}  // namespace

TEST_CASE("judge_task: done only when every responsible unit reported done") {
  const std::string today = "2021-07-01";
  const Case cases[] = {
      {"no report, past due", {"a", "b"}, {}, "2021-06-30", TaskPhase::kNotStarted, false, true},
      {"no report, due today", {"a"}, {}, "2021-07-01", TaskPhase::kNotStarted, false, false},
      {"one of two done", {"a", "b"}, {{"a", "done"}}, "2021-06-30", TaskPhase::kInProgress, true, true},
      {"both done", {"a", "b"}, {{"a", "done"}, {"b", "done"}}, "2021-06-30", TaskPhase::kDone, true, false},
      {"another unit's done moves nothing", {"a"}, {{"x", "done"}}, "2021-06-30", TaskPhase::kNotStarted, false,
       true},
      {"blocked beats started", {"a", "b"}, {{"a", "in_progress"}, {"b", "blocked"}}, "2021-09-30",
       TaskPhase::kBlocked, true, false},
      {"not_started reported", {"a"}, {{"a", "not_started"}}, "2021-09-30", TaskPhase::kNotStarted, true, false},
      {"nobody named: every report done", {}, {{"x", "done"}, {"y", "done"}}, "2021-03-31", TaskPhase::kDone,
       true, false},
      {"nobody named: one not done", {}, {{"x", "done"}, {"y", "in_progress"}}, "2021-03-31",
       TaskPhase::kInProgress, true, true},
      {"nobody named, nobody reported", {}, {}, "2021-03-31", TaskPhase::kNotStarted, false, true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const TaskJudgment j = judge_task(c.responsible, c.reports, c.due, today);
    CHECK(j.phase == c.phase);
    CHECK(j.reported == c.reported);
    CHECK(j.overdue == c.overdue);
  }
}

TEST_CASE("judge_task: one unit's own part") {
  const std::vector<TaskReportOf> reports = {{"a", "done"}, {"b", "in_progress"}};
  CHECK(judge_task({"a"}, reports, "2021-03-31", "2021-12-31").phase == TaskPhase::kDone);
  CHECK(judge_task({"b"}, reports, "2021-03-31", "2021-12-31").overdue);
}

TEST_CASE("quarter_last_day") {
  CHECK(quarter_last_day(2021, 1) == "2021-03-31");
  CHECK(quarter_last_day(2021, 2) == "2021-06-30");
  CHECK(quarter_last_day(2021, 3) == "2021-09-30");
  CHECK(quarter_last_day(2021, 4) == "2021-12-31");
  CHECK(quarter_last_day(2021, 5).empty());
}
