// The module dependency check (tests/deps/deps.h) on a made-up tree, where
// each rule must fire, and on thidua's own tree, where none may.
#include "tests/deps/deps.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::deps;
using thidua::testing::TempDir;
using thidua::testing::write_file;

namespace {

std::string joined(const std::vector<Violation>& vs) {
  std::string out;
  for (const auto& v : vs) out += to_string(v) + "\n";
  return out;
}

// A tree of three modules: base <- mid <- top, top also linking lib "z".
struct MiniTree {
  TempDir dir;
  std::vector<Module> modules;

  MiniTree() {
    const std::string root = dir.path().string();
    const std::string graph = "base\t" + root + "/base\ta.cc\t\n" + "mid\t" + root + "/mid\tb.cc;internal/c.cc\tbase\n" +
                              "top\t" + root + "/top\tsub/d.cc\tmid;z\n";
    std::string error;
    modules = parse_graph(graph, dir.path(), &error);
    REQUIRE_MESSAGE(error.empty(), error);
    write_file(dir.path() / "base/a.h", "#pragma once\n");
    write_file(dir.path() / "mid/b.h", "#pragma once\n#include \"base/a.h\"\n");
    write_file(dir.path() / "mid/internal/c.h", "#pragma once\n#include <sqlite3.h>\n");
    write_file(dir.path() / "top/sub/d.cc", "#include \"mid/b.h\"\n#include \"base/a.h\"\n");
  }
  void add(const std::string& file, const std::string& text) { write_file(dir.path() / file, text); }
  std::vector<Violation> check() { return check_tree(dir.path(), modules); }
};

}  // namespace

TEST_CASE("the graph: folders from the sources, links closed over") {
  MiniTree t;
  REQUIRE(t.modules.size() == 3);
  CHECK(t.modules[0].folder == "base");
  CHECK(t.modules[1].folder == "mid");
  CHECK(t.modules[2].folder == "top/sub");
  CHECK(t.modules[2].may_use == std::set<std::string>{"mid", "base"});  // "z" is not a module
  CHECK(t.modules[0].may_use.empty());
}

TEST_CASE("allowed includes pass") {
  MiniTree t;
  CHECK_MESSAGE(t.check().empty(), joined(t.check()));
}

TEST_CASE("a module including one it may not depend on fails") {
  MiniTree t;
  t.add("base/a.cc", "#include \"base/a.h\"\n#include \"mid/b.h\"\n");  // upward: base -> mid
  auto vs = t.check();
  REQUIRE(vs.size() == 1);
  CHECK(vs[0].file == "base/a.cc");
  CHECK(vs[0].line == 2);
  CHECK(vs[0].include == "mid/b.h");
  CHECK(vs[0].why.find("base may not depend on mid") != std::string::npos);
}

TEST_CASE("an internal header of another module fails; its own module and tests may include it") {
  MiniTree t;
  t.add("top/sub/e.cc", "#include \"mid/internal/c.h\"\n");
  t.add("mid/b.cc", "#include \"mid/internal/c.h\"\n");
  t.add("tests/mid/c_test.cc", "#include \"mid/internal/c.h\"\n");
  auto vs = t.check();
  REQUIRE_MESSAGE(vs.size() == 1, joined(vs));
  CHECK(vs[0].file == "top/sub/e.cc");
  CHECK(vs[0].why.find("internal header of mid") != std::string::npos);
}

TEST_CASE("a public header naming a third-party header fails; an internal one may") {
  MiniTree t;
  t.add("mid/b2.h", "#pragma once\n#include <httplib.h>\n#include <string>\n");
  auto vs = t.check();
  REQUIRE_MESSAGE(vs.size() == 1, joined(vs));
  CHECK(vs[0].file == "mid/b2.h");
  CHECK(vs[0].include == "httplib.h");
}

TEST_CASE("module code including test code fails") {
  MiniTree t;
  t.add("base/x.cc", "#include \"tests/support/temp_dir.h\"\n");
  auto vs = t.check();
  REQUIRE_MESSAGE(vs.size() == 1, joined(vs));
  CHECK(vs[0].file == "base/x.cc");
}

TEST_CASE("a graph line that does not parse is an error") {
  std::string error;
  auto modules = parse_graph("only-a-name\n", "/", &error);
  CHECK(modules.empty());
  CHECK(error.find("only-a-name") != std::string::npos);
}

TEST_CASE("thidua's own tree keeps the module graph CMake declares") {
  std::ifstream in(THIDUA_MODULE_GRAPH);
  REQUIRE_MESSAGE(in.good(), "missing " THIDUA_MODULE_GRAPH);
  std::stringstream text;
  text << in.rdbuf();
  std::string error;
  auto modules = parse_graph(text.str(), THIDUA_SOURCE_DIR, &error);
  REQUIRE_MESSAGE(error.empty(), error);
  // Every module is found, each in its own folder.
  std::set<std::string> folders;
  for (const auto& m : modules) {
    CHECK_MESSAGE(!m.folder.empty(), m.name);
    folders.insert(m.folder);
  }
  CHECK(folders.size() == modules.size());
  CHECK(folders.count("store"));
  CHECK(folders.count("sync/server"));
  auto vs = check_tree(THIDUA_SOURCE_DIR, modules);
  CHECK_MESSAGE(vs.empty(), joined(vs));
}
