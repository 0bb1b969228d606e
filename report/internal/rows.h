// Internal to report/: what build_report reads, already in plain structs,
// and the two halves that fill the model from it (model_tasks.cc,
// model_awards.cc).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "report/model.h"
#include "store/store.h"

namespace thidua::report_internal {

std::int64_t int_of(const Row& row, const std::string& column);

struct UnitInfo {
  std::string name, short_name, kind;
  std::int64_t ordinal = 0;
};
using Units = std::map<std::string, UnitInfo>;

// A unit's name for a reader: its name, else its id.
std::string unit_name(const Units& units, const std::string& id);

// A date cell's first ten characters ("YYYY-MM-DD"), "" when unset.
std::string day_of(const Row& row, const std::string& column);

// Section I and the tasks of section III.
Status fill_tasks(Store& store, const std::vector<std::string>& plan_ids, const Units& units,
                  report::Report& out);
// Section II (stories, sessions, commendations) and the pending counts.
Status fill_awards(Store& store, const Units& units, report::Report& out);

}  // namespace thidua::report_internal
