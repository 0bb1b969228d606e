// Đề nghị khen thưởng: the list with its badges and the province's note,
// the form's validation, edit and resubmit, and what is refused.
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::string nom_form(const std::string& nominee, const std::string& kind, const std::string& award,
                     const std::string& achievement, const std::string& action = "luu") {
  return "nominee=" + form_encode(nominee) + "&nominee_kind=" + form_encode(kind) +
         "&award=" + form_encode(award) + "&achievement=" + form_encode(achievement) +
         "&hanh-dong=" + action;
}

std::string add(AppFixture& a, const std::string& nominee = "Chị Lò Thị Mai") {
  auto id = nominate(*a.store, {nominee, "individual", "Bằng khen của Chủ tịch UBND tỉnh",
                                "Mười năm dạy chữ ở Sủng Là."});
  REQUIRE(id.is_ok());
  return *id;
}

// The province's decision, as a sync brings it to this copy.
void decide(AppFixture& a, const std::string& id, const std::string& status,
            const std::string& note = "") {
  Row row{{"id", id}, {"status", status}, {"decided_on", std::string("2021-06-30")}};
  if (!note.empty()) row["review_note"] = note;
  REQUIRE(a.store->write("nominations", row).is_ok());
}

std::string other_units(AppFixture& a) {
  const std::string id = "0123456789abcdef0123456789abcdef";
  REQUIRE(a.store
              ->write("nominations", {{"id", id},
                                      {"unit_id", std::string("meo-vac")},
                                      {"nominee", std::string("Hồ sơ của Mèo Vạc")},
                                      {"status", std::string("rejected")}})
              .is_ok());
  return id;
}

}  // namespace

TEST_CASE(
    "the list shows the unit's nominations newest first, with badges and the province's note in "
    "full") {
  AppFixture a;
  auto empty = a.get("/de-nghi");
  CHECK(empty.status == 200);
  CHECK(contains(empty.body, "chưa có hồ sơ đề nghị khen thưởng nào"));
  CHECK(contains(empty.body, "<a href=\"/de-nghi\" aria-current=\"page\">Đề nghị khen thưởng</a>"));
  CHECK(contains(empty.body, "href=\"/de-nghi/moi\">Đề nghị mới</a>"));

  const std::string first = add(a, "Người thứ nhất"), second = add(a, "Người thứ hai"),
                    third = add(a, "Người thứ ba"), fourth = add(a, "Người thứ tư");
  decide(a, first, "rejected", "Bổ sung số liệu năm 2020.\nGửi lại trước 30/6.");
  decide(a, second, "appraised");
  decide(a, third, "approved");
  other_units(a);
  auto r = a.get("/de-nghi");
  CHECK(r.status == 200);
  const auto p4 = r.body.find("Người thứ tư"), p3 = r.body.find("Người thứ ba"),
             p2 = r.body.find("Người thứ hai"), p1 = r.body.find("Người thứ nhất");
  REQUIRE(p1 != std::string::npos);
  CHECK(p4 < p3);
  CHECK(p3 < p2);
  CHECK(p2 < p1);
  CHECK(contains(
      r.body,
      "<a href=\"/de-nghi/" + fourth +
          "\">Người thứ tư</a> <span class=\"badge status status-submitted\">đã gửi</span>"));
  CHECK(contains(r.body, "status-appraised\">đang thẩm định</span>"));
  CHECK(contains(r.body, "status-approved\">đã duyệt</span>"));
  CHECK(contains(r.body, "status-rejected\">bị trả lại</span>"));
  CHECK(contains(r.body, "Bổ sung số liệu năm 2020.\nGửi lại trước 30/6."));
  CHECK(contains(r.body, "Cá nhân · Bằng khen của Chủ tịch UBND tỉnh · gửi ngày "));
  CHECK(contains(r.body, "cấp tỉnh xét ngày 30/06/2021"));
  CHECK_FALSE(contains(r.body, "Hồ sơ của Mèo Vạc"));
}

