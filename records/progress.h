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
// A status of "done" with the percent that would stand below 100 (the one
// given, else the one reported before) is refused with kInvalid, in words
// that say to report 100 % or choose "đang thực hiện".
Result<std::string> report_progress(Store& store, const ProgressReport& report);

// The province makes a unit's progress note public: `text` when given (a
// corrected text; "" takes the note off the public site), else the note as
// the unit wrote it, goes into the row's public_note_md, the only note the
// public site shows. A unit editing its note later changes nothing public
// until the province publishes again. kInvalid when this node is not the
// province, when `text` is not UTF-8 text, or when no text is given and the
// unit wrote no note; kNotFound naming the id when the unit has not
// reported on the task. Nothing is written on failure.
Status publish_progress_note(Store& store, const std::string& progress_id, const std::optional<std::string>& text);

}  // namespace thidua
