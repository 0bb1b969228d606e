// Upgrades without lockstep (issue 11 item 6): the copy taken before a
// migration, read-only opens that never migrate, and the claim that lets a
// server serve nodes one schema behind.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/schema.h"
#include "tests/store/fixture.h"
#include "tests/support/db_peek.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

// The columns of `table` as SQLite describes them (name, type, not null,
// default, primary key), one line each.
std::string columns_of(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  const std::string sql =
      "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)";
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int i = 0; i < 5; ++i) {
      const auto* t = sqlite3_column_text(st, i);
      out += t ? reinterpret_cast<const char*>(t) : "NULL";
      out += "|";
    }
    out += "\n";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The schema before the latest: what an upgrade migrates from.
int previous_version() { return latest_schema_version() - 1; }

// A database at schema `version` with a unit, a plan and a task in it.
std::string make_at(StoreFixture& f, const std::string& name, int version) {
  OpenOptions o;
  o.target_version = version;
  auto old = Store::open(f.dir.file(name), o);
  REQUIRE_MESSAGE(old.is_ok(), old.status().message());
  seed_reference(**old);
  REQUIRE((*old)->checkpoint().is_ok());
  return f.dir.file(name);
}

// A database at the previous schema: what an upgrade migrates from.
std::string make_previous(StoreFixture& f, const std::string& name) { return make_at(f, name, previous_version()); }

// Four writable opens of `path` at once, one connection each as separate
// processes have; each must succeed. The upgrade copies they made.
std::vector<std::string> open_at_once(const std::string& path) {
  std::vector<std::string> copies(4), errors(4);
  std::vector<std::thread> openers;
  for (size_t i = 0; i < copies.size(); ++i) {
    openers.emplace_back([&, i] {
      auto s = Store::open(path);
      if (s) copies[i] = (*s)->upgrade_copy();
      else errors[i] = s.status().message();
    });
  }
  for (auto& t : openers) t.join();
  for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);
  std::vector<std::string> made;
  for (auto& c : copies) {
    if (!c.empty()) made.push_back(std::move(c));
  }
  return made;
}

Result<std::unique_ptr<Store>> open_to_read(const std::string& path, bool compatible) {
  OpenOptions o;
  o.create = false;
  o.read_only = true;
  o.read_compatible_schema = compatible;
  return Store::open(path, o);
}

}  // namespace

TEST_CASE(
    "a node one schema behind is served only when its synced and node tables are the latest's") {
  // What lets the server take a node one version behind as it is. Migration
  // 6 (the commendation cycle) changed synced tables, so nodes at 5 are not
  // served; when a later migration leaves them alone, the previous schema
  // is compatible again and its tables must be the latest's.
  StoreFixture f;
  const std::string previous = make_previous(f, "previous.db");
  { auto fresh = f.open("latest.db"); }
  std::vector<std::string> tables;
  for (const auto& spec : synced_tables()) tables.emplace_back(spec.name);
  // Not sync_cells: migration 7 keeps the cells' clocks per row (sync_rows), a
  // change of storage that nothing on the wire sees; an older file read as it
  // is gets sync_rows as a view of its sync_cells (Store::open).
  for (const char* t : {"blobs", "sync_meta", "sync_outbox", "sync_conflicts",
                        "sync_cursors", "sync_node", "sync_rejected", "sync_photo_outbox"}) {
    tables.push_back(t);
  }
  bool same = true;
  for (const auto& t : tables) {
    CAPTURE(t);
    const std::string latest_columns = columns_of(f.dir.file("latest.db"), t);
    CHECK_FALSE(latest_columns.empty());
    same = same && columns_of(previous, t) == latest_columns;
  }
  if (latest_schema_version() == 6) {
    CHECK_FALSE(same);  // nominations and progress gained columns
    CHECK(oldest_compatible_schema_version() == 6);
  }
  if (same) CHECK(oldest_compatible_schema_version() == previous_version());
  else CHECK(oldest_compatible_schema_version() == latest_schema_version());
}

TEST_CASE(
    "before a migration the file is copied beside itself as .bak-v<N>, and its data is intact") {
  StoreFixture f;
  const int previous = previous_version();
  const std::string path = make_previous(f, "central.db");
  // Read with SQLite alone: this build reads the previous schema only when
  // its synced tables are the latest's (not so after migration 6).
  const DbTables before = tables_of(path);
  const std::string copy = path + ".bak-v" + std::to_string(previous);
  auto s = f.open("central.db");
  CHECK(s->schema_version() == latest_schema_version());
  CHECK(s->upgrade_copy() == copy);
  check_rows_kept(before, path);
  REQUIRE(fs::exists(copy));
  CHECK(user_version_of(copy) == previous);
  CHECK(text_of(copy, "PRAGMA integrity_check") == "ok");
  CHECK(tables_of(copy) == before);
  // Nothing half-written is left beside it.
  for (const auto& e : fs::directory_iterator(f.dir.path())) {
    CHECK(e.path().filename().string().find(".partial-") == std::string::npos);
  }
  s.reset();
  auto again = f.open("central.db");  // already current: no second copy
  CHECK(again->upgrade_copy().empty());
  CHECK_FALSE(fs::exists(copy + "-2"));
}

TEST_CASE("an existing .bak-v<N> is never replaced: the new copy takes the next free name") {
  StoreFixture f;
  const std::string path = make_previous(f, "central.db");
  const std::string taken = path + ".bak-v" + std::to_string(previous_version());
  write_file(taken, "bản sao cũ của người quản trị");
  write_file(taken + "-2", "một bản nữa");
  auto s = f.open("central.db");
  CHECK(s->upgrade_copy() == taken + "-3");
  CHECK(read_file(taken) == "bản sao cũ của người quản trị");
  CHECK(read_file(taken + "-2") == "một bản nữa");
  CHECK(user_version_of(taken + "-3") == previous_version());
}

