// The plan's tasks as a unit sees them: by quarter, its own first, each
// with the unit's latest report. The read side of the report form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// A unit's one progress row on a task (progress_id(task, unit)).
struct TaskReport {
  std::string status;  // one of kProgressStatuses
  std::optional<std::int64_t> percent;
  std::string note_md;
  std::string reported_on;  // "YYYY-MM-DD", "" when never set
  // The note as the province published it for the public site (issue 13);
  // "" when none.
  std::string public_note_md;
};

struct UnitTask {
  std::string id;
  std::string plan_id;
  std::int64_t quarter = 0;  // 1..4
  std::int64_t ordinal = 0;
  std::string content;
  std::string due;  // as the plan wrote it, "" when none
  // The unit is named responsible for the task (task_units role
  // "responsible"); any unit may still report on any task.
  bool own = false;
  std::optional<TaskReport> report;  // nullopt: the unit never reported
};

struct QuarterTasks {
  std::int64_t quarter = 0;
  std::vector<UnitTask> tasks;  // own tasks first, then by ordinal, then id
};

// The years that have a plan here, newest first (empty before the first
// sync brought the plan).
Result<std::vector<std::int64_t>> plan_years(Store& store);

// The tasks of every plan of `year`, grouped by quarter (1..4, only
// quarters that have tasks), with `unit_id`'s report on each. An empty
// list when the year has no plan.
Result<std::vector<QuarterTasks>> unit_tasks_of_year(Store& store, const std::string& unit_id,
                                                     std::int64_t year);

// One task with `unit_id`'s report on it. kNotFound "không có nhiệm vụ
// <id>" when there is no such task.
Result<UnitTask> unit_task(Store& store, const std::string& unit_id, const std::string& task_id);

}  // namespace thidua
