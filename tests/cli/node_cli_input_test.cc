// `thidua node ...` given what it must refuse: a database thidua did not
// make, and numbers out of range (issue 9).
#include <doctest/doctest.h>

#include <sqlite3.h>

#include "tests/cli/node_cli.h"
#include "tests/support/images.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Another program's SQLite database: a table, an index, a trigger, a
// user_version of its own.
void make_foreign_db(const std::string& path) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  const char* sql =
      "PRAGMA user_version = 3;"
      "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
      "CREATE INDEX contacts_name ON contacts(name);"
      "CREATE TABLE log (what TEXT);"
      "CREATE TRIGGER contacts_log AFTER INSERT ON contacts BEGIN INSERT INTO log VALUES (NEW.name); END;"
      "INSERT INTO contacts (name) VALUES ('Lò Thị Hoa');";
  char* err = nullptr;
  int rc = sqlite3_exec(raw, sql, nullptr, nullptr, &err);
  CAPTURE(err ? err : "");
  sqlite3_free(err);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("regression (issue 9 row 11): no command modifies a foreign SQLite file or a 0-byte file given as --db") {
  TempDir dir;
  write_file(dir.path() / "bai.md", "Nội dung");
  const std::string foreign = dir.file("khac.db"), empty = dir.file("rong.db");
  make_foreign_db(foreign);
  write_file(dir.path() / "rong.db", "");
  const std::string foreign_bytes = read_file(foreign);
  REQUIRE(foreign_bytes.size() > 0);
  for (const std::string& db : {foreign, empty}) {
    std::vector<std::vector<std::string>> commands = {
        {"node", "status", "--db", db},
        {"node", "report", "--db", db, "--task", "2021-q1-01", "--status", "done"},
        {"node", "story", "add", "--db", db, "--title", "T", "--subject", "S", "--category", "individual",
         "--body-file", dir.file("bai.md")},
        {"node", "story", "submit", "--db", db, "--id", "x"},
        {"node", "nominate", "--db", db, "--nominee", "A", "--kind", "individual", "--award", "B",
         "--achievement-file", dir.file("bai.md")},
        {"node", "review", "--db", db, "--story", "x", "--publish"},
        {"node", "sync", "--db", db},
        {"node", "init", "--db", db, "--server", "http://127.0.0.1:1", "--token", "t"},
        {"node", "conflicts", "--db", db},
        {"export", "--db", db},
        {"site", "build", "--db", db, "--out", dir.file("public")},
        {"server", "init", "--db", db, "--content", kContent},
        {"server", "init", "--db", db, "--content", kContent, "--force"},
        {"server", "nodes", "--db", db},
        {"server", "add-node", "--db", db, "--unit", "dong-van", "--role", "district", "--name", "M"},
        {"server", "revoke-node", "--db", db, "--node", "x"},
        {"server", "run", "--db", db, "--listen", "127.0.0.1:0"},
    };
    for (auto args : commands) {
      args.insert(args.begin(), kBin);
      auto r = run(args, "", 20);
      CAPTURE(db);
      CAPTURE(args[1] + " " + args[2]);
      CAPTURE(r.err);
      CHECK(r.exit_code != 0);
      CHECK(read_file(db) == (db == foreign ? foreign_bytes : std::string()));
    }
    CHECK_FALSE(std::filesystem::exists(db + "-journal"));
  }
  // What the clerk reads says what the file is and what to do.
  auto r = node({"status", "--db", foreign});
  CHECK(has(r.err, "không phải cơ sở dữ liệu của thidua"));
  CHECK(has(r.err, "thidua node init"));
}

TEST_CASE("regression (issue 9, integers on the CLI): out-of-range numbers are refused with the range, never wrapped") {
  TempDir dir;
  const std::string db = dir.file("n.db");
  make_node_db(db, "dong-van", "district");
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<std::string> report = {"node", "report", "--db", db, "--task", "2021-q1-01", "--status", "done",
                                           "--percent"};
  auto with = [](std::vector<std::string> a, const std::string& v) {
    a.push_back(v);
    return a;
  };
  for (const Case& c : std::vector<Case>{
           {with(report, "18446744073709551615"), "--percent phải là một số nguyên từ 0 đến 100"},
           {with(report, "18446744073709551666"), "--percent phải là một số nguyên từ 0 đến 100"},
           {with(report, "-1"), "--percent phải là một số nguyên từ 0 đến 100"},
           {with(report, "50abc"), "--percent phải là một số nguyên từ 0 đến 100"},
           {{"node", "sync", "--db", db, "--watch", "4294967297"}, "--watch phải là một số nguyên từ 1 đến 86400"},
           {{"node", "sync", "--db", db, "--watch", "0"}, "--watch phải là một số nguyên từ 1 đến 86400"},
           {{"node", "conflicts", "--db", db, "--resolve", "18446744073709551617", "--keep", "mine"},
            "--resolve phải là một số nguyên từ 1 đến"},
           {{"server", "run", "--db", db, "--listen", "127.0.0.1:4294967297"},
            "cổng trong --listen phải là một số nguyên từ 0 đến 65535"},
           {{"site", "serve", "--db", db, "--listen", "127.0.0.1:80x"},
            "cổng trong --listen phải là một số nguyên từ 0 đến 65535"},
       }) {
    auto args = c.args;
    args.insert(args.begin(), kBin);
    auto r = run(args, "", 20);
    CAPTURE(args[3]);
    CAPTURE(r.err);
    CHECK(r.exit_code == 1);
    CHECK(lines(r.err) == 1);
    CHECK(has(r.err, c.says));
  }
  auto store = open_store(db);
  CHECK(*store->count("progress") == 0);
}