TEST_CASE("when the copy cannot be made nothing is migrated and the open says why") {
  StoreFixture f;
  const std::string path = make_previous(f, "central.db");
  const int previous = previous_version();
  // A folder, not empty, where the copy would be written: it cannot be made.
  const std::string partial =
      path + ".bak-v" + std::to_string(previous) + ".partial-" + std::to_string(::getpid());
  write_file(fs::path(partial) / "x", "x");
  OpenOptions o;
  o.create = false;
  auto s = Store::open(path, o);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().message().find("không sao lưu được " + path + " trước khi nâng cấp") !=
        std::string::npos);
  CHECK(s.status().message().find("tệp chưa bị thay đổi") != std::string::npos);
  CHECK(user_version_of(path) == previous);
  CHECK_FALSE(fs::exists(path + ".bak-v" + std::to_string(previous)));
  fs::remove_all(partial);
  auto later = f.open("central.db");  // once the way is clear, the upgrade goes on
  CHECK(later->schema_version() == latest_schema_version());
}

TEST_CASE("two processes opening an older file at once: one copies and migrates, the other finds it done") {
  StoreFixture f;
  const std::string path = make_previous(f, "central.db");
  const std::vector<std::string> copies = open_at_once(path);
  CHECK(copies.size() == 1);  // the migration ran once, after one copy
  CHECK(user_version_of(path) == latest_schema_version());
  CHECK_FALSE(fs::exists(path + ".bak-v" + std::to_string(previous_version()) + "-2"));
}

TEST_CASE("openers of a file several versions behind: the steps run once, in one transaction") {
  // With a commit per step, an opener waiting for the lock took it between
  // two steps, copied the file at the version between, and ran the rest of
  // the steps; the first then ran them again and failed.
  const int from = std::max(oldest_compatible_schema_version() - 1, 1);
  REQUIRE(latest_schema_version() - from >= 2);
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    StoreFixture f;
    const std::string path = make_at(f, "central.db", from);
    const std::vector<std::string> copies = open_at_once(path);
    REQUIRE(copies.size() == 1);
    CHECK(user_version_of(copies[0]) == from);
    CHECK(user_version_of(path) == latest_schema_version());
    for (int v = from + 1; v < latest_schema_version(); ++v) {
      CHECK_FALSE(fs::exists(path + ".bak-v" + std::to_string(v)));  // no copy of a version between
    }
  }
}

TEST_CASE("an open waits for another program's lock on the file instead of failing at once") {
  StoreFixture f;
  const std::string path = make_previous(f, "central.db");
  // Another program holds the file locked for a moment (a rollback-journal
  // writer's exclusive lock bars even readers): the open that looks at the
  // file first waits for it like every other connection of thidua's.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "PRAGMA journal_mode = DELETE; BEGIN EXCLUSIVE", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(other);
  });
  auto s = Store::open(path);
  release.join();
  REQUIRE_MESSAGE(s.is_ok(), s.status().message());
  CHECK((*s)->schema_version() == latest_schema_version());
}

TEST_CASE("a new database is made with no copy beside it") {
  StoreFixture f;
  auto s = f.open("new.db");
  CHECK(s->upgrade_copy().empty());
  for (const auto& e : fs::directory_iterator(f.dir.path())) {
    CHECK(e.path().filename().string().find(".bak-") == std::string::npos);
  }
}

TEST_CASE(
    "a read-only open never migrates: the previous schema is read as it is when the reader "
    "allows") {
  StoreFixture f;
  const std::string path = make_previous(f, "node.db");
  const std::string bytes = read_file(path);
  {
    auto s = open_to_read(path, true);
    if (oldest_compatible_schema_version() <= previous_version()) {
      REQUIRE_MESSAGE(s.is_ok(), s.status().message());
      CHECK((*s)->schema_version() == previous_version());
      CHECK(*(*s)->count("tasks") == 1);
      CHECK((*s)->upgrade_copy().empty());
    } else {  // the latest migration changed synced tables (6): not read as it is
      REQUIRE_FALSE(s.is_ok());
      CHECK(s.status().message().find("cũ hơn bản thidua này") != std::string::npos);
    }
  }
  auto strict = open_to_read(path, false);
  REQUIRE_FALSE(strict.is_ok());
  CHECK(strict.status().code() == Status::Code::kConflict);
  CHECK(read_file(path) == bytes);
  CHECK(user_version_of(path) == previous_version());
  CHECK_FALSE(fs::exists(path + ".bak-v" + std::to_string(previous_version())));
}

TEST_CASE(
    "a read-only open refuses a file two versions back, or newer than the build, with what to do") {
  StoreFixture f;
  OpenOptions o;
  o.target_version = oldest_compatible_schema_version() - 1;
  { REQUIRE(Store::open(f.dir.file("old.db"), o).is_ok()); }
  auto s = open_to_read(f.dir.file("old.db"), true);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().message().find("cũ hơn bản thidua này") != std::string::npos);
  CHECK(user_version_of(f.dir.file("old.db")) == o.target_version);
  { auto latest = f.open("new.db"); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(f.dir.file("new.db").c_str(), &db) == SQLITE_OK);
  const std::string bump = "PRAGMA user_version = " + std::to_string(latest_schema_version() + 1);
  REQUIRE(sqlite3_exec(db, bump.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  s = open_to_read(f.dir.file("new.db"), true);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().message().find("mới hơn bản thidua này") != std::string::npos);
  CHECK(s.status().message().find("hãy cài bản thidua mới hơn") != std::string::npos);
}
