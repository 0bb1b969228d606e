// Công việc: the list by quarter and the report form's validation.
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kTask = "/cong-viec/2021-q1-01";

std::string report_form(const std::string& status, const std::string& percent,
                        const std::string& note, const std::string& action = "luu") {
  return "trang-thai=" + form_encode(status) + "&phan-tram=" + form_encode(percent) +
         "&ghi-chu=" + form_encode(note) + "&hanh-dong=" + action;
}

}  // namespace

TEST_CASE("the task list shows the year's tasks by quarter, own first, with this unit's report") {
  AppFixture a;
  REQUIRE(a.store
              ->write("tasks", {{"id", std::string("2021-q1-02")},
                                {"plan_id", std::string("2021")},
                                {"quarter", std::int64_t{1}},
                                {"ordinal", std::int64_t{2}},
                                {"content", std::string("Nhiệm vụ của Đồng Văn")}})
              .is_ok());
  REQUIRE(a.store
              ->write("task_units", {{"id", std::string("x")},
                                     {"task_id", std::string("2021-q1-02")},
                                     {"unit_id", std::string("dong-van")},
                                     {"role", std::string("responsible")}})
              .is_ok());
  REQUIRE(
      report_progress(*a.store, {"2021-q1-01", "blocked", 20, std::nullopt, "2021-04-02"}).is_ok());
  auto r = a.get("/cong-viec?nam=2021");
  CHECK(r.status == 200);
  CHECK(contains(r.body, "Công việc năm 2021"));
  CHECK(contains(r.body, "Quý 1"));
  const auto own = r.body.find("Nhiệm vụ của Đồng Văn");
  const auto other = r.body.find("Triển khai");
  REQUIRE(own != std::string::npos);
  REQUIRE(other != std::string::npos);
  CHECK(own < other);
  CHECK(contains(r.body, "Đơn vị chủ trì"));
  CHECK(contains(r.body, "vướng mắc</span>, 20 %, báo cáo ngày 02/04/2021"));
  CHECK(contains(r.body, "chưa báo cáo"));
  CHECK(contains(r.body, "href=\"/cong-viec/2021-q1-01\""));
  CHECK(a.get("/cong-viec").status == 200);  // the newest plan when this year has none
  CHECK(contains(a.get("/cong-viec?nam=2030").body, "Chưa có kế hoạch"));
  CHECK(a.get("/cong-viec?nam=abc").status == 400);
}

TEST_CASE("a good report is written and the form shows it after a redirect") {
  AppFixture a;
  auto r = a.post(kTask, report_form("in_progress", " 60 ", "Đã triển khai ở 19 xã"));
  CHECK(r.status == 303);
  CHECK(r.header("Location") == kTask + "?da-luu=1");
  Row row = get_row(*a.store, "progress", "2021-q1-01:dong-van");
  CHECK(text(row, "status") == "in_progress");
  CHECK(row["percent"] == Value{std::int64_t{60}});
  CHECK(text(row, "note_md") == "Đã triển khai ở 19 xã");
  auto form = a.get(kTask + "?da-luu=1");
  CHECK(form.status == 200);
  CHECK(contains(form.body, "Đã lưu báo cáo trên máy"));
  CHECK(contains(form.body, "<option value=\"in_progress\" selected>đang thực hiện</option>"));
  CHECK(contains(form.body, "value=\"60\""));
  CHECK(contains(form.body, ">Đã triển khai ở 19 xã</textarea>"));
  CHECK(contains(form.body, "<label for=\"phan-tram\">"));
  CHECK(contains(form.body, "<label for=\"ghi-chu\">"));
  CHECK(contains(form.body, "<label for=\"trang-thai\">"));
}

TEST_CASE(
    "a report that makes no sense is refused next to its field, the input kept, nothing written") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  struct Case {
    std::string status, percent, field, message;
  };
  const Case cases[] = {
      {"done", "80", "phan-tram", "Đã chọn “hoàn thành” thì tỷ lệ phải là 100."},
      {"in_progress", "101", "phan-tram", "Nhập tỷ lệ từ 0 đến 100."},
      {"in_progress", "-1", "phan-tram", "Nhập tỷ lệ từ 0 đến 100."},
      {"in_progress", "12.5", "phan-tram", "Tỷ lệ phải là một số nguyên từ 0 đến 100"},
      {"in_progress", "50%", "phan-tram", "Tỷ lệ phải là một số nguyên từ 0 đến 100"},
      {"in_progress", "", "phan-tram", "Nhập tỷ lệ hoàn thành"},
      {"finished", "50", "trang-thai", "Chọn một trạng thái trong danh sách."},
      {"", "50", "trang-thai", "Chọn một trạng thái trong danh sách."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.status);
    CAPTURE(c.percent);
    auto r = a.post(kTask, report_form(c.status, c.percent, "ghi chú của tôi"));
    CHECK(r.status == 400);
    CHECK(contains(r.body,
                   "<a href=\"#" + c.field + "\">" + c.message));  // the summary links to the field
    CHECK(contains(r.body, "class=\"error-message\" id=\"" + c.field + "-loi\">" + c.message));
    CHECK(contains(r.body, ">ghi chú của tôi</textarea>"));  // the clerk's input kept
    if (c.field == "phan-tram") CHECK(contains(r.body, "value=\"" + c.percent + "\""));
  }
  auto missing = a.post(kTask, "hanh-dong=luu");  // no field at all
  CHECK(missing.status == 400);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("an unknown task is a Vietnamese 404 and nothing is written") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  auto page = a.get("/cong-viec/2021-q9-09");
  CHECK(page.status == 404);
  CHECK(contains(page.body, "Không tìm thấy nhiệm vụ"));
  auto post = a.post("/cong-viec/2021-q9-09", report_form("done", "100", ""));
  CHECK(post.status == 404);
  CHECK(a.get("/cong-viec/a/b").status == 404);
  CHECK(a.get("/cong-viec/%ZZ").status == 404);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("Xem trước renders the note with the site's Markdown and writes nothing") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  auto r = a.post(kTask, report_form("done", "40", "Đã **họp** ở xã\n\n* một\n* hai", "xem-truoc"));
  CHECK(r.status == 200);
  CHECK(contains(r.body, "<strong>họp</strong>"));
  CHECK(contains(r.body, "<li>một</li>"));
  CHECK_FALSE(contains(r.body, "error-message"));  // a preview checks nothing yet
  auto live = a.post("/xem-truoc", "ghi-chu=" + form_encode("*nghiêng*"));
  CHECK(live.status == 200);
  CHECK(live.body == "<p><em>nghiêng</em></p>\n");
  CHECK(snapshot(*a.store) == before);
}
