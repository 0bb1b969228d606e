// Issue 13: council sessions, award kinds and the nomination's path, each
// step the province's, refused out of order without writing anything.
#include "records/council_agenda.h"
#include "tests/records/fixture.h"
#include "tests/support/commendation.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A province node with the award kinds and one nomination from Đồng Văn in
// `status` (as the sync brings it).
struct Province {
  StoreFixture f;
  std::unique_ptr<Store> s = open_node(f, "ubnd-tinh", "province");
  Province() { seed_award_kinds(*s); }
  void nomination(const std::string& id, const std::string& status, const std::string& kind = "",
                  Row extra = {}) {
    Row cells{{"nominee", std::string("Chị Mai")}};
    if (!kind.empty()) cells["award_kind"] = kind;
    for (auto& [k, v] : extra) cells[k] = v;
    write_nomination(*s, id, status, cells);
  }
  std::string session() {
    auto id = add_council_session(
        *s, {2021, 2, "Phiên họp Hội đồng TĐKT tỉnh Quý II/2021", "Hà Giang", {}});
    REQUIRE_MESSAGE(id.is_ok(), id.status().message());
    return *id;
  }
  std::string cell(const std::string& id, const std::string& column) {
    return text(get_row(*s, "nominations", id), column);
  }
};

DecisionRecord decision(const std::string& no, const std::string& on) {
  DecisionRecord d;
  d.decision_no = no;
  d.decided_on = on;
  d.today = "2021-12-31";
  return d;
}

}  // namespace

TEST_CASE("the province adds, holds and lists council sessions") {
  Province p;
  auto q3 =
      add_council_session(*p.s, {2021, 3, "Phiên họp Quý III/2021", "", std::string("2021-09-20")});
  REQUIRE(q3.is_ok());
  const std::string q2 = p.session();
  auto q2_late = add_council_session(
      *p.s, {2021, 2, "Phiên họp bổ sung Quý II/2021", "", std::string("2021-06-01")});
  REQUIRE(q2_late.is_ok());
  CHECK(text(get_row(*p.s, "council_sessions", q2), "status") == "planned");
  p.nomination("n1", "appraised");
  REQUIRE(schedule_nomination(*p.s, "n1", q2).is_ok());

  auto list = list_council_sessions(*p.s, 2021);
  REQUIRE(list.is_ok());
  REQUIRE(list->size() == 3);
  CHECK((*list)[0].id == *q2_late);  // a dated session before an undated one of its quarter
  CHECK((*list)[1].id == q2);
  CHECK((*list)[1].nominations == 1);
  CHECK((*list)[2].id == *q3);
  CHECK(list_council_sessions(*p.s, 2020)->empty());

  REQUIRE(hold_council_session(*p.s, q2, "2021-06-25", "2021-06-30").is_ok());
  Row held = get_row(*p.s, "council_sessions", q2);
  CHECK(text(held, "status") == "held");
  CHECK(text(held, "held_on") == "2021-06-25");
  const Snapshot before = snapshot(*p.s);
  CHECK(hold_council_session(*p.s, q2, "2021-06-26", "2021-06-30").code() ==
        Status::Code::kConflict);
  CHECK(hold_council_session(*p.s, *q3, "2021-10-01", "2021-06-30").code() ==
        Status::Code::kInvalid);
  CHECK(hold_council_session(*p.s, "nope", "2021-06-01", "2021-06-30").code() ==
        Status::Code::kNotFound);
  CHECK(add_council_session(*p.s, {2021, 5, "Phiên", "", {}}).status().code() ==
        Status::Code::kInvalid);
  CHECK(add_council_session(*p.s, {21, 1, "Phiên", "", {}}).status().code() ==
        Status::Code::kInvalid);
  CHECK(add_council_session(*p.s, {2021, 1, " ", "", {}}).status().code() ==
        Status::Code::kInvalid);
  CHECK(add_council_session(*p.s, {2021, 1, "Phiên", "", std::string("31/03/2021")})
            .status()
            .code() == Status::Code::kInvalid);
  CHECK(snapshot(*p.s) == before);
}

