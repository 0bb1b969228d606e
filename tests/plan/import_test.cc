#include "plan/import.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "plan/loader.h"
#include "tests/support/temp_dir.h"

namespace thidua {
namespace {

using testing::TempDir;

std::unique_ptr<Store> open_store(const TempDir& dir) {
  auto store = Store::open(dir.file("t.db"));
  REQUIRE_MESSAGE(store.is_ok(), store.status().message());
  return std::move(store).value();
}

Content real_content() {
  auto loaded = load_content(THIDUA_SOURCE_DIR "/content");
  REQUIRE_MESSAGE(loaded.is_ok(), loaded.status().message());
  return std::move(loaded).value();
}

std::int64_t count(Store& store, const std::string& table) {
  auto n = store.count(table);
  REQUIRE_MESSAGE(n.is_ok(), n.status().message());
  return *n;
}

std::size_t outbox_size(Store& store) {
  auto out = store.outbox();
  REQUIRE_MESSAGE(out.is_ok(), out.status().message());
  return out->size();
}

Value cell(Store& store, const std::string& table, const std::string& id, const std::string& column) {
  auto row = store.get(table, id);
  REQUIRE_MESSAGE(row.is_ok(), row.status().message());
  REQUIRE_MESSAGE(row->has_value(), table << " has no row " << id);
  return (**row).at(column);
}

int task_unit_links(const Content& c) {
  int n = 0;
  for (const auto& p : c.plans)
    for (const auto& t : p.tasks) n += static_cast<int>(t.units.size());
  return n;
}

TEST_CASE("importing the real content writes every row once") {
  TempDir dir;
  auto store = open_store(dir);
  Content content = real_content();

  auto stats = import_content(*store, content);
  REQUIRE_MESSAGE(stats.is_ok(), stats.status().message());
  CHECK(stats->units == 22);
  CHECK(stats->plans == 1);
  CHECK(stats->tasks == 38);
  CHECK(stats->task_units == task_unit_links(content));
  CHECK(count(*store, "units") == 22);
  CHECK(count(*store, "plans") == 1);
  CHECK(count(*store, "tasks") == 38);
  CHECK(count(*store, "task_units") == task_unit_links(content));
  CHECK(stats->award_kinds == 11);
  CHECK(count(*store, "award_kinds") == 11);
  CHECK(cell(*store, "award_kinds", "chien-si-thi-dua-toan-quoc", "level") == Value(std::string("state")));
  CHECK(cell(*store, "award_kinds", "co-thi-dua-ubnd-tinh", "nominee_kinds") ==
        Value(std::string("collective,business")));

  // ban-tdkt comes before its parent so-noi-vu in the file; the import
  // still succeeds and keeps the file position as ordinal.
  CHECK(cell(*store, "units", "ban-tdkt", "parent_id") == Value(std::string("so-noi-vu")));
  CHECK(cell(*store, "units", "ban-tdkt", "ordinal") == Value(std::int64_t{4}));
  CHECK(cell(*store, "units", "ubnd-tinh", "parent_id") == Value());
  CHECK(cell(*store, "plans", "2021", "issuer_id") == Value(std::string("ubnd-tinh")));
  CHECK(cell(*store, "plans", "2021", "year") == Value(std::int64_t{2021}));
  CHECK(cell(*store, "plans", "2021", "issued_on") == Value());
  CHECK(cell(*store, "tasks", "2021-q3-01", "due") == Value(std::string("2021-09-30")));
  CHECK(cell(*store, "tasks", "2021-q3-01", "plan_id") == Value(std::string("2021")));
  CHECK(cell(*store, "task_units", "2021-q2-01:so-noi-vu", "ordinal") == Value(std::int64_t{3}));
  CHECK(cell(*store, "task_units", "2021-q2-01:so-noi-vu", "role") == Value(std::string("responsible")));
  CHECK(cell(*store, "task_units", "2021-q2-01:so-noi-vu", "task_id") == Value(std::string("2021-q2-01")));

  CHECK(outbox_size(*store) > 0);
}

TEST_CASE("re-importing identical content captures nothing new") {
  TempDir dir;
  auto store = open_store(dir);
  Content content = real_content();
  REQUIRE(import_content(*store, content).is_ok());
  std::size_t before = outbox_size(*store);

  auto again = import_content(*store, content);
  REQUIRE_MESSAGE(again.is_ok(), again.status().message());
  CHECK(again->tasks == 38);  // counts what was written, changed or not
  CHECK(outbox_size(*store) == before);
  CHECK(count(*store, "tasks") == 38);

  // One edited task captures exactly its one changed cell.
  content.plans[0].tasks[0].content += " (sửa)";
  REQUIRE(import_content(*store, content).is_ok());
  auto out = store->outbox();
  REQUIRE(out.is_ok());
  REQUIRE(out->size() == before + 1);
  CHECK(out->back().table == "tasks");
  CHECK(out->back().pk == "2021-q1-01");
  CHECK(out->back().column == "content");
}

Content small_content() {
  Content c;
  c.units.push_back({"tinh", "Tỉnh", "Tỉnh", "province", std::nullopt});
  Plan p;
  p.id = "2030";
  p.year = 2030;
  p.title = "Kế hoạch 2030";
  p.issuer = "tinh";
  p.tasks.push_back({"2030-q1-01", 1, 1, "Việc một", "2030-03-31", {"tinh"}});
  c.plans.push_back(p);
  return c;
}

TEST_CASE("a failing import writes nothing") {
  TempDir dir;
  auto store = open_store(dir);
  REQUIRE(import_content(*store, real_content()).is_ok());
  std::size_t outbox_before = outbox_size(*store);

  Content bad = small_content();
  bad.plans[0].tasks.push_back({"2030-q1-02", 1, 2, "Việc hai", "2030-03-31", {"tinh", "khong-co"}});
  auto result = import_content(*store, bad);
  REQUIRE_FALSE(result.is_ok());
  CAPTURE(result.status().message());
  CHECK(result.status().code() == Status::Code::kInvalid);
  CHECK(result.status().message().find("2030-q1-02") != std::string::npos);
  CHECK(result.status().message().find("khong-co") != std::string::npos);

  // The unit, plan and first task written before the failure are gone too.
  CHECK(count(*store, "units") == 22);
  CHECK(count(*store, "plans") == 1);
  CHECK(count(*store, "tasks") == 38);
  CHECK(count(*store, "task_units") == task_unit_links(real_content()));
  CHECK(outbox_size(*store) == outbox_before);
  auto tinh = store->get("units", "tinh");
  REQUIRE(tinh.is_ok());
  CHECK_FALSE(tinh->has_value());
}

TEST_CASE("parents are written before children whatever the file order") {
  TempDir dir;
  auto store = open_store(dir);
  Content c = small_content();
  // Grandchild, child, parent: the reverse of the order the store needs.
  c.units.insert(c.units.begin(), {{"xa", "Xã", "Xã", "commune", "huyen"},
                                   {"huyen", "Huyện", "Huyện", "district", "tinh"}});
  auto stats = import_content(*store, c);
  REQUIRE_MESSAGE(stats.is_ok(), stats.status().message());
  CHECK(stats->units == 3);
  CHECK(cell(*store, "units", "xa", "ordinal") == Value(std::int64_t{1}));
  CHECK(cell(*store, "units", "tinh", "ordinal") == Value(std::int64_t{3}));
  CHECK(cell(*store, "units", "xa", "parent_id") == Value(std::string("huyen")));
}

TEST_CASE("a parent cycle is refused, not looped on") {
  TempDir dir;
  auto store = open_store(dir);
  Content c = small_content();
  c.units.push_back({"a", "A", "A", "group", "b"});
  c.units.push_back({"b", "B", "B", "group", "a"});
  auto result = import_content(*store, c);
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.status().message().find("own ancestor") != std::string::npos);
  CHECK(count(*store, "units") == 0);
}

}  // namespace
}  // namespace thidua
