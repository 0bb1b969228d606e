// The node copies the web app benchmark measures: a district's and the
// province's, each as big as issue 12's budget names (10,000 stories, a
// full year of reports), and the ids of the rows its pages open.
#pragma once

#include <string>
#include <vector>

namespace thidua::bench {

struct SeedOptions {
  std::string content = "content";
  int stories = 10000;      // in each copy, from every district
  int own_percent = 20;     // the district copy: the share that is its own unit's
  int nominations = 300;    // the district's own
  int conflicts = 5;        // open conflicts in the district copy
  int waiting = 300;        // the province copy: stories waiting for review
  int waiting_noms = 100;   // and nominations
};

struct SeededDistrict {
  std::vector<std::string> tasks;  // the plan's task ids
  std::string own_story, nomination;
  int own_stories = 0;
};

struct SeededProvince {
  std::string waiting_story, waiting_nomination;  // in the review queue
  std::string task, unit;                         // a report of a unit the plan names
  int reports = 0;                                // progress rows
};

// The district Đồng Văn's copy at `db`: the 2021 plan, `stories` stories of
// which own_percent % are its own (four statuses) and the rest published
// stories of the other districts, every task reported four times through
// the year, `nominations` of its own (all statuses), `conflicts` open
// conflicts on its stories' bodies; the outbox acknowledged as after a
// good sync but for the last round of reports.
SeededDistrict seed_district(const std::string& db, const SeedOptions& o);

// The province's copy at `db`: the plan, `stories` stories of every
// district (`waiting` of them submitted or approved, the rest published),
// nominations of every district (`waiting_noms` waiting), and each task's
// December report (the row a year of reports leaves) from every unit the
// plan makes responsible for it and from every district. Outbox acknowledged.
SeededProvince seed_province(const std::string& db, const SeedOptions& o);

}  // namespace thidua::bench
