// Helpers shared by the `thidua node` commands.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace thidua::cli {

// Opens an existing database (never creates one); kNotFound when missing.
Result<std::unique_ptr<Store>> open_node_db(const std::string& path);
// The same read-only, for commands that only read (issue 11): the file is
// never migrated nor changed, and one a schema behind this build is read as
// it is (OpenOptions::read_compatible_schema).
Result<std::unique_ptr<Store>> open_node_db_to_read(const std::string& path);

// The whole text of a file the clerk named (a Markdown body, a note).
// kInvalid naming the file when it is missing, unreadable or larger than
// a text cell holds.
Result<std::string> read_text_file(const std::string& path);

// Prints the id of a row just created: the id alone on its line, or
// {"id": "..."} with `json`.
void print_id(const std::string& id, bool json);

}  // namespace thidua::cli
