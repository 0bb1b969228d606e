// Where a task of the plan stands, judged by the units the plan makes
// responsible for it. One judgment for every reader that counts tasks: the
// public site's quarter bars and task pages, and `thidua report`. Pure: the
// caller brings the task's units, the reports and the dates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace thidua {

enum class TaskPhase { kNotStarted, kInProgress, kBlocked, kDone };

// One unit's report on the task: its unit and its status (one of
// kProgressStatuses: not_started, blocked, in_progress, done).
struct TaskReportOf {
  std::string unit_id;
  std::string status;
};

struct TaskJudgment {
  TaskPhase phase = TaskPhase::kNotStarted;
  bool reported = false;  // a responsible unit has reported (any status)
  bool overdue = false;   // past its due date and not done
};

// The task is done when every responsible unit has reported it done; else
// blocked when one of them is blocked, in progress when one has started
// (in_progress or done), not started otherwise. Reports by units the plan
// does not name are shown by readers but move nothing. A task the plan
// names no unit for is judged by whoever reported it (done when every
// report is done). Overdue: `due` is before `today` (both "YYYY-MM-DD")
// and the task is not done. Judging with `responsible` = {one unit} gives
// that unit's own part of the task.
TaskJudgment judge_task(const std::vector<std::string>& responsible, const std::vector<TaskReportOf>& reports,
                        const std::string& due, const std::string& today);

// The last day of `quarter` (1..4) of `year`, "YYYY-MM-DD": a task's due
// date when the plan gives none.
std::string quarter_last_day(std::int64_t year, std::int64_t quarter);

}  // namespace thidua
