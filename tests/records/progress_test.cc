// Progress reports: one row per task and unit, validated, captured.
#include "tests/records/fixture.h"

#include "common/vietnam_time.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("a report creates the task's row for this unit and captures it") {
  StoreFixture f;
  auto s = open_node(f);
  const auto before = last_seq(*s);
  auto id =
      report_progress(*s, {"2021-q1-01", "in_progress", 40, "Đã họp triển khai", "2021-04-02"});
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  CHECK(*id == "2021-q1-01:dong-van");
  Row row = get_row(*s, "progress", *id);
  CHECK(text(row, "task_id") == "2021-q1-01");
  CHECK(text(row, "unit_id") == "dong-van");
  CHECK(text(row, "status") == "in_progress");
  CHECK(row["percent"] == Value{std::int64_t{40}});
  CHECK(text(row, "note_md") == "Đã họp triển khai");
  CHECK(text(row, "reported_on") == "2021-04-02");
  CHECK(outbox_entries(*s, "progress", before) >= 6);  // _row and five columns
}

TEST_CASE("a second report updates the same row in place") {
  StoreFixture f;
  auto s = open_node(f);
  REQUIRE(report_progress(*s, {"2021-q1-01", "in_progress", 40, "ghi chú", ""}).is_ok());
  const auto before = last_seq(*s);
  // (Issue 13: "done" at 40 % is refused now, so the status that changes
  // alone is "blocked".)
  auto id = report_progress(*s, {"2021-q1-01", "blocked", std::nullopt, std::nullopt, ""});
  REQUIRE(id.is_ok());
  CHECK(*s->count("progress") == 1);
  Row row = get_row(*s, "progress", *id);
  CHECK(text(row, "status") == "blocked");
  CHECK(row["percent"] == Value{std::int64_t{40}});  // absent keeps the value
  CHECK(text(row, "note_md") == "ghi chú");
  CHECK(text(row, "reported_on") == vietnam_today());  // Vietnam's date: see vietnam_time_test.cc
  CHECK(outbox_entries(*s, "progress", before) == 1);  // only status changed today
}

TEST_CASE("refused reports name the problem and write nothing") {
  StoreFixture f;
  auto s = open_node(f);
  const Snapshot before = snapshot(*s);

  auto unknown = report_progress(*s, {"2021-q9-01", "done", std::nullopt, std::nullopt, ""});
  CHECK(unknown.status().code() == Status::Code::kNotFound);
  CHECK(unknown.status().message() == "không có nhiệm vụ 2021-q9-01");

  auto status = report_progress(*s, {"2021-q1-01", "finished", std::nullopt, std::nullopt, ""});
  CHECK(status.status().code() == Status::Code::kInvalid);
  CHECK(contains(status.status().message(),
                 "trạng thái phải là một trong: not_started, in_progress, done, blocked"));
  CHECK(contains(status.status().message(), "finished"));

  for (std::int64_t bad : {-1, 101, 1000}) {
    auto percent = report_progress(*s, {"2021-q1-01", "done", bad, std::nullopt, ""});
    CHECK(percent.status().code() == Status::Code::kInvalid);
    CHECK(contains(percent.status().message(), "từ 0 đến 100"));
  }
  auto note = report_progress(*s, {"2021-q1-01", "done", 100, std::string("\xC3\x28"), ""});
  CHECK(note.status().code() == Status::Code::kInvalid);
  CHECK(contains(note.status().message(), "UTF-8"));

  CHECK(snapshot(*s) == before);
}

// Issue 13: a task reported done at 60 % counted as done on the public site.
TEST_CASE("done below 100 percent is refused, given or kept from before, and writes nothing") {
  StoreFixture f;
  auto s = open_node(f);
  REQUIRE(report_progress(*s, {"2021-q1-01", "in_progress", 60, std::string("ghi chú"), ""}).is_ok());
  const Snapshot before = snapshot(*s);
  for (std::optional<std::int64_t> percent : {std::optional<std::int64_t>(99), std::optional<std::int64_t>()}) {
    auto r = report_progress(*s, {"2021-q1-01", "done", percent, std::nullopt, ""});
    CHECK(r.status().code() == Status::Code::kInvalid);
    CHECK(contains(r.status().message(), "tỷ lệ hoàn thành phải là 100"));
    CHECK(contains(r.status().message(), percent ? "99%" : "60%"));
  }
  CHECK(snapshot(*s) == before);
  CHECK(report_progress(*s, {"2021-q1-01", "done", 100, std::nullopt, ""}).is_ok());
  // A row that never had a percent says nothing below 100.
  auto other = open_node(f, "meo-vac", "district", "other.db");
  CHECK(report_progress(*other, {"2021-q1-01", "done", std::nullopt, std::nullopt, ""}).is_ok());
}

