// Issue 13 on the public site: the commendation record shows decided
// commendations only, each with what its decision makes public; progress
// notes appear only as the province published them.
#include <regex>

#include "tests/sitegen/site_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// Every page's text joined, for "appears nowhere" checks.
std::string everything(const std::string& root) {
  std::string all;
  for (const auto& [path, bytes] : read_tree(root)) all += path + "\n" + bytes + "\n";
  return all;
}

}  // namespace

TEST_CASE(
    "the record lists decided commendations by year, session and level, each with its decision") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  auto files = read_tree(f.out);
  const std::string& index = files["khen-thuong/index.html"];
  CHECK(contains(index, "<a href=\"../khen-thuong/2021/\">Năm 2021</a>"));
  CHECK(contains(index, "3 khen thưởng: 1 cấp tỉnh, 1 cấp Nhà nước, 1 chưa rõ cấp."));
  const std::string& year = files["khen-thuong/2021/index.html"];
  CHECK(contains(year, "Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh quý II/2021"));
  CHECK(contains(year, "Họp ngày 25/06/2021 tại Hội trường UBND tỉnh"));
  CHECK(contains(year, "<h3>Cấp tỉnh</h3>"));
  CHECK(contains(year, "<h3>Cấp Nhà nước</h3>"));
  CHECK(contains(year, "Bằng khen của Chủ tịch UBND tỉnh"));
  CHECK(contains(year, "Số 789/QĐ-TTg, ngày 10/07/2021"));
  CHECK(contains(year, "Thủ tướng Chính phủ"));
  CHECK(contains(year, "(Doanh nhân)"));
  // A row from before sessions were records: its free text as written.
  CHECK(contains(year, "<h2 id=\"phien-2021-06\">2021-06</h2>"));
  CHECK_FALSE(contains(year, "Phiên họp Phiên họp"));
  // Each commendation's page: the decision's facts, nothing of the dossier.
  const std::string& page = files["khen-thuong/2021/giang-thi-mai/index.html"];
  CHECK(contains(page, "<h1>Giàng Thị Mai</h1>"));
  CHECK(contains(page, "Cờ thi đua của Chính phủ"));
  CHECK(contains(page, "Số 789/QĐ-TTg, ngày 10/07/2021"));
  CHECK(contains(page, "Thủ tướng Chính phủ"));
  CHECK(contains(page, "href=\"../../../don-vi/dong-van/\""));
  CHECK_FALSE(contains(page, "Đề nghị của huyện"));  // the district's own award text
  CHECK(contains(files["don-vi/dong-van/index.html"],
                 "href=\"../../khen-thuong/2021/giang-thi-mai/\""));
  for (const auto& [path, bytes] : files) {
    CAPTURE(path);
    CHECK_FALSE(contains(bytes, kDraftMarker));  // achievement, appraisal, review note
    CHECK_FALSE(contains(bytes, "2021-06-01"));  // appraised_on
  }
}

TEST_CASE("undecided, rejected and not yet conferred nominations appear nowhere") {
  SiteFixture f;
  {
    auto s = f.open();
    // Province-level approved without a decision; rejected with one; a
    // state-level award approved with a number but not forwarded; forwarded
    // with no result; forwarded and declined; appraised.
    auto no_decision = SiteFixture::nomination("u1", "dong-van", "Chưa có quyết định X1",
                                               "individual", "bang-khen-tinh", "approved");
    auto rejected = SiteFixture::nomination("u2", "dong-van", "Bị trả lại X2", "individual",
                                            "bang-khen-tinh", "rejected");
    rejected["decision_no"] = std::string("QĐ-CHUA-1");
    auto state_approved = SiteFixture::nomination("u3", "dong-van", "Chưa chuyển X3", "collective",
                                                  "co-thi-dua-cp", "approved");
    state_approved["decision_no"] = std::string("QĐ-CHUA-2");
    auto forwarded = SiteFixture::nomination("u4", "meo-vac", "Đang chờ Trung ương X4",
                                             "collective", "co-thi-dua-cp", "forwarded");
    forwarded["decision_no"] = std::string("QĐ-CHUA-3");
    auto declined = SiteFixture::nomination("u5", "meo-vac", "Trung ương không đồng ý X5",
                                            "collective", "co-thi-dua-cp", "forwarded");
    declined["centre_result"] = std::string("declined");
    declined["decision_no"] = std::string("QĐ-CHUA-4");
    auto appraised = SiteFixture::nomination("u6", "meo-vac", "Đã thẩm định X6", "individual",
                                             "bang-khen-tinh", "appraised");
    appraised["session_id"] = std::string("2021-q2");
    for (const auto& row : {no_decision, rejected, state_approved, forwarded, declined, appraised})
      REQUIRE(s->write("nominations", row).is_ok());
  }
  REQUIRE(f.build().is_ok());
  const std::string all = everything(f.out);
  for (const char* marker :
       {"X1", "X2", "X3", "X4", "X5", "X6", "QĐ-CHUA-1", "QĐ-CHUA-2", "QĐ-CHUA-3", "QĐ-CHUA-4"}) {
    CAPTURE(marker);
    CHECK_FALSE(contains(all, marker));
  }
  CHECK(contains(read_tree(f.out)["khen-thuong/index.html"],
                 "3 khen thưởng: 1 cấp tỉnh, 1 cấp Nhà nước, 1 chưa rõ cấp."));
}

