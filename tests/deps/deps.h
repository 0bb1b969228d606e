// The module dependency check: every quoted #include in the tree, judged
// against the module graph CMake declares (the links of the thidua_*
// targets, which tests/CMakeLists.txt writes to a file at configure time).
//
// Rules, for a file that belongs to a module (a folder holding a target's
// sources):
// - it includes only its own module and the modules it links, directly or
//   through them;
// - it includes no `internal/` header of another module;
// - a public header (one not under internal/) includes no third-party
//   library header: the modules above see thidua's types only.
// tests/, fuzz/ and bench/ may include any thidua header (tests test
// internals); no module includes anything under tests/ or bench/.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace thidua::deps {

struct Module {
  std::string name;                // the CMake target, e.g. thidua_store
  std::string folder;              // relative to the source root, e.g. "store" or "sync/server"
  std::set<std::string> may_use;   // modules it links, transitively (itself not included)
};

// Reads the graph file: one line per target, tab-separated: name, the
// target's source folder, its sources (;-list, relative to that folder or
// absolute), its link libraries (;-list). Links to libraries that are not
// in the graph are ignored. A line that does not parse is an error (empty result
// plus `error` set).
std::vector<Module> parse_graph(const std::string& text, const std::filesystem::path& root, std::string* error);

struct Violation {
  std::string file;     // relative to the root
  int line = 0;
  std::string include;  // what the line includes
  std::string why;
};

// Walks `root` (skipping build*/, .git/, node_modules/) and checks every
// .h and .cc file.
std::vector<Violation> check_tree(const std::filesystem::path& root, const std::vector<Module>& modules);

std::string to_string(const Violation& v);

}  // namespace thidua::deps