// Regression: a field of only no-break (U+00A0) or ideographic (U+3000)
// spaces passed the web app's ASCII-only blank check, and records/ then
// refused it with an error at the top of the page instead of beside the field.
TEST_CASE("a field of only Unicode spaces is blank: its error is beside the field, nothing written") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  for (const std::string spaces : {"\u00a0", "\u3000\u3000", " \u00a0\u3000 "}) {
    CAPTURE(spaces);
    auto nominee = a.post("/de-nghi/moi", nom_form(spaces, "individual", "Bằng khen", "Thành tích"));
    CHECK(nominee.status == 400);
    CHECK(contains(nominee.body, "class=\"error-message\" id=\"nominee-loi\">Nhập họ tên người"));
    CHECK_FALSE(contains(nominee.body, "không được để trống"));
    auto achievement = a.post("/de-nghi/moi", nom_form("Tên", "individual", "Bằng khen", spaces));
    CHECK(achievement.status == 400);
    CHECK(contains(achievement.body,
                   "class=\"error-message\" id=\"achievement-loi\">Tóm tắt thành tích"));
    CHECK_FALSE(contains(achievement.body, "không được để trống"));
  }
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("a new nomination is submitted, then the list (303)") {
  AppFixture a;
  auto form = a.get("/de-nghi/moi");
  CHECK(form.status == 200);
  for (const char* name : {"nominee", "nominee_kind", "award", "achievement"}) {
    CAPTURE(name);
    CHECK(contains(form.body, "<label for=\"" + std::string(name) + "\">"));
    CHECK(contains(form.body, "name=\"" + std::string(name) + "\""));
  }
  CHECK(contains(form.body, "<label for=\"nominee\">Họ tên hoặc tên tập thể</label>"));
  CHECK(contains(form.body, "<label for=\"award\">Hình thức khen thưởng đề nghị</label>"));
  CHECK(contains(form.body, "<option value=\"individual\" selected>Cá nhân</option>"));
  CHECK(contains(form.body, "<option value=\"collective\">Tập thể</option>"));
  CHECK(contains(form.body, ">Gửi đề nghị</button>"));
  CHECK(contains(form.body, "name=\"csrf\" value=\""));

  auto r = a.post("/de-nghi/moi", nom_form("Trường Tiểu học Sủng Là", "collective", "Cờ thi đua",
                                           "Ba năm liền **xuất sắc**."));
  CHECK(r.status == 303);
  CHECK(r.header("Location") == "/de-nghi");
  auto list = unit_nominations(*a.store, "dong-van");
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 1);
  const Nomination& n = list->front();
  CHECK(n.nominee == "Trường Tiểu học Sủng Là");
  CHECK(n.nominee_kind == "collective");
  CHECK(n.award == "Cờ thi đua");
  CHECK(n.achievement_md == "Ba năm liền **xuất sắc**.");
  CHECK(n.status == "submitted");
  CHECK(contains(a.get("/de-nghi").body, "Tập thể · Cờ thi đua"));
}