// Regression (i13-fixes): a session of 2021 took a planned or held date of
// any year (a slip of the keyboard: 15/06/2022 on 2021's page).
TEST_CASE("a council session meets in its own year (quarter IV: until 31 March after)") {
  CHECK(session_date_fits(2021, 2, "2021-06-15"));
  CHECK_FALSE(session_date_fits(2021, 2, "2022-06-15"));
  CHECK_FALSE(session_date_fits(2021, 1, "2020-12-31"));
  CHECK(session_date_fits(2021, 4, "2022-03-31"));
  CHECK_FALSE(session_date_fits(2021, 4, "2022-04-01"));
  CHECK_FALSE(session_date_fits(2021, 3, "2022-01-10"));
  Province p;
  const std::string q2 = p.session();
  const Snapshot before = snapshot(*p.s);
  auto other_year = add_council_session(*p.s, {2021, 2, "Phiên", "", std::string("2022-06-15")});
  REQUIRE(other_year.status().code() == Status::Code::kInvalid);
  CHECK(other_year.status().message() ==
        "ngày họp dự kiến 2022-06-15 không thuộc năm 2021 của phiên họp");
  auto held = hold_council_session(*p.s, q2, "2022-06-15", "2022-12-31");
  REQUIRE(held.code() == Status::Code::kInvalid);
  CHECK(contains(held.message(), "ngày họp 2022-06-15 không thuộc năm 2021"));
  CHECK(snapshot(*p.s) == before);
  REQUIRE(add_council_session(*p.s, {2021, 4, "Phiên tổng kết", "", std::string("2022-01-12")})
              .is_ok());
}

TEST_CASE("a district neither keeps sessions nor takes a step of the path") {
  StoreFixture f;
  auto s = open_node(f);
  seed_award_kinds(*s);
  REQUIRE(s->write("nominations", {{"id", std::string("n1")},
                                   {"unit_id", std::string("dong-van")},
                                   {"status", std::string("submitted")}})
              .is_ok());
  const Snapshot before = snapshot(*s);
  auto added = add_council_session(*s, {2021, 2, "Phiên họp", "", {}});
  CHECK(added.status().code() == Status::Code::kInvalid);
  CHECK(contains(added.status().message(), "chỉ cấp tỉnh được lập phiên họp hội đồng"));
  CHECK(appraise_nomination(*s, "n1", "Đủ điều kiện").code() == Status::Code::kInvalid);
  CHECK(schedule_nomination(*s, "n1", "x").code() == Status::Code::kInvalid);
  CHECK(decide_nomination(*s, "n1", Verdict::kApprove).code() == Status::Code::kInvalid);
  CHECK(record_decision(*s, "n1", decision("1/QĐ", "2021-06-01")).code() == Status::Code::kInvalid);
  CHECK(forward_nomination(*s, "n1", "2021-06-01").code() == Status::Code::kInvalid);
  CHECK(record_centre_result(*s, "n1", {}).code() == Status::Code::kInvalid);
  CHECK(snapshot(*s) == before);
}

