// Báo cáo (issue 13 §4): the province's draft reports in the office web app,
// made from the node's own copy through report/.
#include <filesystem>

#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kAsked = "loai=so-ket-6-thang&nam=2021";

// The app reopened with `pandoc` as the program for .docx.
void reopen_with_pandoc(AppFixture& a, const std::string& pandoc) {
  a.app.reset();
  webapp::AppOptions o;
  o.db_path = a.f.dir.file("node.db");
  o.sync_connect_timeout_s = 1;
  o.sync_max_attempts = 1;
  o.pandoc = pandoc;
  auto opened = webapp::App::open(o);
  REQUIRE_MESSAGE(opened.is_ok(), opened.status().message());
  a.app = std::move(*opened);
  a.cookie.clear();
}

}  // namespace

TEST_CASE("Báo cáo is the province's: a district has no nav entry and gets the 403 page") {
  AppFixture a;
  CHECK_FALSE(contains(a.get("/").body, "href=\"/bao-cao\""));
  for (const std::string& target :
       {std::string("/bao-cao"), "/bao-cao/xem?" + kAsked, "/bao-cao/tai?" + kAsked + "&dang=xlsx",
        std::string("/bao-cao/bao-cao.css")}) {
    CAPTURE(target);
    auto r = a.get(target);
    CHECK(r.status == 403);
    CHECK(contains(r.body, "Chỉ cấp tỉnh dùng được trang này"));
  }
}

TEST_CASE("Báo cáo: the form, then the report's figures and its three links") {
  AppFixture a("ubnd-tinh", "province");
  auto home = a.get("/");
  const auto progress = home.body.find("href=\"/tien-do\"");
  const auto report = home.body.find("href=\"/bao-cao\"");
  REQUIRE(progress != std::string::npos);
  CHECK(report > progress);  // after Tiến độ
  auto form = a.get("/bao-cao");
  CHECK(form.status == 200);
  CHECK(contains(form.body, "href=\"/bao-cao\" aria-current=\"page\""));
  CHECK(contains(form.body, "<form method=\"get\" action=\"/bao-cao\""));
  CHECK(contains(form.body,
                 "<option value=\"so-ket-6-thang\" selected>Sơ kết 6 tháng đầu năm</option>"));
  CHECK(contains(form.body, "<option value=\"tong-ket-nam\">Tổng kết năm</option>"));
  CHECK(contains(form.body, "<option value=\"2021\" selected>2021</option>"));
  CHECK_FALSE(contains(form.body, "/bao-cao/xem"));  // nothing asked yet

  auto picked = a.get("/bao-cao?loai=bao-cao-9-thang&nam=2021");
  CHECK(picked.status == 200);
  CHECK(contains(picked.body, "<option value=\"bao-cao-9-thang\" selected>"));
  CHECK(contains(picked.body, "Báo cáo 9 tháng năm 2021"));
  CHECK(contains(picked.body, "nhiệm vụ ("));
  CHECK(contains(picked.body, "href=\"/bao-cao/xem?loai=bao-cao-9-thang&amp;nam=2021\""));
  CHECK(contains(picked.body,
                 "href=\"/bao-cao/tai?loai=bao-cao-9-thang&amp;nam=2021&amp;dang=xlsx\""));
}

TEST_CASE("Báo cáo: the report is its own document under the app's CSP, its stylesheet linked") {
  AppFixture a("ubnd-tinh", "province");
  auto r = a.get("/bao-cao/xem?" + kAsked);
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(contains(r.header("Content-Security-Policy"), "style-src 'self'"));
  CHECK(r.header("X-Frame-Options") == "DENY");
  CHECK(r.body.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(r.body, "<link rel=\"stylesheet\" href=\"/bao-cao/bao-cao.css\">"));
  CHECK_FALSE(contains(r.body, "<style"));
  CHECK(contains(r.body, "DỰ THẢO"));
  CHECK(contains(r.body, "6 tháng đầu năm 2021"));
  CHECK_FALSE(contains(r.body, "/static/app.css"));  // not inside the app's layout

  auto css = a.get("/bao-cao/bao-cao.css");
  CHECK(css.status == 200);
  CHECK(css.header("Content-Type") == "text/css; charset=utf-8");
  CHECK(contains(css.body, "@page { size: A4;"));
}