TEST_CASE(
    "a nomination form that is not complete is refused next to its field, the input kept, nothing "
    "written") {
  AppFixture a;
  const std::string id = add(a);
  const Snapshot before = snapshot(*a.store);
  struct Case {
    std::string nominee, kind, award, achievement, field, message;
  };
  const Case cases[] = {
      {" ", "individual", "Bằng khen", "Thành tích", "nominee",
       "Nhập họ tên người hoặc tên tập thể"},
      // Issue 13: four kinds of nominee; "company" is none of them.
      {"Tên", "company", "Bằng khen", "Thành tích", "nominee_kind",
       "Chọn “Cá nhân”, “Tập thể”, “Doanh nghiệp” hoặc “Doanh nhân”."},
      {"Tên", "", "Bằng khen", "Thành tích", "nominee_kind",
       "Chọn “Cá nhân”, “Tập thể”, “Doanh nghiệp” hoặc “Doanh nhân”."},
      {"Tên", "individual", "", "Thành tích", "award", "Nhập hình thức khen thưởng đề nghị"},
      {"Tên", "individual", "Bằng khen", "\n\n", "achievement", "Tóm tắt thành tích"},
  };
  for (const std::string& target : {std::string("/de-nghi/moi"), "/de-nghi/" + id}) {
    for (const auto& c : cases) {
      CAPTURE(target);
      CAPTURE(c.field);
      auto r = a.post(target, nom_form(c.nominee, c.kind, c.award, c.achievement));
      CHECK(r.status == 400);
      CHECK(contains(r.body, "<a href=\"#" + c.field + "\">" + c.message));
      CHECK(contains(r.body, "class=\"error-message\" id=\"" + c.field + "-loi\">" + c.message));
      CHECK(contains(r.body, "value=\"" + c.nominee + "\""));
      CHECK(contains(r.body, "value=\"" + c.award + "\""));
      CHECK(contains(r.body, ">" + c.achievement + "</textarea>"));
    }
    auto missing = a.post(target, "hanh-dong=luu");  // no field at all
    CHECK(missing.status == 400);
    CHECK(contains(missing.body, "id=\"nominee-loi\""));
  }
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("Xem trước renders the achievement with the site's Markdown and writes nothing") {
  AppFixture a;
  const std::string id = add(a);
  const Snapshot before = snapshot(*a.store);
  for (const std::string& target : {std::string("/de-nghi/moi"), "/de-nghi/" + id}) {
    auto r = a.post(target, nom_form("", "", "", "Dạy **giỏi**\n\n* một\n* hai", "xem-truoc"));
    CHECK(r.status == 200);
    CHECK(contains(r.body, "<strong>giỏi</strong>"));
    CHECK(contains(r.body, "<li>một</li>"));
    CHECK_FALSE(contains(r.body, "error-message"));
  }
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("edit while submitted, then after a rejection: the note shown, saved, resubmitted") {
  AppFixture a;
  const std::string id = add(a), page = "/de-nghi/" + id;
  auto form = a.get(page);
  CHECK(form.status == 200);
  CHECK(contains(form.body, "value=\"Chị Lò Thị Mai\""));
  CHECK(contains(form.body, ">Mười năm dạy chữ ở Sủng Là.</textarea>"));
  CHECK(contains(form.body, ">Lưu</button>"));
  CHECK_FALSE(contains(form.body, "Gửi lại</button>"));  // not rejected

  auto saved = a.post(page, nom_form("Cô Lò Thị Mai", "individual", "Giấy khen", "Mười một năm."));
  CHECK(saved.status == 303);
  CHECK(saved.header("Location") == page + "?da-luu=1");
  CHECK(contains(a.get(page + "?da-luu=1").body, "Đã lưu hồ sơ trên máy"));
  Row row = get_row(*a.store, "nominations", id);
  CHECK(text(row, "nominee") == "Cô Lò Thị Mai");
  CHECK(text(row, "award") == "Giấy khen");
  CHECK(text(row, "status") == "submitted");

  decide(a, id, "rejected", "Thiếu minh chứng.\nBổ sung bảng điểm.");
  form = a.get(page);
  CHECK(contains(form.body, "bị trả lại"));
  CHECK(contains(form.body, "Thiếu minh chứng.\nBổ sung bảng điểm."));
  CHECK(contains(form.body, "<form method=\"post\" action=\"" + page + "/gui\""));
  CHECK(contains(form.body, ">Gửi lại</button>"));
  saved = a.post(
      page, nom_form("Cô Lò Thị Mai", "individual", "Giấy khen", "Mười một năm, có minh chứng."));
  CHECK(saved.status == 303);
  CHECK(text(get_row(*a.store, "nominations", id), "status") == "rejected");

  auto sent = a.post(page + "/gui", "");
  CHECK(sent.status == 303);
  CHECK(sent.header("Location") == "/de-nghi?da-gui-lai=1");
  row = get_row(*a.store, "nominations", id);
  CHECK(text(row, "status") == "submitted");
  CHECK(text(row, "achievement_md") == "Mười một năm, có minh chứng.");
  auto list = a.get("/de-nghi?da-gui-lai=1");
  CHECK(contains(list.body, "Đã gửi lại hồ sơ"));
  CHECK(contains(list.body, "status-submitted\">đã gửi</span>"));

  const Snapshot before = snapshot(*a.store);
  auto again = a.post(page + "/gui", "");  // no longer rejected
  CHECK(again.status == 409);
  CHECK(contains(again.body, "Không có gì được lưu"));
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("a decided nomination is read-only, says why, and refuses a POST") {
  AppFixture a;
  const std::string id = add(a), page = "/de-nghi/" + id;
  for (const char* decided : {"appraised", "approved", "forwarded"}) {
    CAPTURE(decided);
    decide(a, id, decided);
    auto r = a.get(page);
    CHECK(r.status == 200);
    CHECK(contains(r.body, "Cấp tỉnh đã xét hồ sơ này"));
    CHECK(contains(r.body, "nên không sửa được nữa"));
    CHECK(contains(r.body, "<dd>Chị Lò Thị Mai</dd>"));
    CHECK(contains(r.body, "<p>Mười năm dạy chữ ở Sủng Là.</p>"));
    CHECK_FALSE(contains(r.body, "name=\"nominee\""));
    const Snapshot before = snapshot(*a.store);
    auto post = a.post(page, nom_form("Tên mới", "individual", "Bằng khen", "Thành tích"));
    CHECK(post.status == 409);
    CHECK(contains(post.body, "không sửa được nữa"));
    CHECK(a.post(page + "/gui", "").status == 409);
    CHECK(snapshot(*a.store) == before);
  }
}

TEST_CASE(
    "another unit's nomination is 403, an unknown one 404, a bad address 404: nothing changed") {
  AppFixture a;
  const std::string other = other_units(a), mine = add(a);
  const Snapshot before = snapshot(*a.store);
  const std::string fields = nom_form("Tên", "individual", "Bằng khen", "Thành tích");
  auto page = a.get("/de-nghi/" + other);
  CHECK(page.status == 403);
  CHECK(contains(page.body, "Hồ sơ của đơn vị khác"));
  CHECK_FALSE(contains(page.body, "Hồ sơ của Mèo Vạc"));
  CHECK(a.post("/de-nghi/" + other, fields).status == 403);
  CHECK(a.post("/de-nghi/" + other + "/gui", "").status == 403);
  const std::string unknown = "ffffffffffffffffffffffffffffffff";
  auto missing = a.get("/de-nghi/" + unknown);
  CHECK(missing.status == 404);
  CHECK(contains(missing.body, "Không tìm thấy hồ sơ"));
  CHECK(a.post("/de-nghi/" + unknown, fields).status == 404);
  CHECK(a.post("/de-nghi/" + unknown + "/gui", "").status == 404);
  CHECK(a.get("/de-nghi/").status == 404);
  CHECK(a.get("/de-nghi/a/b").status == 404);
  CHECK(a.get("/de-nghi/%ZZ").status == 404);
  CHECK(a.post("/de-nghi", fields).status == 405);
  CHECK(a.get("/de-nghi/" + mine + "/gui").status == 405);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("every nomination POST without its CSRF token is refused and writes nothing") {
  AppFixture a;
  const std::string id = add(a);
  decide(a, id, "rejected", "Thiếu");
  const Snapshot before = snapshot(*a.store);
  const std::string fields = nom_form("Tên", "individual", "Bằng khen", "Thành tích");
  for (const std::string& target :
       {std::string("/de-nghi/moi"), "/de-nghi/" + id, "/de-nghi/" + id + "/gui"}) {
    CAPTURE(target);
    auto r = a.post(target, fields, false);
    CHECK(r.status == 403);
    CHECK(contains(r.body, "Không có gì được lưu"));
  }
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("issue 13: the form offers the four kinds of nominee and the province's kinds of award") {
  AppFixture a;
  REQUIRE(a.store->write("award_kinds", {{"id", std::string("bang-khen-chu-tich-ubnd-tinh")},
                                         {"name", std::string("Bằng khen của Chủ tịch UBND tỉnh")},
                                         {"level", std::string("province")},
                                         {"nominee_kinds", std::string("individual,business")},
                                         {"ordinal", std::int64_t{1}}})
              .is_ok());
  auto form = a.get("/de-nghi/moi").body;
  CHECK(contains(form, "<option value=\"business\">Doanh nghiệp</option>"));
  CHECK(contains(form, "<option value=\"entrepreneur\">Doanh nhân</option>"));
  CHECK(contains(form, "<label for=\"award_kind\">Loại khen thưởng</label>"));
  CHECK(contains(form, "<option value=\"bang-khen-chu-tich-ubnd-tinh\">Bằng khen của Chủ tịch UBND tỉnh</option>"));

  auto r = a.post("/de-nghi/moi", nom_form("Công ty Chè Shan Tuyết", "business", "", "Xuất khẩu chè.") +
                                      "&award_kind=bang-khen-chu-tich-ubnd-tinh");
  CHECK(r.status == 303);
  auto list = unit_nominations(*a.store, "dong-van");
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 1);
  CHECK(list->front().award_kind == "bang-khen-chu-tich-ubnd-tinh");
  CHECK(list->front().award == "Bằng khen của Chủ tịch UBND tỉnh");
  CHECK(contains(a.get("/de-nghi/" + list->front().id).body,
                 "<option value=\"bang-khen-chu-tich-ubnd-tinh\" selected>"));

  // A kind that does not take the nominee is refused with the reason.
  auto refused = a.post("/de-nghi/moi", nom_form("Ông A", "entrepreneur", "", "Thành tích.") +
                                            "&award_kind=bang-khen-chu-tich-ubnd-tinh");
  CHECK(refused.status == 400);
  CHECK(contains(refused.body, "chỉ dành cho: individual, business"));
}
