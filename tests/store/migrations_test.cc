// Schema migrations: from empty, from every earlier version, and refusals.
#include <sqlite3.h>

#include <fstream>

#include "store/node_store.h"
#include "store/server_store.h"
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// The schema as SQLite records it, in a stable order.
std::string schema_of(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name", -1, &st,
                             nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int i = 0; i < 3; ++i) {
      const auto* t = sqlite3_column_text(st, i);
      out += t ? reinterpret_cast<const char*>(t) : "";
      out += "|";
    }
    out += "\n";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

void set_user_version(const std::string& path, int v) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, ("PRAGMA user_version = " + std::to_string(v)).c_str(), nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
}

void exec_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  CHECK_MESSAGE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK, (err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE("a new database is created at the latest version with every table") {
  StoreFixture f;
  auto s = f.open();
  CHECK(s->schema_version() == latest_schema_version());
  CHECK(s->node_id().size() == 16);
  for (const char* t : {"units", "plans", "tasks", "task_units", "progress", "stories", "story_photos",
                        "nominations", "blobs"}) {
    CAPTURE(t);
    CHECK(s->count(t).is_ok());
  }
  auto schema = schema_of(f.dir.file("node.db"));
  for (const char* t : {"sync_meta", "sync_cells", "sync_outbox", "sync_conflicts", "sync_cursors",
                        "progress_capture_update", "stories_capture_delete"}) {
    CAPTURE(t);
    CHECK(schema.find(std::string("|") + t + "|") != std::string::npos);
  }
}

TEST_CASE("migrating from each earlier version ends in the same schema as a new database") {
  StoreFixture f;
  { auto fresh = f.open("fresh.db"); }
  const std::string expected = schema_of(f.dir.file("fresh.db"));
  for (int v = 1; v < latest_schema_version(); ++v) {
    CAPTURE(v);
    std::string name = "from-v" + std::to_string(v) + ".db";
    OpenOptions o;
    o.target_version = v;
    {
      auto old = Store::open(f.dir.file(name), o);
      REQUIRE(old.is_ok());
      CHECK((*old)->schema_version() == v);
    }
    auto upgraded = f.open(name);
    CHECK(upgraded->schema_version() == latest_schema_version());
    CHECK(schema_of(f.dir.file(name)) == expected);
  }
}

TEST_CASE("reopening keeps the node id and the data") {
  StoreFixture f;
  std::string node;
  {
    auto s = f.open();
    node = s->node_id();
    seed_reference(*s);
  }
  auto s = f.open();
  CHECK(s->node_id() == node);
  CHECK(*s->count("tasks") == 1);
}

TEST_CASE("a database newer than this build is refused with what to do") {
  StoreFixture f;
  { auto s = f.open(); }
  set_user_version(f.dir.file("node.db"), latest_schema_version() + 1);
  auto s = Store::open(f.dir.file("node.db"));
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().code() == Status::Code::kConflict);
  CHECK(s.status().message().find("nâng cấp thidua") != std::string::npos);
}

TEST_CASE("a file that is not a database is refused and left alone") {
  StoreFixture f;
  const std::string path = f.dir.file("notes.txt");
  write_file(path, std::string(4096, 'x'));
  auto s = Store::open(path);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().code() == Status::Code::kCorrupt);
  CHECK(s.status().message() == path + ": không phải cơ sở dữ liệu, hoặc tệp đã hỏng");  // for the clerk: no SQL
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == std::string(4096, 'x'));
}

TEST_CASE("opening a missing file without create, or read-only, is not found") {
  StoreFixture f;
  OpenOptions o;
  o.create = false;
  auto s = Store::open(f.dir.file("missing.db"), o);
  CHECK(s.status().code() == Status::Code::kNotFound);
  o = OpenOptions{};
  o.read_only = true;
  s = Store::open(f.dir.file("missing.db"), o);
  CHECK(s.status().code() == Status::Code::kNotFound);
  CHECK_FALSE(std::filesystem::exists(f.dir.file("missing.db")));
}

