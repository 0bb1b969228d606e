// Reporting progress on the plan's tasks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// The allowed values of ProgressReport::status, in the order shown to people.
inline constexpr const char* kProgressStatuses[] = {"not_started", "in_progress", "done",
                                                    "blocked"};

struct ProgressReport {
  std::string task_id;
  std::string status;                   // one of kProgressStatuses
  std::optional<std::int64_t> percent;  // 0..100; absent keeps the reported value
  std::optional<std::string> note_md;   // Markdown; absent keeps the reported note
  std::string today;                    // reported_on as "YYYY-MM-DD"; empty = today (in Vietnam)
};

// The id of the one progress row of a task and unit: "<task_id>:<unit_id>".
// Deterministic, so two machines of one district edit the same row.
std::string progress_id(const std::string& task_id, const std::string& unit_id);

// Records the progress of this node's unit on a task, creating or updating
// row progress_id(task, unit) in one transaction, and returns that id.
// Any unit may report on any task of the plan. kNotFound naming the task
// when there is no such task; kInvalid for a status outside its set, a
// percent outside 0..100 or a note that is not UTF-8 text; nothing is
// written then.
Result<std::string> report_progress(Store& store, const ProgressReport& report);

}  // namespace thidua
