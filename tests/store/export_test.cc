// Canonical export: deterministic, sorted, photos by hash.
#include <sqlite3.h>

#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("export is byte-identical for the same contents written in a different order") {
  StoreFixture f;
  auto a = f.open("a.db");
  auto b = f.open("b.db");
  seed_reference(*a);
  REQUIRE(a->write("units", {{"id", std::string("meo-vac")}, {"name", std::string("Huyện Mèo Vạc")},
                             {"kind", std::string("district")}}).is_ok());
  REQUIRE(b->write("units", {{"id", std::string("meo-vac")}, {"kind", std::string("district")}}).is_ok());
  REQUIRE(b->write("units", {{"id", std::string("meo-vac")}, {"name", std::string("Huyện Mèo Vạc")}}).is_ok());
  seed_reference(*b);
  auto ea = a->export_json();
  auto eb = b->export_json();
  REQUIRE(ea.is_ok());
  REQUIRE(eb.is_ok());
  CHECK(*ea == *eb);
  // Rows by primary key, keys sorted, UTF-8 kept as is.
  auto dong = ea->find("\"id\": \"dong-van\"");
  auto meo = ea->find("\"id\": \"meo-vac\"");
  CHECK(dong < meo);
  CHECK(ea->find("\"kind\": \"district\",\n      \"name\": \"Huyện Đồng Văn\"") != std::string::npos);
  for (const char* table : {"\"units\"", "\"plans\"", "\"tasks\"", "\"task_units\"", "\"progress\"",
                            "\"stories\"", "\"story_photos\"", "\"nominations\"", "\"blobs\""}) {
    CAPTURE(table);
    CHECK(ea->find(table) != std::string::npos);
  }
  // Sync metadata (node ids, clocks) is not part of the contents.
  CHECK(ea->find("sync_") == std::string::npos);
  CHECK(ea->find(a->node_id()) == std::string::npos);
}

TEST_CASE("export names photos by hash and never includes their bytes") {
  StoreFixture f;
  { auto s = f.open(); }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(f.dir.file("node.db").c_str(), &db) == SQLITE_OK);
  const std::string insert = "INSERT INTO blobs(hash, mime, size, width, height, bytes) VALUES ('" +
                             std::string(64, 'a') + "', 'image/jpeg', 5, 2, 1, x'4142434445')";
  REQUIRE(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto s = f.open();
  auto json = s->export_json();
  REQUIRE(json.is_ok());
  CHECK(json->find(std::string(64, 'a')) != std::string::npos);
  CHECK(json->find("\"mime\": \"image/jpeg\"") != std::string::npos);
  CHECK(json->find("bytes") == std::string::npos);
  CHECK(json->find("ABCDE") == std::string::npos);
}
