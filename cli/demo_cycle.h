// The first half of 2021 as `thidua demo` walks it, through the same
// records/ calls the CLI and the office web app make, each given the date
// it happened on (never today's): the units the plan names report their
// tasks, the districts write stories and send nominations (cli/demo_work.cc),
// and the province publishes, appraises, holds the council and records its
// decisions (cli/demo_cycle.cc).
#pragma once

#include <string>
#include <vector>

#include "cli/demo_nodes.h"

namespace thidua::cli {

// The day the demo's half-year ends: its last step happens on it, and the
// six-month report is judged against it (overdue = a task due before it).
inline constexpr const char* kDemoHalfYearEnd = "2021-06-30";

// A story a district submitted, and the day the province publishes it.
struct SentStory {
  std::string id, publish_on;
};

// What the districts sent, for the province's steps.
struct DemoSent {
  std::vector<SentStory> stories;        // in DemoMachine order of the districts
  std::vector<std::string> nominations;  // ids, in the order of cli/demo_work.cc's table
};

// Step 2: offline work. Ban TĐKT, UBND tỉnh and Hội Doanh nghiệp report on
// tasks of quarters I and II that the plan names them for, each report
// dated in the half-year; each district writes one story (Đồng Văn's with
// the photo at `photo_path`) and submits it, and sends its nominations.
// Prints a line per machine; returns the process exit code.
int work_offline(std::vector<DemoNode>& nodes, const std::string& content_dir,
                 const std::string& photo_path, DemoSent& sent);

// The province publishes every story of `stories`, each on its day;
// returns the exit code.
int publish_stories(Store& province, const std::vector<SentStory>& stories);

// Step 4b: the province publishes two units' progress notes, then takes the
// nominations through appraisal, a council session held in quarter II (one
// rejected with its reason), the decisions (number, date, signer) and the
// state-level one forwarded to the centre. Prints what it did; returns the
// exit code.
int commendation_cycle(DemoNode& province, const DemoSent& sent);

}  // namespace thidua::cli