TEST_CASE("a province-level nomination: appraised, scheduled, approved, decision recorded") {
  Province p;
  p.nomination("n1", "submitted", "bang-khen-chu-tich-ubnd-tinh");
  const std::string session = p.session();
  REQUIRE(appraise_nomination(*p.s, "n1", "Đủ tiêu chuẩn", "2021-05-10", "2021-05-12").is_ok());
  CHECK(p.cell("n1", "status") == "appraised");
  CHECK(p.cell("n1", "appraisal_note") == "Đủ tiêu chuẩn");
  CHECK(p.cell("n1", "appraised_on") == "2021-05-10");
  REQUIRE(schedule_nomination(*p.s, "n1", session).is_ok());
  CHECK(p.cell("n1", "session_id") == session);
  REQUIRE(decide_nomination(*p.s, "n1", Verdict::kApprove).is_ok());
  CHECK(p.cell("n1", "status") == "approved");
  // Regression (i13-fixes): a number of no-break spaces (as Word pastes) was
  // saved as a decision number.
  for (const char* blank : {"\u00a0", " \u00a0\u3000 ", "\u200b"}) {
    auto refused = record_decision(*p.s, "n1", decision(blank, "2021-06-30"));
    CHECK(refused.code() == Status::Code::kInvalid);
    CHECK(refused.message() == "số quyết định không được để trống");
  }
  REQUIRE(record_decision(*p.s, "n1", decision("1234/QĐ-UBND", "2021-06-30")).is_ok());
  CHECK(p.cell("n1", "decision_no") == "1234/QĐ-UBND");
  CHECK(p.cell("n1", "decided_on") == "2021-06-30");
  CHECK(p.cell("n1", "signing_level") == "chu-tich-ubnd-tinh");
  auto n = find_nomination(*p.s, "n1");
  REQUIRE(n.is_ok());
  CHECK(n->award_kind == "bang-khen-chu-tich-ubnd-tinh");
  CHECK(n->session_id == session);

  const Snapshot before = snapshot(*p.s);
  CHECK(record_decision(*p.s, "n1", decision("9/QĐ", "2021-07-01")).code() ==
        Status::Code::kConflict);
  Status fwd = forward_nomination(*p.s, "n1", "2021-07-01", "2021-12-31");
  CHECK(fwd.code() == Status::Code::kConflict);
  CHECK(contains(fwd.message(), "cấp tỉnh"));
  CHECK(snapshot(*p.s) == before);
}

TEST_CASE("an appraised row with no appraisal date is not decided but appraised again") {
  Province p;
  const std::string session = p.session();
  p.nomination("n1", "appraised", "bang-khen-chu-tich-ubnd-tinh",
               {{"appraised_on", Value()}, {"session_id", session}});
  const Snapshot before = snapshot(*p.s);
  for (Verdict v : {Verdict::kApprove, Verdict::kReject}) {
    Status st = decide_nomination(*p.s, "n1", v, "Lý do");
    CHECK(st.code() == Status::Code::kConflict);  // the server would refuse it (kAppraisedOn)
    CHECK(contains(st.message(), "chưa có ngày thẩm định"));
  }
  CHECK(snapshot(*p.s) == before);
  REQUIRE(appraise_nomination(*p.s, "n1", "Đủ tiêu chuẩn", "2021-05-10", "2021-05-12").is_ok());
  CHECK(p.cell("n1", "appraised_on") == "2021-05-10");
  REQUIRE(decide_nomination(*p.s, "n1", Verdict::kApprove).is_ok());
  CHECK(p.cell("n1", "status") == "approved");
}

TEST_CASE("a state-level nomination is forwarded and the centre's result recorded") {
  Province p;
  const std::string session = p.session();
  for (const char* id : {"a", "b"}) {
    p.nomination(id, "appraised", "huan-chuong-lao-dong-hang-ba",
                 {{"appraised_on", std::string("2021-05-10")}, {"session_id", session}});
    REQUIRE(decide_nomination(*p.s, id, Verdict::kApprove).is_ok());
  }
  Status province_decision = record_decision(*p.s, "a", decision("1/QĐ", "2021-06-30"));
  CHECK(province_decision.code() == Status::Code::kConflict);
  CHECK(contains(province_decision.message(), "trình Trung ương"));
  REQUIRE(forward_nomination(*p.s, "a", "2021-07-05", "2021-12-31").is_ok());
  REQUIRE(forward_nomination(*p.s, "b", "2021-07-05", "2021-12-31").is_ok());
  CHECK(p.cell("a", "status") == "forwarded");
  CHECK(p.cell("a", "forwarded_on") == "2021-07-05");

  CentreResult conferred;
  conferred.conferred = true;
  // Regression (i13-fixes): the centre's decision dated before the sending
  // was saved.
  conferred.decision = decision("2011/QĐ-CTN", "2020-01-01");
  auto early = record_centre_result(*p.s, "a", conferred);
  CHECK(early.code() == Status::Code::kInvalid);
  CHECK(early.message() == "ngày quyết định 2020-01-01 trước ngày trình Trung ương 2021-07-05");
  CHECK(p.cell("a", "centre_result") == "<not text>");
  conferred.decision = decision("2011/QĐ-CTN", "2021-11-20");
  REQUIRE(record_centre_result(*p.s, "a", conferred).is_ok());
  CHECK(p.cell("a", "centre_result") == "conferred");
  CHECK(p.cell("a", "decision_no") == "2011/QĐ-CTN");
  CHECK(p.cell("a", "signing_level") == "chu-tich-nuoc");  // the kind's signer
  CentreResult declined;
  CHECK(record_centre_result(*p.s, "b", declined).code() ==
        Status::Code::kInvalid);  // a reason is required
  declined.note = "Chưa đủ thời gian công tác";
  REQUIRE(record_centre_result(*p.s, "b", declined).is_ok());
  CHECK(p.cell("b", "centre_result") == "declined");
  CHECK(p.cell("b", "review_note") == "Chưa đủ thời gian công tác");

  const Snapshot before = snapshot(*p.s);
  CHECK(record_centre_result(*p.s, "b", conferred).code() == Status::Code::kConflict);
  CentreResult wrong_level = conferred;
  p.nomination("c", "forwarded", "huan-chuong-lao-dong-hang-ba");
  const Snapshot with_c = snapshot(*p.s);
  wrong_level.decision.signing_level = "chu-tich-ubnd-tinh";
  CHECK(record_centre_result(*p.s, "c", wrong_level).code() == Status::Code::kInvalid);
  CHECK(snapshot(*p.s) == with_c);
  CHECK(before.json != with_c.json);
}