TEST_CASE("a progress note is public only as the province published it") {
  SiteFixture f;
  {
    auto s = f.open();
    // Mèo Vạc's note, never reviewed; Đồng Văn edits its note after the
    // province published it.
    f.report(*s, "2021-q1-01:meo-vac", "in_progress", 50, "Chưa duyệt ghi chú MV", 3);
    f.report(*s, "2021-q1-01:dong-van", "done", 100, "Sửa sau khi công bố DV", 4);
  }
  REQUIRE(f.build().is_ok());
  const std::string task = read_tree(f.out)["nhiem-vu/2021-q1-01/index.html"];
  CHECK(contains(task, "<h4>Huyện Đồng Văn</h4><p>Hoàn thành ở <strong>19 xã</strong>.</p>"));
  const std::string all = everything(f.out);
  for (const char* unpublished :
       {"Chưa duyệt ghi chú MV", "Sửa sau khi công bố DV", "Đã xong", "Đang triển khai"}) {
    CAPTURE(unpublished);
    CHECK_FALSE(contains(all, unpublished));  // neither as a note nor in the history
  }
  CHECK(contains(task, "tiến độ: 40% → 100%"));  // the rest of the history stays
}

TEST_CASE("hostile commendation and note text comes out inert") {
  SiteFixture f;
  {
    auto s = f.open();
    f.award_kind(*s, "xau", "<script>alert('loai')</script>Huy hiệu", "province",
                 "chu-tich-ubnd-tinh", 9);
    REQUIRE(
        s->write("council_sessions", {{"id", std::string("xau")},
                                      {"year", std::int64_t{2021}},
                                      {"quarter", std::int64_t{3}},
                                      {"title", std::string("<img src=x onerror=alert(1)>Phiên")},
                                      {"place", std::string("\"><script>alert(2)</script>")},
                                      {"held_on", std::string("2021-09-20")}})
            .is_ok());
    auto row = SiteFixture::nomination("h1", "dong-van", "<script>alert('ten')</script>Tên",
                                       "individual", "xau", "approved");
    row["session_id"] = std::string("xau");
    row["decision_no"] = std::string("<b onclick=alert(3)>9</b>");
    row["decided_on"] = std::string("2021-09-30");
    REQUIRE(s->write("nominations", row).is_ok());
    REQUIRE(s->write("progress",
                     {{"id", std::string("2021-q1-01:dong-van")},
                      {"public_note_md",
                       std::string("<script>alert(4)</script>\n\n[x](javascript:alert(5))")}})
                .is_ok());
  }
  REQUIRE(f.build().is_ok());
  int seen = 0;
  for (const auto& [path, bytes] : read_tree(f.out)) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    CAPTURE(path);
    std::regex script("<script(?![^>]*src=\"[./]*assets/search\\.)", std::regex::icase);
    CHECK_FALSE(std::regex_search(bytes, script));
    CHECK_FALSE(contains(bytes, "<img src=x"));
    CHECK_FALSE(contains(bytes, "<b onclick"));
    CHECK_FALSE(contains(bytes, "javascript:"));
    seen += contains(bytes, "&lt;script&gt;alert(&apos;ten&apos;)&lt;/script&gt;Tên");
  }
  CHECK(seen >= 2);  // the year's list and the commendation's own page
}
