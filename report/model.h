// `thidua report`: a draft administrative report of a period of the plan's
// year (issue 13 §4), filled from the central database. One model, plain
// structs, read once (build_report) and written by three writers: HTML
// (report/html.h), .docx from that HTML through pandoc (report/docx.h) and
// .xlsx of its tables (report/xlsx.h). Codes stay codes here (statuses,
// levels, kinds); the writers put them in words (report/internal/words.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "records/task_state.h"
#include "store/store.h"

namespace thidua::report {

// The three reports the plan demands, by the CLI's names.
enum class Kind {
  kSixMonths,   // so-ket-6-thang: quarters I-II
  kNineMonths,  // bao-cao-9-thang: quarters I-III
  kYear,        // tong-ket-nam: quarters I-IV
};

// kInvalid naming the three accepted names when `name` is none of them.
Result<Kind> parse_kind(const std::string& name);
const char* kind_name(Kind kind);

struct Period {
  Kind kind = Kind::kSixMonths;
  std::int64_t year = 0;
  int last_quarter = 2;   // 2, 3 or 4
  std::string first_day;  // "YYYY-01-01"
  std::string last_day;   // the last quarter's last day
};

// Tasks counted by the judgment of records/task_state.h. Every task is in
// exactly one of done, in_progress, blocked, not_started; overdue counts
// those of them past their due date and not done.
struct TaskCounts {
  int total = 0, done = 0, in_progress = 0, blocked = 0, not_started = 0, overdue = 0;
};

struct QuarterRow {
  int quarter = 0;
  TaskCounts counts;
};

// A unit named responsible for tasks of the period: its own part of each
// (the judgment with this unit alone).
struct UnitRow {
  std::string unit_id, unit_name;
  TaskCounts counts;
};

struct TaskLine {
  std::string id, content, due, responsible;  // responsible: the units' short names, "; " between
  int quarter = 0, ordinal = 0;
  TaskPhase phase = TaskPhase::kNotStarted;
  bool overdue = false;
};

// A story published in the period (status published, published_on in it).
struct StoryLine {
  std::string title, subject, category, unit_name, published_on;
};

struct SessionLine {
  std::string title, held_on, place;
  int quarter = 0;
};

// A commendation: one nomination with its award and decision.
struct AwardLine {
  std::string nominee, nominee_kind, unit_name;
  std::string award_kind, award_name;  // award_kind "" when the nomination names none
  std::string level;                   // "province" or "state"
  std::string decision_no, decided_on, signing_level;
  std::string forwarded_on, centre_result;  // state level: "conferred", "declined" or ""
  std::string session_title;
};

// Decided commendations of one award kind: nominees counted by kind.
struct AwardGroup {
  std::string level, award_kind, award_name;
  int individual = 0, collective = 0, business = 0, entrepreneur = 0;
  std::vector<AwardLine> lines;  // by decided_on, then decision_no, then nominee
  int total() const { return static_cast<int>(lines.size()); }
};

// Nominations on their way, as the database holds them now.
struct PendingCounts {
  int submitted = 0;           // waiting for appraisal
  int appraised = 0;           // waiting for the council
  int approved_undecided = 0;  // approved, no decision number yet
  int forwarded_waiting = 0;   // forwarded, no result from the centre yet
};

struct Report {
  Period period;
  std::string issuer_name;   // the plan's issuer unit
  std::string place;         // for "<place>, ngày … tháng … năm …"; "" when unknown
  std::string plan_title;
  std::string today;         // the date overdue was judged against

  // I. Tasks of the period.
  TaskCounts tasks;                // every task of quarters I..last_quarter
  std::vector<QuarterRow> quarters;  // one per quarter of the period
  std::vector<UnitRow> units;      // by kind (province, department, district, others), ordinal, id
  // II. Stories and commendations.
  std::vector<StoryLine> stories;     // by published_on, then title
  std::vector<SessionLine> sessions;  // council sessions held in the period, by held_on
  std::vector<AwardGroup> decided;    // decided in the period: province level first, then by award kind
  std::vector<AwardLine> forwarded;   // sent to the centre in the period, by forwarded_on
  // III. What remains.
  std::vector<TaskLine> unfinished;   // the period's tasks not done, by quarter and ordinal
  std::vector<TaskLine> next_tasks;   // the rest of the year's tasks (none for a year's report)
  PendingCounts pending;

  int decided_total() const;
};

// Reads the plan of `year`, its tasks, progress, published stories, council
// sessions and nominations from `store` (read only; rows_where/rows, no
// writes). `today` ("YYYY-MM-DD", "" = today in Vietnam) judges overdue.
// kNotFound "không có kế hoạch năm <year>" when the year has no plan.
Result<Report> build_report(Store& store, Kind kind, std::int64_t year, const std::string& today = "");

}  // namespace thidua::report