TEST_CASE("a read-only store reads and refuses writes") {
  StoreFixture f;
  {
    auto s = f.open();
    seed_reference(*s);
  }
  OpenOptions o;
  o.read_only = true;
  auto s = Store::open(f.dir.file("node.db"), o);
  REQUIRE(s.is_ok());
  CHECK(*(*s)->count("units") == 1);
  Status st = (*s)->write("units", {{"id", std::string("meo-vac")}});
  CHECK(st.code() == Status::Code::kIo);
}

namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

}  // namespace

TEST_CASE("regression (issue 9 row 11): another program's database is never modified, whatever the options") {
  StoreFixture f;
  const std::string path = f.dir.file("other.db");
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('x');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  set_user_version(path, 2);  // even one whose user_version looks like thidua's
  const std::string before = bytes_of(path);
  for (bool create : {false, true}) {
    for (bool read_only : {false, true}) {
      CAPTURE(create);
      CAPTURE(read_only);
      OpenOptions o;
      o.create = create;
      o.read_only = read_only;
      auto s = Store::open(path, o);
      REQUIRE_FALSE(s.is_ok());
      CHECK(s.status().message() == path + ": không phải cơ sở dữ liệu của thidua; tạo mới bằng `thidua server init` "
                                           "(máy chủ) hoặc `thidua node init` (máy của đơn vị)");
      CHECK(bytes_of(path) == before);
    }
  }
}

TEST_CASE("regression (issue 9 row 11): a 0-byte file is filled only by a caller asked to create") {
  StoreFixture f;
  const std::string path = f.dir.file("empty.db");
  write_file(path, "");
  OpenOptions o;
  o.create = false;
  auto s = Store::open(path, o);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().message().find("không phải cơ sở dữ liệu của thidua") != std::string::npos);
  o.read_only = true;
  CHECK_FALSE(Store::open(path, o).is_ok());
  CHECK(bytes_of(path).empty());
  s = Store::open(path);  // create: as `server init` after checking the path
  REQUIRE_MESSAGE(s.is_ok(), s.status().message());
  CHECK((*s)->schema_version() == latest_schema_version());
}

TEST_CASE("a version 4 audit log of one row per cell answers alike after migration 5 packs rows") {
  StoreFixture f;
  OpenOptions o;
  o.target_version = 4;
  {
    auto old = Store::open(f.dir.file("central.db"), o);
    REQUIRE(old.is_ok());
  }
  exec_sql(f.dir.file("central.db"),
           "INSERT INTO server_audit (id, at, node_id, tbl, pk, col, old_val, new_val, hlc) VALUES "
           "(7, '2021-04-01T00:00:00.001Z', 'n1', 'progress', 'p1', '_row', 0, 1, 100), "
           "(8, '2021-04-01T00:00:00.001Z', 'n1', 'progress', 'p1', 'note_md', NULL, 'Đã \"xong\"\n\\ 19 xã', 100), "
           "(9, '2021-04-02T00:00:00.000Z', 'n2', 'progress', 'p1', 'percent', 40, 100, 250), "
           "(10, '2021-04-02T00:00:00.000Z', 'n2', 'tasks', 't1', 'due', '2021-12-01', NULL, 251)");
  auto s = f.open("central.db");
  CHECK(s->schema_version() == latest_schema_version());
  CHECK(*ServerStore(*s).audit_count() == 4);
  auto log = ServerStore(*s).audit_of("progress");
  REQUIRE(log.is_ok());
  REQUIRE(log->size() == 3);
  const auto& e = *log;
  CHECK(e[0].id == 7);
  CHECK(e[0].at == "2021-04-01T00:00:00.001Z");
  CHECK(e[0].node_id == "n1");
  CHECK(e[0].table == "progress");
  CHECK(e[0].pk == "p1");
  CHECK(e[0].column == "_row");
  CHECK(e[0].old_value == Value{std::int64_t{0}});
  CHECK(e[0].new_value == Value{std::int64_t{1}});
  CHECK(e[0].hlc == 100);
  CHECK(e[1].column == "note_md");
  CHECK(is_null(e[1].old_value));
  CHECK(e[1].new_value == Value{std::string("Đã \"xong\"\n\\ 19 xã")});
  CHECK(e[2].id == 9);
  CHECK(e[2].node_id == "n2");
  CHECK(e[2].old_value == Value{std::int64_t{40}});
  CHECK(e[2].new_value == Value{std::int64_t{100}});
  CHECK(e[2].hlc == 250);
  auto tasks = ServerStore(*s).audit_of("tasks");
  REQUIRE(tasks.is_ok());
  REQUIRE(tasks->size() == 1);
  CHECK((*tasks)[0].old_value == Value{std::string("2021-12-01")});
  CHECK(is_null((*tasks)[0].new_value));
}