// Issue 13: notes reach the public site only once the province reviewed them.
TEST_CASE("the province publishes a unit's note as written or corrected; a later edit stays unpublished") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  const std::string id = "2021-q1-01:dong-van";
  REQUIRE(s->write("progress", {{"id", id}, {"task_id", std::string("2021-q1-01")},
                                {"unit_id", std::string("dong-van")}, {"status", std::string("in_progress")},
                                {"note_md", std::string("Đã họp")}}).is_ok());
  CHECK(is_null(get_row(*s, "progress", id)["public_note_md"]));
  REQUIRE(publish_progress_note(*s, id, std::nullopt).is_ok());
  CHECK(text(get_row(*s, "progress", id), "public_note_md") == "Đã họp");
  // The unit edits its note: the public text stays until published again.
  REQUIRE(s->write("progress", {{"id", id}, {"note_md", std::string("Đã họp, sai số liệu")}}).is_ok());
  CHECK(text(get_row(*s, "progress", id), "public_note_md") == "Đã họp");
  REQUIRE(publish_progress_note(*s, id, std::string("Đã họp triển khai ở 19 xã")).is_ok());
  CHECK(text(get_row(*s, "progress", id), "public_note_md") == "Đã họp triển khai ở 19 xã");
  CHECK(text(get_row(*s, "progress", id), "note_md") == "Đã họp, sai số liệu");

  auto missing = publish_progress_note(*s, "2021-q1-01:meo-vac", std::nullopt);
  CHECK(missing.code() == Status::Code::kNotFound);
  CHECK(contains(missing.message(), "2021-q1-01:meo-vac"));
  auto bad = publish_progress_note(*s, id, std::string("\xC3\x28"));
  CHECK(bad.code() == Status::Code::kInvalid);
  REQUIRE(s->write("progress", {{"id", std::string("2021-q1-01:meo-vac")}, {"task_id", std::string("2021-q1-01")},
                                {"unit_id", std::string("meo-vac")}, {"status", std::string("in_progress")}}).is_ok());
  const Snapshot with_row = snapshot(*s);
  auto empty = publish_progress_note(*s, "2021-q1-01:meo-vac", std::nullopt);
  CHECK(empty.code() == Status::Code::kInvalid);
  CHECK(contains(empty.message(), "chưa có ghi chú"));
  CHECK(snapshot(*s) == with_row);

  auto district = open_node(f, "dong-van", "district", "district.db");
  auto refused = publish_progress_note(*district, id, std::string("x"));
  CHECK(refused.code() == Status::Code::kInvalid);
  CHECK(contains(refused.message(), "chỉ cấp tỉnh"));
}

TEST_CASE("every percent from 0 to 100 and every status is accepted") {
  StoreFixture f;
  auto s = open_node(f);
  for (const char* status : kProgressStatuses) {
    if (std::string(status) != "done")  // done below 100: refused (above)
      CHECK(report_progress(*s, {"2021-q1-01", status, 0, std::nullopt, ""}).is_ok());
    CHECK(report_progress(*s, {"2021-q1-01", status, 100, std::nullopt, ""}).is_ok());
  }
}

TEST_CASE("a database that is not a node is told to run node init") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto r = report_progress(*s, {"2021-q1-01", "done", std::nullopt, std::nullopt, ""});
  CHECK(r.status().code() == Status::Code::kNotFound);
  CHECK(contains(r.status().message(), "thidua node init"));
}

TEST_CASE("a node whose unit has not arrived yet is told to sync") {
  StoreFixture f;
  auto s = open_node(f, "yen-minh");
  auto r = report_progress(*s, {"2021-q1-01", "done", std::nullopt, std::nullopt, ""});
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK(contains(r.status().message(), "yen-minh"));
  CHECK(*s->count("progress") == 0);
}

TEST_CASE("vietnam_today and new_row_id have their documented shapes") {
  const std::string today = vietnam_today();
  REQUIRE(today.size() == 10);
  CHECK(today[4] == '-');
  CHECK(today[7] == '-');
  CHECK(today.substr(0, 2) == "20");
  const std::string a = new_row_id(), b = new_row_id();
  CHECK(a.size() == 32);
  CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(a != b);
}
