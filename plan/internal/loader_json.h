// Internal to plan/: the text of one content file -> plan structs.
//
// These check everything one file shows on its own: well-formed JSON, no
// duplicate or unknown keys, required fields present with the right types,
// slugs, dates, ranges. What needs other files (unique ids across files,
// units that exist, section files) is load_content's job (plan/loader.cc).
// Every failure is kInvalid with the message "<file>: <place>: <problem>".
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "plan/plan.h"

namespace thidua {

// "<file>: <place>: <what>", or "<file>: <what>" when `place` is empty.
Status content_error(const std::string& file, const std::string& place, const std::string& what);

// The units of one units file, in file order. `file` names it in messages.
Result<std::vector<Unit>> parse_units_file(std::string_view text, const std::string& file);

// The kinds of award of content/awards.json, in file order. Checks ids are
// slugs and unique, level and signer agree (province: chu-tich-ubnd-tinh;
// state: thu-tuong or chu-tich-nuoc), nominee kinds are known and listed
// once, ordinals are unique positions.
Result<std::vector<AwardKind>> parse_awards_file(std::string_view text, const std::string& file);

// The keys of a plan's "sections" object, in the order of PlanFile's paths.
inline constexpr std::array<std::string_view, 4> kSectionKeys = {"intro", "purpose", "requirements",
                                                                 "organisation"};

// One plan file as written: section texts not yet read.
struct PlanFile {
  Plan plan;  // *_md empty; every task's `due` filled in (its quarter's last day if absent)
  std::array<std::string, 4> section_paths;  // as written, relative to the plan file's folder
};

// Parses a plan file. Checks (quarter, ordinal) pairs are unique and a
// task names each unit once; does not check ids against other files.
Result<PlanFile> parse_plan_file(std::string_view text, const std::string& file);

}  // namespace thidua
