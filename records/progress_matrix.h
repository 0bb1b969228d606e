// The province's view of progress: a quarter's tasks against the units,
// each cell the unit's latest report, "chưa báo cáo" or overdue. The read
// side of the web app's "Tiến độ" page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "records/tasks.h"
#include "store/store.h"

namespace thidua {

struct MatrixUnit {
  std::string id;
  std::string name;
  std::string short_name;  // the name when the unit has no short one
  std::string kind;        // "province", "department", "district", ...
};

struct MatrixCell {
  // Named responsible for the task (task_units role "responsible"): only
  // these are expected to report, so only these can be late.
  bool responsible = false;
  std::optional<TaskReport> report;  // the unit's one progress row, if any
  // Responsible, the quarter has ended, and the report is not "done".
  bool overdue = false;
};

struct MatrixRow {
  UnitTask task;                  // `own` and `report` unset: the row is the task's
  std::vector<MatrixCell> cells;  // one per ProgressMatrix::units, same order
};

struct ProgressMatrix {
  std::int64_t year = 0;
  std::int64_t quarter = 0;
  std::string quarter_end;     // "YYYY-MM-DD", its last day
  bool quarter_ended = false;  // `today` is after quarter_end
  // The units responsible for at least one of the quarter's tasks, and the
  // units that reported on one without being named (a district may report
  // on any task): by kind (province, department, district, others), then
  // the content's order, then id.
  std::vector<MatrixUnit> units;
  std::vector<MatrixRow> rows;  // the quarter's tasks by ordinal, then id
};

// A progress status in words: "đang thực hiện" for in_progress (the code
// itself when unknown).
std::string progress_status_words(const std::string& status);

// The matrix of `quarter` (1..4) of the plans of `year`; empty (no units,
// no rows) when the year has no plan or the quarter no task. `today` as
// "YYYY-MM-DD" decides overdue marks ("" = today in Vietnam). kInvalid for
// a quarter outside 1..4.
Result<ProgressMatrix> progress_matrix(Store& store, std::int64_t year, std::int64_t quarter,
                                       const std::string& today = "");

// One unit's report on one task, for the history page: what this copy
// holds is the latest report only (a progress row is rewritten in place;
// the server's audit log keeps the earlier ones).
struct UnitTaskProgress {
  UnitTask task;  // with `own` (responsible) and `report` set for the unit
  MatrixUnit unit;
  std::int64_t year = 0;  // the task's plan's year (0 when the plan is missing)
};

// kNotFound "không có nhiệm vụ <id>" / "không có đơn vị <id>".
Result<UnitTaskProgress> unit_task_progress(Store& store, const std::string& task_id,
                                            const std::string& unit_id);

}  // namespace thidua
