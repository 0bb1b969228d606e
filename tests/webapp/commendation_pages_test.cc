// The steps after the council's approval on the province's nomination page
// (issue 13): the decision, the forwarding to the centre and its result,
// each form shown only while the state allows it.
#include "tests/support/commendation.h"
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// n1 approved (province level), n2 approved (state level), n3 forwarded,
// n4 appraised.
struct Path {
  AppFixture a{"ubnd-tinh", "province"};
  Path() {
    seed_award_kinds(*a.store);
    nomination("n1", "approved", kProvinceKind);
    nomination("n2", "approved", kStateKind);
    nomination("n3", "forwarded", kStateKind, {{"forwarded_on", std::string("2021-07-20")}});
    nomination("n4", "appraised", kProvinceKind);
  }
  void nomination(const std::string& id, const std::string& status, const std::string& kind,
                  Row extra = {}) {
    Row cells{{"nominee", std::string("Lò Thị Hoa ") + id},
              {"nominee_kind", std::string("individual")},
              {"award_kind", kind}};
    for (auto& [k, v] : extra) cells[k] = v;
    write_nomination(*a.store, id, status, cells);
  }
  std::string cell(const std::string& id, const std::string& column) {
    return text(get_row(*a.store, "nominations", id), column);
  }
};

const char* const kDecisionForm = "<h3>Ghi quyết định khen thưởng</h3>";
const char* const kForwardForm = "<h3>Trình Trung ương</h3>";
const char* const kCentreForm = "<h3>Kết quả của Trung ương</h3>";

}  // namespace

TEST_CASE("after approval, only the form the nomination's state allows") {
  Path p;
  auto n1 = p.a.get("/cho-duyet/de-nghi/n1").body;
  CHECK(contains(n1, kDecisionForm));
  CHECK(contains(n1, "action=\"/cho-duyet/de-nghi/n1/quyet-dinh\""));
  CHECK(contains(n1, "<option value=\"chu-tich-ubnd-tinh\" selected>Chủ tịch UBND tỉnh</option>"));
  CHECK_FALSE(contains(n1, kForwardForm));
  CHECK_FALSE(contains(n1, kCentreForm));
  CHECK_FALSE(contains(n1, "không có quyết định nào"));
  auto n2 = p.a.get("/cho-duyet/de-nghi/n2").body;
  CHECK(contains(n2, kForwardForm));
  CHECK(contains(n2, "action=\"/cho-duyet/de-nghi/n2/trinh\""));
  CHECK_FALSE(contains(n2, kDecisionForm));
  auto n3 = p.a.get("/cho-duyet/de-nghi/n3").body;
  CHECK(contains(n3, kCentreForm));
  CHECK(contains(n3, "<dt>Ngày trình Trung ương</dt><dd>20/07/2021</dd>"));
  CHECK(contains(n3, "<option value=\"chu-tich-nuoc\" selected>Chủ tịch nước</option>"));
  CHECK_FALSE(contains(n3, kForwardForm));
  auto n4 = p.a.get("/cho-duyet/de-nghi/n4").body;
  for (const char* form : {kDecisionForm, kForwardForm, kCentreForm})
    CHECK_FALSE(contains(n4, form));
}

TEST_CASE("the province records its decision, then the form is gone") {
  Path p;
  auto r = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh",
                    "decision_no=" + form_encode("15/QĐ-UBND") +
                        "&decided_on=2021-07-05&signing_level=chu-tich-ubnd-tinh");
  CHECK(r.status == 303);
  CHECK(r.header("Location") == "/cho-duyet/de-nghi/n1?da=quyet-dinh");
  CHECK(p.cell("n1", "decision_no") == "15/QĐ-UBND");
  CHECK(p.cell("n1", "decided_on") == "2021-07-05");
  CHECK(p.cell("n1", "signing_level") == "chu-tich-ubnd-tinh");
  auto page = p.a.get("/cho-duyet/de-nghi/n1?da=quyet-dinh").body;
  CHECK(contains(page, "Đã ghi quyết định khen thưởng."));
  CHECK(contains(page, "<dt>Cấp ký quyết định</dt><dd>Chủ tịch UBND tỉnh</dd>"));
  CHECK_FALSE(contains(page, kDecisionForm));
  auto again = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh", "decision_no=16&decided_on=2021-07-06");
  CHECK(again.status == 409);
  CHECK(p.cell("n1", "decision_no") == "15/QĐ-UBND");
}

TEST_CASE("a refused decision: errors beside the fields, what was typed kept, nothing written") {
  Path p;
  const Snapshot before = snapshot(*p.a.store);
  auto blank = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh",
                        "decision_no=+&decided_on=" + form_encode("hôm qua"));
  CHECK(blank.status == 400);
  CHECK(contains(blank.body, "id=\"decision_no-loi\">Nhập số quyết định"));
  CHECK(contains(blank.body, "id=\"decided_on-loi\">Nhập ngày quyết định"));
  CHECK(contains(blank.body, "value=\"hôm qua\""));
  CHECK(contains(blank.body, "<li><a href=\"#decided_on\">Nhập ngày quyết định"));
  auto future = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh",
                         "decision_no=" + form_encode("15/QĐ-UBND") + "&decided_on=01/01/2099");
  CHECK(future.status == 400);
  CHECK(contains(future.body, "Chưa lưu:"));
  CHECK(contains(future.body, "value=\"15/QĐ-UBND\""));
  CHECK(contains(future.body, "value=\"01/01/2099\""));
  CHECK(snapshot(*p.a.store) == before);
  // Not this state's step: a state-level kind is forwarded, not decided.
  CHECK(
      p.a.post("/cho-duyet/de-nghi/n2/quyet-dinh", "decision_no=1&decided_on=2021-07-05").status ==
      409);
  CHECK(p.a.post("/cho-duyet/de-nghi/n4/trinh", "forwarded_on=2021-07-05").status == 409);
  CHECK(p.a.post("/cho-duyet/de-nghi/khong-co/trinh", "forwarded_on=2021-07-05").status == 404);
  CHECK(p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh", "decision_no=1&decided_on=2021-07-05", false)
            .status == 403);  // no CSRF
  auto get = p.a.get("/cho-duyet/de-nghi/n1/quyet-dinh");
  CHECK(get.status == 405);
  CHECK(get.header("Allow") == "POST");
  CHECK(snapshot(*p.a.store) == before);
}