TEST_CASE("migration 6 keeps every nomination as it was and moves the site's build marks to node_site") {
  StoreFixture f;
  OpenOptions o;
  o.target_version = 5;
  {
    auto old = Store::open(f.dir.file("node.db"), o);
    REQUIRE(old.is_ok());
  }
  exec_sql(f.dir.file("node.db"),
           "INSERT INTO units (id, name) VALUES ('dong-van', 'Huyện Đồng Văn');"
           "INSERT INTO nominations (id, unit_id, nominee, nominee_kind, award, achievement_md, status, "
           "council_session, decision_no, decided_on, review_note) VALUES "
           "('n1', 'dong-van', 'Lò Thị Hoa', 'individual', 'Bằng khen', 'Dạy chữ', 'approved', "
           "'Phiên họp Quý II/2021', '123/QĐ-UBND', '2021-06-30', 'Đạt');"
           "INSERT INTO sync_cursors (peer, cursor, updated_at) VALUES ('server', 42, NULL), "
           "('site-built-at', 1000, NULL), ('site-failed-at', 900, 'thiếu ảnh');");
  auto s = f.open("node.db");
  CHECK(s->schema_version() == latest_schema_version());
  auto row = s->get("nominations", "n1");
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  const Row& n = **row;
  CHECK(n.at("nominee") == Value{std::string("Lò Thị Hoa")});
  CHECK(n.at("status") == Value{std::string("approved")});
  CHECK(n.at("council_session") == Value{std::string("Phiên họp Quý II/2021")});
  CHECK(n.at("decision_no") == Value{std::string("123/QĐ-UBND")});
  CHECK(n.at("review_note") == Value{std::string("Đạt")});
  CHECK(is_null(n.at("award_kind")));
  CHECK(is_null(n.at("session_id")));
  auto seen = NodeStore(*s).site_build_seen();
  REQUIRE(seen.is_ok());
  REQUIRE(seen->has_value());
  CHECK((*seen)->built_at_ms == 1000);
  CHECK((*seen)->failed_at_ms == 900);
  CHECK((*seen)->error == "thiếu ảnh");
  CHECK(*s->cursor("server") == 42);  // a real peer's cursor stays
  CHECK(*s->count("nominations") == 1);
}

namespace {

std::int64_t page_size_of(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const std::int64_t size = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return size;
}

}  // namespace

TEST_CASE("a new database has 16 KiB pages; one made with 4 KiB pages keeps them and works") {
  StoreFixture f;
  {
    auto s = f.open("new.db");
    seed_reference(*s);
  }
  CHECK(page_size_of(f.dir.file("new.db")) == kPageSizeBytes);

  // A database of an earlier thidua, made with SQLite's default 4 KiB pages.
  { auto s = f.open("old.db"); }
  exec_sql(f.dir.file("old.db"), "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM; "
                                 "PRAGMA journal_mode = WAL;");
  REQUIRE(page_size_of(f.dir.file("old.db")) == 4096);
  {
    auto s = f.open("old.db");
    seed_reference(*s);
    CHECK(*s->count("tasks") == 1);
  }
  CHECK(page_size_of(f.dir.file("old.db")) == 4096);
  auto s = f.open("old.db");
  CHECK(*s->count("tasks") == 1);
}
