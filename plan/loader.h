// Reads and validates the plan data under a content folder.
//
// Layout: <content>/units/*.json and <content>/plans/*.json (each plan's
// Markdown sections in files it names, relative to the plan file), and
// optionally <content>/awards.json (the kinds of award). See
// docs/content-format.md for the format.
#pragma once

#include <map>
#include <string>

#include "common/status.h"
#include "plan/plan.h"

namespace thidua {

// Loads and validates everything. On any problem returns kInvalid (or
// kNotFound for a missing folder or file) with a message that names the
// file, the place in it ("tasks[12].units[1]") and what is wrong, e.g.
//   content/plans/2021.json: tasks[3].quarter: 5 is not a quarter (1–4)
// Checks: well-formed JSON; required fields present with the right types;
// ids are slugs and unique (units across all files, tasks across all
// plans); every unit a task, plan or parent names exists; quarters 1–4;
// ordinals unique within a quarter; section files exist and are UTF-8;
// award kinds as parse_awards_file says (plan/internal/loader_json.h).
Result<Content> load_content(const std::string& content_dir);

// The same, on files held in memory: path relative to the content folder
// ("units/ha-giang.json", "plans/2021/gioi-thieu.md") -> text. Gives what
// load_content(content_dir) gives on a folder holding exactly these files,
// messages included (they name content_dir joined with the path). Reads
// nothing from disk; for the fuzzer (fuzz/plan_loader_fuzz.cc) and tests.
Result<Content> load_content(const std::string& content_dir, const std::map<std::string, std::string>& files);

}  // namespace thidua