// Regression (i13-fixes): 31/02/2021 came back as "Chưa lưu: ngày quyết định
// phải là một ngày có thật, dạng NĂM-THÁNG-NGÀY …" at the top of the page.
TEST_CASE("a decision dated 31/02: why, beside the date; a number of spaces refused") {
  Path p;
  const Snapshot before = snapshot(*p.a.store);
  auto feb = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh", "decision_no=" + form_encode("15/QĐ-UBND") +
                                                              "&decided_on=" + form_encode("31/02/2021"));
  CHECK(feb.status == 400);
  CHECK(contains(feb.body, "id=\"decided_on-loi\">Không có ngày 31/02/2021: tháng 2 năm 2021 có 28 "
                           "ngày. Nhập ngày quyết định dạng ngày/tháng/năm"));
  CHECK_FALSE(contains(feb.body, "NĂM-THÁNG-NGÀY"));
  CHECK(contains(feb.body, "value=\"15/QĐ-UBND\""));
  auto spaces = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh",
                         "decision_no=" + form_encode("   ") + "&decided_on=05/07/2021");
  CHECK(spaces.status == 400);
  CHECK(contains(spaces.body, "id=\"decision_no-loi\">Nhập số quyết định"));
  auto no_break = p.a.post("/cho-duyet/de-nghi/n1/quyet-dinh",
                           "decision_no=" + form_encode("\u00a0") + "&decided_on=05/07/2021");
  CHECK(no_break.status == 400);
  // A no-break space is as blank as a space (common/text.h): the message is
  // beside the field too, not records/' refusal at the top of the page.
  CHECK(contains(no_break.body, "id=\"decision_no-loi\">Nhập số quyết định"));
  CHECK_FALSE(contains(no_break.body, "không được để trống"));
  auto forwarded = p.a.post("/cho-duyet/de-nghi/n2/trinh", "forwarded_on=" + form_encode("30/02/2021"));
  CHECK(forwarded.status == 400);
  CHECK(contains(forwarded.body, "id=\"forwarded_on-loi\">Không có ngày 30/02/2021"));
  CHECK(snapshot(*p.a.store) == before);
}

TEST_CASE("a state-level nomination forwarded, then the centre's result") {
  Path p;
  auto forwarded =
      p.a.post("/cho-duyet/de-nghi/n2/trinh", "forwarded_on=" + form_encode("20/07/2021"));
  CHECK(forwarded.status == 303);
  CHECK(forwarded.header("Location") == "/cho-duyet/de-nghi/n2?da=trinh");
  CHECK(p.cell("n2", "status") == "forwarded");
  CHECK(p.cell("n2", "forwarded_on") == "2021-07-20");
  CHECK(contains(p.a.get("/cho-duyet/de-nghi/n2").body, kCentreForm));

  auto none = p.a.post("/cho-duyet/de-nghi/n3/ket-qua", "decision_no=1");
  CHECK(none.status == 400);
  CHECK(contains(none.body, "id=\"result-loi\">Chọn kết quả"));
  auto no_note = p.a.post("/cho-duyet/de-nghi/n3/ket-qua", "result=declined&note=+");
  CHECK(no_note.status == 400);
  CHECK(contains(no_note.body, "id=\"centre_note-loi\">Nhập ý kiến của Trung ương"));
  CHECK(contains(no_note.body, "value=\"declined\" checked"));
  CHECK(contains(no_note.body, "<li><a href=\"#centre_note\">Nhập ý kiến"));
  CHECK(p.cell("n3", "centre_result") == "<not text>");  // still unset

  auto conferred = p.a.post("/cho-duyet/de-nghi/n3/ket-qua",
                            "result=conferred&decision_no=" + form_encode("1500/QĐ-CTN") +
                                "&decided_on=2021-09-02&signing_level=chu-tich-nuoc");
  CHECK(conferred.status == 303);
  CHECK(p.cell("n3", "centre_result") == "conferred");
  CHECK(p.cell("n3", "decision_no") == "1500/QĐ-CTN");
  CHECK(p.cell("n3", "signing_level") == "chu-tich-nuoc");
  auto page = p.a.get("/cho-duyet/de-nghi/n3?da=ket-qua").body;
  CHECK(contains(page, "Đã ghi kết quả của Trung ương."));
  CHECK(contains(page, "<dt>Kết quả của Trung ương</dt><dd>được khen thưởng</dd>"));
  CHECK_FALSE(contains(page, kCentreForm));

  auto declined = p.a.post("/cho-duyet/de-nghi/n2/ket-qua",
                           "result=declined&note=" + form_encode("Chưa đủ thành tích"));
  CHECK(declined.status == 303);
  CHECK(p.cell("n2", "centre_result") == "declined");
  CHECK(p.cell("n2", "review_note") == "Chưa đủ thành tích");
}

TEST_CASE("a district cannot take a step after approval") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  CHECK(a.post("/cho-duyet/de-nghi/n1/quyet-dinh", "decision_no=1&decided_on=2021-07-05").status ==
        403);
  CHECK(snapshot(*a.store) == before);
}
