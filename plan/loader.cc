#include "plan/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "plan/internal/loader_json.h"
#include "store/schema.h"

namespace thidua {
namespace {

namespace fs = std::filesystem;

using MemoryFiles = std::map<std::string, std::string>;

// The names of the *.json files directly in `dir` on disk.
Result<std::vector<std::string>> json_names_on_disk(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->path().extension() == ".json" && it->is_regular_file(type_ec)) {
      names.push_back(it->path().filename().string());
    }
  }
  if (ec) return Status::io(dir.string() + ": cannot list the folder: " + ec.message());
  return names;
}

// The names of the *.json files directly in folder `sub` of `memory`;
// nullopt when no file is in it at all (the folder does not exist).
std::optional<std::vector<std::string>> json_names_in_memory(const MemoryFiles& memory, const std::string& sub) {
  std::optional<std::vector<std::string>> names;
  const std::string prefix = sub + "/";
  for (auto it = memory.lower_bound(prefix); it != memory.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    if (!names) names.emplace();
    fs::path name = it->first.substr(prefix.size());
    if (name.has_filename() && !name.has_parent_path() && name.extension() == ".json") {
      names->push_back(name.string());
    }
  }
  return names;
}

// The *.json files directly in <content_dir>/<sub>, sorted by name, each as
// content_dir joined with its relative path (the form messages use). From
// `memory` when given, else from disk.
Result<std::vector<std::string>> list_json(const std::string& content_dir, const std::string& sub,
                                           const std::string& example, const MemoryFiles* memory) {
  fs::path dir = fs::path(content_dir) / sub;
  std::error_code ec;
  std::optional<std::vector<std::string>> listed;
  if (memory) {
    listed = json_names_in_memory(*memory, sub);
  } else if (fs::is_directory(dir, ec)) {
    THIDUA_ASSIGN_OR_RETURN(listed, json_names_on_disk(dir));
  }
  if (!listed) {
    return Status::not_found(dir.string() + ": no such folder (expected files like " + sub + "/" +
                             example + ")");
  }
  std::vector<std::string> names = std::move(*listed);
  if (names.empty()) {
    return Status::invalid(dir.string() + ": no *.json files (expected files like " + sub + "/" + example +
                           ")");
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  for (const auto& name : names) paths.push_back((dir / name).string());
  return paths;
}

// The text of `path` (content_dir joined with a relative path), from
// `memory` when given, else from disk.
Result<std::string> read_file(const fs::path& path, const std::string& content_dir, const MemoryFiles* memory) {
  if (memory) {
    fs::path relative = path.lexically_normal().lexically_relative(fs::path(content_dir).lexically_normal());
    auto it = memory->find(relative.generic_string());
    if (it == memory->end()) return Status::not_found(path.string() + ": no such file");
    return it->second;
  }
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::not_found(path.string() + ": no such file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io(path.string() + ": cannot open the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::io(path.string() + ": cannot read the file");
  return text;
}

// Where a unit was defined: which file, which index in its "units" list.
struct UnitOrigin {
  const std::string* file;
  std::size_t index;
};

std::string unit_place(const UnitOrigin& o) { return "units[" + std::to_string(o.index) + "]"; }

// Where something was first seen, for "(first at ...)": the place alone when
// it is in the same file, else the file and the place.
std::string first_at(const std::string& here_file, const std::string& file, const std::string& place) {
  return "(first at " + (file == here_file ? "" : file + " ") + place + ")";
}

class Loader {
 public:
  // Reads from `memory` instead of the disk when it is not null.
  Loader(std::string content_dir, const MemoryFiles* memory) : dir_(std::move(content_dir)), memory_(memory) {}

  Result<Content> load() {
    std::error_code ec;
    if (!memory_ && !fs::is_directory(dir_, ec)) return Status::not_found(dir_ + ": no such content folder");
    THIDUA_ASSIGN_OR_RETURN(unit_files_, list_json(dir_, "units", "ha-giang.json", memory_));
    for (const auto& file : unit_files_) THIDUA_RETURN_IF_ERROR(load_units(file));
    THIDUA_RETURN_IF_ERROR(check_parents());
    THIDUA_ASSIGN_OR_RETURN(plan_files_, list_json(dir_, "plans", "2021.json", memory_));
    for (const auto& file : plan_files_) THIDUA_RETURN_IF_ERROR(load_plan(file));
    std::sort(content_.plans.begin(), content_.plans.end(),
              [](const Plan& a, const Plan& b) { return a.id < b.id; });
    THIDUA_RETURN_IF_ERROR(load_awards());
    return std::move(content_);
  }

 private:
  // awards.json is optional: content without it (an older content folder,
  // a test's) has no award kinds, and nominations then name none.
  Status load_awards() {
    const std::string file = (fs::path(dir_) / "awards.json").string();
    auto text = read_file(file, dir_, memory_);
    if (!text && text.status().code() == Status::Code::kNotFound) return Status::ok();
    if (!text) return text.status();
    THIDUA_ASSIGN_OR_RETURN(content_.award_kinds, parse_awards_file(*text, file));
    return Status::ok();
  }

  Status load_units(const std::string& file) {
    THIDUA_ASSIGN_OR_RETURN(std::string text, read_file(file, dir_, memory_));
    THIDUA_ASSIGN_OR_RETURN(std::vector<Unit> units, parse_units_file(text, file));
    for (std::size_t i = 0; i < units.size(); ++i) {
      UnitOrigin here{&file, i};
      auto [it, fresh] = unit_at_.emplace(units[i].id, content_.units.size());
      if (!fresh) {
        const UnitOrigin& first = origins_[it->second];
        return content_error(file, unit_place(here) + ".id",
                             "duplicate unit id \"" + units[i].id + "\" " +
                                 first_at(file, *first.file, unit_place(first)));
      }
      content_.units.push_back(std::move(units[i]));
      origins_.push_back(here);
    }
    return Status::ok();
  }

  // Every parent exists and no unit is its own ancestor (the import writes
  // parents first, which a cycle would make impossible).
  Status check_parents() {
    for (std::size_t i = 0; i < content_.units.size(); ++i) {
      const Unit& u = content_.units[i];
      if (!u.parent) continue;
      std::string place = unit_place(origins_[i]) + ".parent";
      if (!unit_at_.count(*u.parent)) {
        return content_error(*origins_[i].file, place, "unknown unit \"" + *u.parent + "\"");
      }
      std::string chain = "\"" + u.id + "\"";
      std::set<std::string> seen{u.id};
      for (const Unit* up = &u; up->parent;) {
        auto it = unit_at_.find(*up->parent);
        if (it == unit_at_.end()) break;  // reported when the loop reaches that unit
        up = &content_.units[it->second];
        chain += " -> \"" + up->id + "\"";
        if (up->id == u.id) return content_error(*origins_[i].file, place, "parent cycle " + chain);
        if (!seen.insert(up->id).second) break;  // a cycle above u, reported at its own units
      }
    }
    return Status::ok();
  }

  Status check_unit(const std::string& file, const std::string& place, const std::string& id) const {
    if (unit_at_.count(id)) return Status::ok();
    return content_error(file, place, "unknown unit \"" + id + "\"");
  }

  Status load_plan(const std::string& file) {
    THIDUA_ASSIGN_OR_RETURN(std::string text, read_file(file, dir_, memory_));
    THIDUA_ASSIGN_OR_RETURN(PlanFile parsed, parse_plan_file(text, file));
    Plan& plan = parsed.plan;
    auto [first_plan, fresh] = plan_at_.emplace(plan.id, &file);
    if (!fresh) {
      return content_error(file, "id", "duplicate plan id \"" + plan.id + "\" (first in " +
                                           *first_plan->second + ")");
    }
    THIDUA_RETURN_IF_ERROR(check_unit(file, "issuer", plan.issuer));
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const Task& t = plan.tasks[i];
      std::string place = "tasks[" + std::to_string(i) + "]";
      auto [first, fresh_task] = task_at_.emplace(t.id, std::pair(&file, place));
      if (!fresh_task) {
        return content_error(file, place + ".id",
                             "duplicate task id \"" + t.id + "\" " +
                                 first_at(file, *first->second.first, first->second.second));
      }
      for (std::size_t k = 0; k < t.units.size(); ++k) {
        THIDUA_RETURN_IF_ERROR(check_unit(file, place + ".units[" + std::to_string(k) + "]", t.units[k]));
      }
    }
    std::string* texts[] = {&plan.intro_md, &plan.purpose_md, &plan.requirements_md, &plan.organisation_md};
    for (std::size_t k = 0; k < kSectionKeys.size(); ++k) {
      THIDUA_ASSIGN_OR_RETURN(*texts[k], read_section(file, k, parsed.section_paths[k]));
    }
    content_.plans.push_back(std::move(plan));
    return Status::ok();
  }

  // The text of section `k` of the plan in `file`, named by `relative`.
  Result<std::string> read_section(const std::string& file, std::size_t k, const std::string& relative) const {
    std::string place = "sections." + std::string(kSectionKeys[k]);
    fs::path rel(relative);
    if (rel.is_absolute()) {
      return content_error(file, place, "\"" + relative + "\" must be a path relative to the plan's folder");
    }
    fs::path path = fs::path(file).parent_path() / rel;
    auto text = read_file(path, dir_, memory_);
    if (!text) {
      Status s = text.status();
      std::string what = s.code() == Status::Code::kNotFound ? "no such file " : "cannot read ";
      what += "\"" + path.string() + "\"";
      return s.code() == Status::Code::kNotFound ? Status::not_found(file + ": " + place + ": " + what)
                                                 : Status::io(file + ": " + place + ": " + what);
    }
    if (!is_valid_utf8(*text)) {
      return content_error(file, place, "\"" + path.string() + "\" is not valid UTF-8; save it as UTF-8");
    }
    // A byte order mark some editors add would show up at the top of the section.
    if (text->rfind("\xEF\xBB\xBF", 0) == 0) text->erase(0, 3);
    return std::move(*text);
  }

  std::string dir_;
  const MemoryFiles* memory_;
  Content content_;
  std::vector<std::string> unit_files_, plan_files_;  // not resized after listing: pointers into them stay valid
  std::vector<UnitOrigin> origins_;                    // parallel to content_.units
  std::map<std::string, std::size_t> unit_at_;         // unit id -> index in content_.units
  std::map<std::string, const std::string*> plan_at_;  // plan id -> file
  std::map<std::string, std::pair<const std::string*, std::string>> task_at_;  // task id -> file, place
};

}  // namespace

Result<Content> load_content(const std::string& content_dir) { return Loader(content_dir, nullptr).load(); }

Result<Content> load_content(const std::string& content_dir, const MemoryFiles& files) {
  return Loader(content_dir, &files).load();
}

}  // namespace thidua
