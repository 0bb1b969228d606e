// Fuzzes the content loader's parsers (plan/loader_json.h) on one file's
// text, read both as a units file and as a plan file: what an author (or a
// broken editor) can put in content/ must give a Status, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "plan/loader_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string file = "content/fuzz.json";
  if (auto units = thidua::parse_units_file(text, file)) {
    if (units->empty()) std::abort();  // an empty list is refused
  } else if (units.status().message().rfind(file + ": ", 0) != 0) {
    std::abort();  // every message names the file first
  }
  if (auto plan = thidua::parse_plan_file(text, file)) {
    for (const auto& t : plan->plan.tasks) {
      if (t.quarter < 1 || t.quarter > 4 || t.units.empty() || t.due.size() != 10) std::abort();
    }
  } else if (plan.status().message().rfind(file + ": ", 0) != 0) {
    std::abort();
  }
  return 0;
}
