#include "tests/deps/deps.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace thidua::deps {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

bool starts_with_dir(const std::string& path, const std::string& folder) {
  return path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 && path[folder.size()] == '/';
}

// The folder that holds every source of a target inside `root`, relative.
std::string folder_of(const fs::path& source_dir, const std::vector<std::string>& sources, const fs::path& root) {
  std::string common;
  bool first = true;
  for (const auto& s : sources) {
    fs::path p = fs::path(s).is_absolute() ? fs::path(s) : source_dir / s;
    fs::path rel = p.lexically_normal().lexically_relative(root);
    // Generated files (in the build folder, inside the tree or not) are no one's.
    if (rel.empty() || *rel.begin() == ".." || rel.begin()->string().rfind("build", 0) == 0) continue;
    std::string dir = rel.parent_path().generic_string();
    if (first) {
      common = dir;
      first = false;
    }
    while (!common.empty() && dir != common && !starts_with_dir(dir, common)) {
      auto slash = common.rfind('/');
      common = slash == std::string::npos ? "" : common.substr(0, slash);
    }
  }
  return common;
}

// Transitive closure of the direct links.
void close_over(std::vector<Module>& modules, const std::map<std::string, std::set<std::string>>& direct) {
  for (auto& m : modules) {
    std::vector<std::string> todo(m.may_use.begin(), m.may_use.end());
    while (!todo.empty()) {
      std::string next = todo.back();
      todo.pop_back();
      auto it = direct.find(next);
      if (it == direct.end()) continue;
      for (const auto& d : it->second)
        if (d != m.name && m.may_use.insert(d).second) todo.push_back(d);
    }
  }
}

const Module* owner(const std::string& rel, const std::vector<Module>& modules) {
  const Module* best = nullptr;
  for (const auto& m : modules)
    if (!m.folder.empty() && starts_with_dir(rel, m.folder) && (!best || m.folder.size() > best->folder.size()))
      best = &m;
  return best;
}

bool is_internal(const std::string& rel) {
  return rel.find("/internal/") != std::string::npos;
}

bool exempt(const std::string& rel) {
  return starts_with_dir(rel, "tests") || starts_with_dir(rel, "fuzz") || starts_with_dir(rel, "bench");
}

bool third_party(const std::string& header) {
  static const char* kPrefixes[] = {"httplib.h", "sqlite3.h", "nlohmann/", "cmark", "CLI/",  "brotli/",
                                    "openssl/",  "zlib.h",    "doctest/",  "mustache.hpp", "vips/",
                                    "glib",      "sodium",   "xlsxwriter"};
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](const char* p) { return header.rfind(p, 0) == 0; });
}

void check_file(const fs::path& root, const std::string& rel, const std::vector<Module>& modules,
                std::vector<Violation>& out) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s*([<"])([^">]+)[">])re");
  const Module* self = owner(rel, modules);
  const bool public_header = self && rel.size() > 2 && rel.ends_with(".h") && !is_internal(rel);
  std::ifstream in(root / rel);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (!std::regex_search(line, m, kInclude)) continue;
    const std::string inc = m[2];
    auto add = [&](std::string why) { out.push_back({rel, n, inc, std::move(why)}); };
    if (m[1] == "<") {
      if (public_header && third_party(inc)) add("a public header includes a third-party header; move it to internal/");
      continue;
    }
    if (!exempt(rel) && (starts_with_dir(inc, "tests") || starts_with_dir(inc, "bench"))) {
      add("only tests and benchmarks include test or benchmark code");
      continue;
    }
    if (!self) continue;  // tests/, fuzz/, bench/: any thidua header
    const Module* target = owner(inc, modules);
    if (!target || target == self) continue;
    if (!self->may_use.count(target->name)) {
      add(self->name + " may not depend on " + target->name + " (not among its links in CMake)");
    } else if (is_internal(inc)) {
      add("an internal header of " + target->name);
    }
  }
}

}  // namespace

std::vector<Module> parse_graph(const std::string& text, const fs::path& root, std::string* error) {
  std::vector<Module> modules;
  std::map<std::string, std::set<std::string>> direct;
  for (const auto& line : split(text, '\n')) {
    if (line.empty()) continue;
    auto cols = split(line, '\t');
    if (cols.size() < 3 || cols[0].empty()) {
      if (error) *error = "bad line in the module graph: " + line;
      return {};
    }
    Module m;
    m.name = cols[0];
    m.folder = folder_of(cols[1], split(cols[2], ';'), root);
    for (const auto& l : cols.size() > 3 ? split(cols[3], ';') : std::vector<std::string>{}) m.may_use.insert(l);
    modules.push_back(std::move(m));
  }
  // Links to libraries that are not modules (SQLite, OpenSSL, ...) go.
  std::set<std::string> names;
  for (const auto& m : modules) names.insert(m.name);
  for (auto& m : modules) {
    std::erase_if(m.may_use, [&](const std::string& l) { return !names.count(l); });
    direct[m.name] = m.may_use;
  }
  close_over(modules, direct);
  return modules;
}

std::vector<Violation> check_tree(const fs::path& root, const std::vector<Module>& modules) {
  std::vector<Violation> out;
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name.rfind("build", 0) == 0 || name == ".git" || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    const std::string ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".h" || ext == ".cc"))
      files.push_back(it->path().lexically_relative(root).generic_string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) check_file(root, f, modules, out);
  return out;
}

std::string to_string(const Violation& v) {
  return v.file + ":" + std::to_string(v.line) + ": includes \"" + v.include + "\": " + v.why;
}

}  // namespace thidua::deps
