// Hội đồng (issue 13): the province's council sessions in the office web
// app, their agenda, a session added and held, a nomination scheduled.
#include "tests/support/commendation.h"
#include "tests/webapp/fixture.h"
#include "webapp/internal/render.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A province node with two appraised nominations (a province-level and a
// state-level kind) and a submitted one.
struct Council {
  AppFixture a{"ubnd-tinh", "province"};
  Council() {
    seed_award_kinds(*a.store);
    nomination("n1", "Lò Thị Hoa", "appraised", "bang-khen-chu-tich-ubnd-tinh");
    nomination("n2", "Hợp tác xã Chè Shan", "appraised", "huan-chuong-lao-dong-hang-ba");
    nomination("n3", "Vừ Mí Chơ", "submitted", "bang-khen-chu-tich-ubnd-tinh");
  }
  void nomination(const std::string& id, const std::string& nominee, const std::string& status,
                  const std::string& kind) {
    write_nomination(*a.store, id, status,
                     {{"nominee", nominee},
                      {"nominee_kind", std::string("individual")},
                      {"award_kind", kind}});
  }
  // The id of the one session of 2021, added through the page.
  std::string add_session() {
    auto r = a.post("/hoi-dong/them", "nam=2021&title=" + form_encode("Phiên họp Quý II/2021") +
                                          "&quarter=2&place=" + form_encode("Hà Giang") +
                                          "&held_on=2021-06-15");
    REQUIRE(r.status == 303);
    CHECK(r.header("Location") == "/hoi-dong?nam=2021&da=them");
    auto rows = a.store->rows("council_sessions");
    REQUIRE(rows.is_ok());
    REQUIRE(rows->size() == 1);
    return text(rows->front(), "id");
  }
};

}  // namespace