TEST_CASE(
    "each step out of order is kConflict naming the state, and bad input kInvalid; nothing "
    "written") {
  Province p;
  const std::string session = p.session();
  p.nomination("sub", "submitted", "bang-khen-chu-tich-ubnd-tinh");
  p.nomination("appr", "appraised", "bang-khen-chu-tich-ubnd-tinh");
  p.nomination("rej", "rejected", "bang-khen-chu-tich-ubnd-tinh");
  const Snapshot before = snapshot(*p.s);
  Status twice = appraise_nomination(*p.s, "appr", "Lại", "", "2021-06-01");
  CHECK(twice.code() == Status::Code::kConflict);
  CHECK(contains(twice.message(), "đã thẩm định (appraised)"));
  CHECK(appraise_nomination(*p.s, "sub", " ").code() ==
        Status::Code::kInvalid);  // the note is required
  CHECK(appraise_nomination(*p.s, "sub", "Được", "2021-06-02", "2021-06-01").code() ==
        Status::Code::kInvalid);
  CHECK(schedule_nomination(*p.s, "sub", session).code() == Status::Code::kConflict);
  CHECK(schedule_nomination(*p.s, "appr", "nope").code() == Status::Code::kNotFound);
  Status unscheduled = decide_nomination(*p.s, "appr", Verdict::kApprove);
  CHECK(unscheduled.code() == Status::Code::kConflict);
  CHECK(contains(unscheduled.message(), "chưa được đưa vào phiên họp"));
  CHECK(decide_nomination(*p.s, "sub", Verdict::kApprove).code() == Status::Code::kConflict);
  CHECK(decide_nomination(*p.s, "rej", Verdict::kReject, "Lý do").code() ==
        Status::Code::kConflict);
  CHECK(decide_nomination(*p.s, "appr", Verdict::kReject, "").code() == Status::Code::kInvalid);
  CHECK(record_decision(*p.s, "appr", decision("1/QĐ", "2021-06-01")).code() ==
        Status::Code::kConflict);
  CHECK(forward_nomination(*p.s, "appr", "2021-06-01", "2021-12-31").code() ==
        Status::Code::kConflict);
  CHECK(record_centre_result(*p.s, "appr", {}).code() == Status::Code::kInvalid);
  CentreResult conferred;
  conferred.conferred = true;
  conferred.decision = decision("1/QĐ", "2021-06-01");
  CHECK(record_centre_result(*p.s, "appr", conferred).code() == Status::Code::kConflict);
  CHECK(appraise_nomination(*p.s, "nope", "x").code() == Status::Code::kNotFound);
  CHECK(snapshot(*p.s) == before);

  // Rejected at the council: the unit's reason, and it may come back.
  REQUIRE(schedule_nomination(*p.s, "appr", session).is_ok());
  REQUIRE(decide_nomination(*p.s, "appr", Verdict::kReject, "Thiếu biên bản bình xét").is_ok());
  CHECK(p.cell("appr", "status") == "rejected");
  CHECK(p.cell("appr", "review_note") == "Thiếu biên bản bình xét");
}

