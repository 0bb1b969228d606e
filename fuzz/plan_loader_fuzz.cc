// Fuzzes the content loader (plan/) on what an author, or a broken editor,
// can put in content/: it must give a Status, never a crash.
//
// An input without a NUL byte is one file's text, read as a units file and
// as a plan file (plan/loader_json.h). An input with NUL bytes is a whole
// content folder, loaded in memory with every check across files: the part
// before the first NUL is units/a.json, each later part plans/p<i>.json, and
// the four section files the real plan names exist (plans/2021/*.md).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "plan/loader.h"
#include "plan/internal/loader_json.h"

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports it as a crash with the input
}

void one_file(std::string_view text) {
  const std::string file = "content/fuzz.json";
  if (auto units = thidua::parse_units_file(text, file)) {
    check(!units->empty());  // an empty list is refused
  } else {
    check(units.status().message().rfind(file + ": ", 0) == 0);  // messages name the file first
  }
  if (auto plan = thidua::parse_plan_file(text, file)) {
    for (const auto& t : plan->plan.tasks) {
      check(t.quarter >= 1 && t.quarter <= 4 && !t.units.empty() && t.due.size() == 10);
    }
  } else {
    check(plan.status().message().rfind(file + ": ", 0) == 0);
  }
}

void whole_folder(std::string_view input) {
  std::map<std::string, std::string> files;
  for (const char* section : {"gioi-thieu", "muc-dich", "yeu-cau", "to-chuc-thuc-hien"}) {
    files[std::string("plans/2021/") + section + ".md"] = "# Mục\n\nNội dung.\n";
  }
  std::size_t cut = input.find('\0');
  files["units/a.json"] = std::string(input.substr(0, cut));
  for (int i = 0; cut != std::string_view::npos; ++i) {
    input.remove_prefix(cut + 1);
    cut = input.find('\0');
    files["plans/p" + std::to_string(i) + ".json"] = std::string(input.substr(0, cut));
  }
  auto content = thidua::load_content("content", files);
  if (!content) return;
  // What loads is consistent: every unit a task or a parent names exists.
  std::set<std::string> units;
  for (const auto& u : content->units) check(units.insert(u.id).second);
  for (const auto& u : content->units) check(!u.parent || units.count(*u.parent));
  for (const auto& p : content->plans) {
    for (const auto& t : p.tasks) {
      for (const auto& u : t.units) check(units.count(u) == 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.find('\0') == std::string_view::npos) {
    one_file(input);
  } else {
    whole_folder(input);
  }
  return 0;
}