TEST_CASE("Hội đồng is the province's: a district has no nav entry and gets the 403 page") {
  AppFixture a;
  CHECK_FALSE(contains(a.get("/").body, "href=\"/hoi-dong\""));
  CHECK(a.get("/hoi-dong").status == 403);
  const Snapshot before = snapshot(*a.store);
  CHECK(a.post("/hoi-dong/them", "nam=2021&title=x&quarter=1").status == 403);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("Hội đồng: a session added, a nomination put on its agenda, the session held") {
  Council c;
  auto empty = c.a.get("/hoi-dong?nam=2021");
  CHECK(empty.status == 200);
  CHECK(contains(empty.body, "href=\"/hoi-dong\" aria-current=\"page\""));
  CHECK(contains(empty.body, "Năm 2021 chưa có phiên họp nào"));
  CHECK(contains(empty.body,
                 "<a href=\"/cho-duyet/de-nghi/n1\">Lò Thị Hoa</a> — Huyện Đồng Văn, Bằng khen của "
                 "Chủ tịch UBND tỉnh"));
  CHECK(contains(empty.body, "Hợp tác xã Chè Shan"));
  CHECK_FALSE(contains(empty.body, "Vừ Mí Chơ"));  // submitted: not appraised yet
  CHECK(contains(empty.body, "Cần có ít nhất một hồ sơ đã thẩm định"));

  const std::string id = c.add_session();
  auto added = c.a.get("/hoi-dong?nam=2021&da=them");
  CHECK(contains(added.body, "Đã thêm phiên họp."));
  CHECK(contains(added.body, "Phiên họp Quý II/2021"));
  CHECK(contains(added.body, "dự kiến</span> · quý 2 · ngày 15/06/2021 · Hà Giang"));
  CHECK(contains(added.body, "action=\"/hoi-dong/" + id + "/da-hop\""));
  CHECK(contains(added.body, "<option value=\"n1\">Lò Thị Hoa (Huyện Đồng Văn)</option>"));

  auto scheduled = c.a.post("/hoi-dong/xep-lich", "nam=2021&nomination=n1&session=" + id);
  CHECK(scheduled.status == 303);
  CHECK(scheduled.header("Location") == "/hoi-dong?nam=2021&da=xep-lich");
  CHECK(text(get_row(*c.a.store, "nominations", "n1"), "session_id") == id);
  auto agenda = c.a.get("/hoi-dong?nam=2021");
  CHECK(contains(agenda.body, "Chương trình họp:"));
  CHECK(contains(agenda.body, "Lò Thị Hoa (Huyện Đồng Văn) — đã xếp lịch"));
  // The nomination's page names the session, linked to its year.
  CHECK(contains(c.a.get("/cho-duyet/de-nghi/n1").body,
                 "<dt>Chương trình họp</dt><dd><a href=\"/hoi-dong?nam=2021\">Phiên họp Quý II/2021 (dự kiến "
                 "ngày 15/06/2021)</a></dd>"));

  auto held =
      c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=" + form_encode("16/06/2021"));
  CHECK(held.status == 303);
  CHECK(held.header("Location") == "/hoi-dong?nam=2021&da=da-hop");
  const Row session = get_row(*c.a.store, "council_sessions", id);
  CHECK(text(session, "status") == "held");
  CHECK(text(session, "held_on") == "2021-06-16");
  auto after = c.a.get("/hoi-dong?nam=2021");
  CHECK(contains(after.body, "đã họp</span> · quý 2 · ngày 16/06/2021"));
  CHECK_FALSE(contains(after.body, "/da-hop\""));
}

TEST_CASE("Hội đồng: refusals beside their field, what was typed kept, nothing written") {
  Council c;
  const Snapshot before = snapshot(*c.a.store);
  auto bad =
      c.a.post("/hoi-dong/them", "nam=2021&title=+&quarter=7&place=" + form_encode("Hà Giang") +
                                     "&held_on=" + form_encode("ngày mai"));
  CHECK(bad.status == 400);
  CHECK(contains(bad.body, "id=\"title-loi\">Nhập tên phiên họp"));
  CHECK(contains(bad.body, "<li><a href=\"#quarter\">Chọn quý"));  // the summary links to the field
  CHECK(contains(bad.body, "id=\"quarter-loi\">Chọn quý"));
  CHECK(contains(bad.body, "id=\"held_on-loi\">Nhập ngày họp dự kiến"));
  CHECK(contains(bad.body, "value=\"ngày mai\""));
  CHECK(contains(bad.body, "value=\"Hà Giang\""));
  CHECK(snapshot(*c.a.store) == before);
  CHECK(c.a.post("/hoi-dong/them", "nam=2021&title=x&quarter=1", false).status == 403);  // no CSRF
  CHECK(c.a.get("/hoi-dong/them").status == 405);
  CHECK(c.a.get("/hoi-dong?nam=abc").status == 400);

  const std::string id = c.add_session();
  auto future = c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=2099-01-01");
  CHECK(future.status == 400);
  CHECK(contains(future.body, "id=\"held_on-" + id + "-loi\">Chưa ghi nhận được:"));
  CHECK(contains(future.body, "value=\"2099-01-01\""));
  CHECK(contains(future.body, "<li><a href=\"#held_on-" + id + "\">Chưa ghi nhận được:"));
  auto shapeless = c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=31-12");
  CHECK(shapeless.status == 400);
  CHECK(contains(shapeless.body, "Nhập ngày đã họp dạng ngày/tháng/năm"));
  CHECK(c.a.post("/hoi-dong/khong-co/da-hop", "nam=2021&held_on=2021-06-16").status == 404);
  REQUIRE(c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=2021-06-16").status == 303);
  CHECK(c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=2021-06-17").status == 409);

  auto none = c.a.post("/hoi-dong/xep-lich", "nam=2021&session=" + id);
  CHECK(none.status == 400);
  CHECK(contains(none.body, "id=\"nomination-loi\">Chọn hồ sơ"));
  auto submitted = c.a.post("/hoi-dong/xep-lich", "nam=2021&nomination=n3&session=" + id);
  CHECK(submitted.status == 409);
  CHECK(contains(submitted.body, "Chưa xếp lịch được:"));
  CHECK(text(get_row(*c.a.store, "nominations", "n3"), "session_id") ==
        "<not text>");  // still unset
}

TEST_CASE("a typed date: dd/mm/yyyy or yyyy-mm-dd, anything else refused") {
  using webapp::date_input;
  CHECK(date_input("15/06/2021") == "2021-06-15");
  CHECK(date_input(" 2021-06-15 ") == "2021-06-15");
  for (const char* bad : {"", "15/6/2021", "2021/06/15", "32/01/2021", "01/13/2021", "00/01/2021",
                          "2021-06-1x", "15-06-2021", "ngày mai"}) {
    CAPTURE(bad);
    CHECK_FALSE(date_input(bad).has_value());
  }
}

// Regression (i13-fixes): 31/02/2021 passed the form's check and came back
// from records/ as "phải là một ngày có thật, dạng NĂM-THÁNG-NGÀY" at the
// top of the page, telling a clerk who typed ngày/tháng/năm to type
// otherwise.
TEST_CASE("a typed date that is no day of the calendar: why, beside the field") {
  using webapp::date_error;
  using webapp::date_input;
  const std::string shape = "Nhập ngày họp dạng ngày/tháng/năm, ví dụ 15/06/2021.";
  for (const char* bad : {"31/02/2021", "29/02/2021", "31/04/2021", "2021-02-30", "01/01/1900"}) {
    CAPTURE(bad);
    CHECK_FALSE(date_input(bad).has_value());
  }
  CHECK(date_input("29/02/2024") == "2024-02-29");
  CHECK(date_error("29/02/2024", shape).empty());
  CHECK(date_error("hôm qua", shape) == shape);
  CHECK(date_error("31/02/2021", shape) ==
        "Không có ngày 31/02/2021: tháng 2 năm 2021 có 28 ngày. " + shape);
  CHECK(date_error("2021-04-31", shape) ==
        "Không có ngày 31/04/2021: tháng 4 năm 2021 có 30 ngày. " + shape);
  CHECK(date_error("01/13/2021", shape) == "Không có ngày 01/13/2021: tháng chỉ từ 1 đến 12. " + shape);
  CHECK(date_error("01/01/1900", shape) == "Năm 1900 quá xa: nhập một ngày từ năm 1945. " + shape);

  Council c;
  const Snapshot before = snapshot(*c.a.store);
  auto feb = c.a.post("/hoi-dong/them", "nam=2021&title=" + form_encode("Phiên họp Quý I/2021") +
                                            "&quarter=1&held_on=" + form_encode("31/02/2021"));
  CHECK(feb.status == 400);
  CHECK(contains(feb.body, "id=\"held_on-loi\">Không có ngày 31/02/2021: tháng 2 năm 2021 có 28 ngày."));
  CHECK(contains(feb.body, "value=\"31/02/2021\""));
  // A session in another year than the page's: refused beside the date.
  auto next_year = c.a.post("/hoi-dong/them", "nam=2021&title=" + form_encode("Phiên họp Quý II") +
                                                  "&quarter=2&held_on=" + form_encode("15/06/2022"));
  CHECK(next_year.status == 400);
  CHECK(contains(next_year.body, "id=\"held_on-loi\">Ngày 15/06/2022 không thuộc năm 2021."));
  CHECK(snapshot(*c.a.store) == before);
  const std::string id = c.add_session();
  auto hold = c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=" + form_encode("31/06/2021"));
  CHECK(hold.status == 400);
  CHECK(contains(hold.body, "id=\"held_on-" + id + "-loi\">Không có ngày 31/06/2021: tháng 6 năm 2021 có 30 ngày."));
  auto late = c.a.post("/hoi-dong/" + id + "/da-hop", "nam=2021&held_on=" + form_encode("05/01/2022"));
  CHECK(late.status == 400);
  CHECK(contains(late.body, "không thuộc năm 2021 của phiên họp"));
  CHECK(text(get_row(*c.a.store, "council_sessions", id), "status") == "planned");
}