TEST_CASE("nominate names an award kind that exists and takes the nominee's kind") {
  StoreFixture f;
  auto s = open_node(f);
  seed_award_kinds(*s);
  NewNomination n{"Công ty Chè Shan Tuyết", "business", "", "Xuất khẩu chè",
                  "bang-khen-chu-tich-ubnd-tinh"};
  auto id = nominate(*s, n);
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  Row row = get_row(*s, "nominations", *id);
  CHECK(text(row, "award_kind") == "bang-khen-chu-tich-ubnd-tinh");
  CHECK(text(row, "award") ==
        "Bằng khen của Chủ tịch UBND tỉnh");  // the kind's name when none is written
  CHECK(text(row, "nominee_kind") == "business");

  const Snapshot before = snapshot(*s);
  NewNomination unknown = n;
  unknown.award_kind = "giai-thuong-khac";
  auto r = nominate(*s, unknown);
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK(contains(r.status().message(), "không có loại khen thưởng \"giai-thuong-khac\""));
  NewNomination not_for_business = n;
  not_for_business.award_kind = "huan-chuong-lao-dong-hang-ba";
  auto refused = nominate(*s, not_for_business);
  CHECK(refused.status().code() == Status::Code::kInvalid);
  CHECK(contains(refused.status().message(), "chỉ dành cho: individual, collective"));
  NewNomination no_award = n;
  no_award.award_kind = "";
  CHECK(nominate(*s, no_award).status().code() == Status::Code::kInvalid);  // neither text nor kind
  NominationEdit edit;
  edit.id = *id;
  edit.award_kind = "huan-chuong-lao-dong-hang-ba";
  CHECK(edit_nomination(*s, edit).code() == Status::Code::kInvalid);
  CHECK(snapshot(*s) == before);
  edit.nominee_kind = "collective";
  REQUIRE(edit_nomination(*s, edit).is_ok());
  CHECK(text(get_row(*s, "nominations", *id), "award_kind") == "huan-chuong-lao-dong-hang-ba");
}

TEST_CASE("the award kinds are listed by ordinal") {
  Province p;
  auto kinds = list_award_kinds(*p.s);
  REQUIRE(kinds.is_ok());
  REQUIRE(kinds->size() == 2);
  CHECK((*kinds)[0].id == "bang-khen-chu-tich-ubnd-tinh");
  CHECK((*kinds)[1].level == "state");
  CHECK((*kinds)[1].nominee_kinds == std::vector<std::string>{"individual", "collective"});
}

TEST_CASE(
    "the council's agenda: appraised nominations and those on a session, the province's only") {
  Province p;
  const std::string q2 = p.session();
  p.nomination("n1", "appraised", "bang-khen-chu-tich-ubnd-tinh");
  p.nomination("n2", "submitted");
  p.nomination("n3", "approved", "", {{"session_id", q2}, {"nominee", std::string("Anh Bình")}});
  REQUIRE(
      p.s->write("units", {{"id", std::string("dong-van")}, {"name", std::string("")}}).is_ok());
  auto agenda = council_agenda(*p.s);
  REQUIRE(agenda.is_ok());
  REQUIRE(agenda->size() == 2);    // not the submitted one
  CHECK((*agenda)[0].id == "n3");  // by nominee: "Anh Bình" < "Chị Mai"
  CHECK((*agenda)[0].session_id == q2);
  CHECK((*agenda)[0].status == "approved");
  CHECK((*agenda)[1].id == "n1");
  CHECK((*agenda)[1].session_id.empty());
  CHECK((*agenda)[1].award_kind == "bang-khen-chu-tich-ubnd-tinh");
  CHECK((*agenda)[1].unit_name == "dong-van");  // the id when the unit has no name

  StoreFixture f;
  auto district = open_node(f);
  auto refused = council_agenda(*district);
  CHECK(refused.status().code() == Status::Code::kInvalid);
}