TEST_CASE(
    "Báo cáo: .xlsx and .docx as attachments; without pandoc a sentence saying what to install") {
  AppFixture a("ubnd-tinh", "province");
  auto xlsx = a.get("/bao-cao/tai?" + kAsked + "&dang=xlsx");
  CHECK(xlsx.status == 200);
  CHECK(xlsx.body.rfind("PK", 0) == 0);
  CHECK(xlsx.header("Content-Type") ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(xlsx.header("Content-Disposition") ==
        "attachment; filename=\"bao-cao-so-ket-6-thang-2021.xlsx\"");
  CHECK(xlsx.header("X-Content-Type-Options") == "nosniff");

  // A pandoc that is not there: the page says what to install.
  const std::string fake = a.f.dir.file("pandoc");
  reopen_with_pandoc(a, fake);
  auto without = a.get("/bao-cao?" + kAsked);
  CHECK(without.status == 200);
  CHECK_FALSE(contains(without.body, "dang=docx"));
  CHECK(contains(without.body, "sudo apt install pandoc"));
  auto refused = a.get("/bao-cao/tai?" + kAsked + "&dang=docx");
  CHECK(refused.status == 404);
  CHECK(contains(refused.body, "sudo apt install pandoc"));

  if (std::filesystem::exists("/usr/bin/pandoc")) {
    reopen_with_pandoc(a, "pandoc");
    auto with = a.get("/bao-cao?" + kAsked);
    CHECK(contains(with.body,
                   "href=\"/bao-cao/tai?loai=so-ket-6-thang&amp;nam=2021&amp;dang=docx\""));
    auto docx = a.get("/bao-cao/tai?" + kAsked + "&dang=docx");
    CHECK(docx.status == 200);
    CHECK(docx.body.rfind("PK", 0) == 0);
    CHECK(docx.header("Content-Disposition") ==
          "attachment; filename=\"bao-cao-so-ket-6-thang-2021.docx\"");
  }
}

TEST_CASE("Báo cáo: a bad kind or year is said beside its field, the other choice kept") {
  AppFixture a("ubnd-tinh", "province");
  auto kind = a.get("/bao-cao?loai=bao-cao-quy&nam=2021");
  CHECK(kind.status == 400);
  CHECK(contains(kind.body, "<p class=\"error-message\" id=\"loai-loi\">Chọn loại báo cáo"));
  CHECK(contains(kind.body, "href=\"#loai\""));
  CHECK(contains(kind.body, "<option value=\"2021\" selected>"));
  CHECK_FALSE(contains(kind.body, "/bao-cao/xem"));
  auto year = a.get("/bao-cao?loai=tong-ket-nam&nam=hai-nghin");
  CHECK(year.status == 400);
  CHECK(contains(year.body, "id=\"nam-loi\">Chọn năm của kế hoạch"));
  CHECK(contains(year.body, "<option value=\"tong-ket-nam\" selected>"));
  auto none = a.get("/bao-cao?loai=tong-ket-nam&nam=2030");
  CHECK(none.status == 404);
  CHECK(contains(none.body, "Máy chưa có kế hoạch năm 2030"));
  // The document and file addresses answer a bad pick with the form.
  CHECK(a.get("/bao-cao/xem?loai=x&nam=2021").status == 400);
  CHECK(a.get("/bao-cao/xem").status == 200);  // nothing asked: the form
  CHECK(a.get("/bao-cao/tai?" + kAsked + "&dang=pdf").status == 404);
  CHECK(a.get("/bao-cao/tai?loai=so-ket-6-thang&nam=2030&dang=xlsx").status == 404);
  CHECK(a.get("/bao-cao/khac").status == 404);
  auto post = a.post("/bao-cao", kAsked);
  CHECK(post.status == 405);
  CHECK(post.header("Allow") == "GET");
}
