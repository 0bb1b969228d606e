// Tiến độ: the province's matrix of a quarter and a unit's report on a task.
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

void make_responsible(Store& s, const std::string& task, const std::string& unit) {
  REQUIRE(s.write("task_units", {{"id", task + "/" + unit},
                                 {"task_id", task},
                                 {"unit_id", unit},
                                 {"role", std::string("responsible")}})
              .is_ok());
}

void remote_report(AppFixture& a, const std::string& unit, const std::string& status,
                   std::int64_t percent, const std::string& note) {
  const std::string id = "2021-q1-01:" + unit;
  const Hlc at = hlc_pack(a.f.clock->now_ms, 0);
  const std::string node = "cccccccccccccccc";
  REQUIRE(a.store
              ->apply_remote({{"progress", id, "_row", std::int64_t{1}, at, node, std::nullopt},
                              {"progress", id, "task_id", std::string("2021-q1-01"), at, node,
                               std::nullopt},
                              {"progress", id, "unit_id", unit, at, node, std::nullopt},
                              {"progress", id, "status", status, at, node, std::nullopt},
                              {"progress", id, "percent", percent, at, node, std::nullopt},
                              {"progress", id, "note_md", note, at, node, std::nullopt},
                              {"progress", id, "reported_on", std::string("2021-03-20"), at, node,
                               std::nullopt}})
              .is_ok());
}

}  // namespace

TEST_CASE("the province sees the quarter's tasks against the units named for them") {
  AppFixture a("ubnd-tinh", "province");
  make_responsible(*a.store, "2021-q1-01", "dong-van");
  make_responsible(*a.store, "2021-q1-01", "meo-vac");
  remote_report(a, "dong-van", "in_progress", 60, "Đã họp *ở 19 xã*");
  auto r = a.get("/tien-do?nam=2021&quy=1");
  CHECK(r.status == 200);
  CHECK(contains(r.body, "Tiến độ quý 1 năm 2021"));
  CHECK(contains(r.body, "<abbr title=\"Huyện Đồng Văn\">"));
  CHECK(contains(r.body, "đang thực hiện</span>, 60 %"));
  CHECK(contains(r.body, "chưa báo cáo"));  // meo-vac
  CHECK(contains(r.body, "class=\"badge overdue\">quá hạn"));  // the quarter ended long ago
  CHECK(contains(r.body, "href=\"/tien-do/2021-q1-01/dong-van\""));
  CHECK(contains(r.body, "href=\"/tien-do/2021-q1-01/meo-vac\""));
  CHECK(contains(r.body, "href=\"/tien-do?nam=2021&amp;quy=2\""));
  CHECK(contains(r.body, "class=\"table-scroll\""));
  CHECK(contains(r.body, "href=\"/tien-do\" aria-current=\"page\""));
  CHECK(contains(a.get("/tien-do?nam=2021&quy=2").body, "Quý này không có nhiệm vụ"));
  CHECK(a.get("/tien-do").status == 200);  // the newest plan, the current quarter

  auto history = a.get("/tien-do/2021-q1-01/dong-van");
  CHECK(history.status == 200);
  CHECK(contains(history.body, "Báo cáo của Huyện Đồng Văn"));
  CHECK(contains(history.body, "20/03/2021"));
  CHECK(contains(history.body, "<em>ở 19 xã</em>"));
  CHECK(contains(history.body, "chỉ giữ báo cáo mới nhất"));
  CHECK(contains(history.body, "href=\"/tien-do?nam=2021&amp;quy=1\""));
  CHECK(contains(a.get("/tien-do/2021-q1-01/meo-vac").body, "Chưa báo cáo"));
}

TEST_CASE("Tiến độ refuses a district, bad query values and unknown cells") {
  AppFixture district;
  CHECK_FALSE(contains(district.get("/").body, "href=\"/tien-do\""));  // not in its menu
  auto refused = district.get("/tien-do");
  CHECK(refused.status == 403);
  CHECK(contains(refused.body, "Chỉ cấp tỉnh dùng được trang này"));
  CHECK(district.get("/tien-do/2021-q1-01/dong-van").status == 403);

  AppFixture a("ubnd-tinh", "province");
  CHECK(contains(a.get("/").body, "href=\"/tien-do\""));
  for (const char* q : {"nam=abc", "nam=20211", "nam=", "quy=0", "quy=5", "quy=1.5", "quy=%FF",
                        "nam=2021&quy=-1", "nam=2021&nam=2022"}) {
    CAPTURE(q);
    CHECK(a.get(std::string("/tien-do?") + q).status == 400);
  }
  CHECK(a.get("/tien-do/khong-co/dong-van").status == 404);
  CHECK(a.get("/tien-do/2021-q1-01/khong-co").status == 404);
  CHECK(a.get("/tien-do/2021-q1-01").status == 404);
  CHECK(a.get("/tien-do/2021-q1-01/dong-van/x").status == 404);
  CHECK(a.get("/tien-do/%FF/dong-van").status == 404);
  CHECK(a.post("/tien-do", "").status == 405);
}

// Issue 13: a note reaches the public site only once the province published it.
TEST_CASE("the province publishes a unit's note from its report, as written or corrected") {
  AppFixture a("ubnd-tinh", "province");
  remote_report(a, "dong-van", "in_progress", 60, "Đã họp ở 19 xã");
  auto before = a.get("/tien-do/2021-q1-01/dong-van");
  CHECK(contains(before.body, "Chưa công bố"));
  CHECK(contains(before.body, "<form method=\"post\" action=\"/tien-do/2021-q1-01/dong-van\">"));
  CHECK(contains(before.body, ">Đã họp ở 19 xã</textarea>"));  // the unit's text to start from
  CHECK(contains(before.body, "<label for=\"cong-bo\">Nội dung công bố</label>"));

  auto posted = a.post("/tien-do/2021-q1-01/dong-van", "cong-bo=" + form_encode("Đã họp ở **19 xã**."));
  CHECK(posted.status == 303);
  CHECK(posted.header("Location") == "/tien-do/2021-q1-01/dong-van?da-cong-bo=1");
  auto row = a.store->get("progress", "2021-q1-01:dong-van");
  REQUIRE((row.is_ok() && *row));
  CHECK(as_text(**row, "public_note_md") == "Đã họp ở **19 xã**.");
  CHECK(as_text(**row, "note_md") == "Đã họp ở 19 xã");
  auto after = a.get("/tien-do/2021-q1-01/dong-van?da-cong-bo=1");
  CHECK(contains(after.body, "Đã công bố ghi chú"));
  CHECK(contains(after.body, "<strong>19 xã</strong>"));
  CHECK(contains(after.body, "Đơn vị đã sửa ghi chú sau lần công bố"));  // differs from the unit's

  // No report yet: refused in words, nothing written; a district may not.
  auto none = a.post("/tien-do/2021-q1-01/meo-vac", "cong-bo=x");
  CHECK(none.status == 404);
  CHECK(contains(none.body, "Chưa công bố: không có báo cáo tiến độ 2021-q1-01:meo-vac"));
  CHECK(a.post("/tien-do/2021-q1-01/dong-van", "cong-bo=x", false).status == 403);  // no CSRF token
  AppFixture district;
  CHECK(district.post("/tien-do/2021-q1-01/dong-van", "cong-bo=x").status == 403);
}
