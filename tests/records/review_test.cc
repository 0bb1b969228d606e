// The province's review: who may, which transitions, what is recorded.
#include "tests/records/fixture.h"

#include "common/vietnam_time.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A story or nomination from Đồng Văn, as it arrives at the province by sync.
void write_story(Store& s, const std::string& id, const std::string& status) {
  REQUIRE(s.write("stories", {{"id", id},
                              {"unit_id", std::string("dong-van")},
                              {"title", std::string("Bài")},
                              {"status", status}})
              .is_ok());
}
void write_nomination(Store& s, const std::string& id, const std::string& status) {
  Row row{{"id", id},
          {"unit_id", std::string("dong-van")},
          {"nominee", std::string("Chị Mai")},
          {"status", status}};
  // An appraised row holds its appraisal date (store/nomination_path.h).
  if (status == "appraised") row["appraised_on"] = std::string("2021-05-20");
  REQUIRE(s.write("nominations", row).is_ok());
}

ReviewDetails on(const std::string& day) {
  ReviewDetails d;
  d.today = day;
  return d;
}

}  // namespace

TEST_CASE("a district may not review, and nothing is written") {
  StoreFixture f;
  auto s = open_node(f);
  write_story(*s, "st", "submitted");
  write_nomination(*s, "nm", "submitted");
  const Snapshot before = snapshot(*s);
  for (Decision d : {Decision::kApprove, Decision::kReject, Decision::kPublish, Decision::kUnpublish}) {
    Status st = review_story(*s, "st", d, {});
    CHECK(st.code() == Status::Code::kInvalid);
    CHECK(contains(st.message(), "chỉ cấp tỉnh được duyệt"));
  }
  CHECK(contains(review_nomination(*s, "nm", Decision::kApprove, {}).message(),
                 "chỉ cấp tỉnh được duyệt"));
  CHECK(snapshot(*s) == before);
}

TEST_CASE("the province approves, rejects and publishes stories") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_story(*s, "a", "submitted");
  const auto before = last_seq(*s);
  REQUIRE(review_story(*s, "a", Decision::kApprove, on("2021-05-01")).is_ok());
  CHECK(text(get_row(*s, "stories", "a"), "status") == "approved");
  CHECK(outbox_entries(*s, "stories", before) == 1);

  ReviewDetails note = on("2021-05-02");
  note.note = "Cần thêm ảnh hiện trường";
  REQUIRE(review_story(*s, "a", Decision::kReject, note).is_ok());
  Row rejected = get_row(*s, "stories", "a");
  CHECK(text(rejected, "status") == "rejected");
  CHECK(text(rejected, "review_note") == "Cần thêm ảnh hiện trường");

  write_story(*s, "b", "approved");
  REQUIRE(review_story(*s, "b", Decision::kPublish, on("2021-05-03")).is_ok());
  Row published = get_row(*s, "stories", "b");
  CHECK(text(published, "status") == "published");
  CHECK(text(published, "published_on") == "2021-05-03");

  write_story(*s, "c", "submitted");
  const std::string day_before = vietnam_today();  // the call may straddle Vietnam's midnight
  REQUIRE(review_story(*s, "c", Decision::kPublish, {}).is_ok());
  const std::string published_on = text(get_row(*s, "stories", "c"), "published_on");
  CHECK((published_on == day_before || published_on == vietnam_today()));

  // Withdrawn from the public: back to approved, the date it was public kept.
  REQUIRE(review_story(*s, "b", Decision::kUnpublish, on("2021-05-04")).is_ok());
  Row withdrawn = get_row(*s, "stories", "b");
  CHECK(text(withdrawn, "status") == "approved");
  CHECK(text(withdrawn, "published_on") == "2021-05-03");
  REQUIRE(review_story(*s, "b", Decision::kPublish, on("2021-05-05")).is_ok());
  CHECK(text(get_row(*s, "stories", "b"), "published_on") == "2021-05-05");
}

TEST_CASE("illegal story transitions are conflicts naming the status") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_story(*s, "draft", "draft");
  write_story(*s, "published", "published");
  write_story(*s, "rejected", "rejected");
  write_story(*s, "approved", "approved");
  const Snapshot before = snapshot(*s);
  struct Case {
    const char* id;
    Decision decision;
    const char* named;
  };
  for (const Case& c : {Case{"draft", Decision::kApprove, "bản nháp (draft)"},
                        Case{"draft", Decision::kReject, "bản nháp (draft)"},
                        Case{"draft", Decision::kPublish, "bản nháp (draft)"},
                        Case{"published", Decision::kApprove, "đã đăng (published)"},
                        Case{"published", Decision::kReject, "đã đăng (published)"},
                        Case{"published", Decision::kPublish, "đã đăng (published)"},
                        Case{"rejected", Decision::kApprove, "bị trả lại (rejected)"},
                        Case{"rejected", Decision::kPublish, "bị trả lại (rejected)"},
                        Case{"approved", Decision::kApprove, "đã duyệt (approved)"},
                        Case{"approved", Decision::kUnpublish, "đã duyệt (approved)"},
                        Case{"draft", Decision::kUnpublish, "bản nháp (draft)"}}) {
    CAPTURE(c.id);
    Status st = review_story(*s, c.id, c.decision, {});
    CHECK(st.code() == Status::Code::kConflict);
    CHECK(contains(st.message(), c.named));
  }
  CHECK(review_story(*s, "nope", Decision::kApprove, {}).code() == Status::Code::kNotFound);
  CHECK(snapshot(*s) == before);

  ReviewDetails council;
  council.council_session = "Phiên 3/2021";
  write_story(*s, "submitted", "submitted");
  const Snapshot with_submitted = snapshot(*s);
  CHECK(review_story(*s, "submitted", Decision::kApprove, council).code() ==
        Status::Code::kInvalid);
  CHECK(snapshot(*s) == with_submitted);
}

TEST_CASE("the province approves and rejects nominations with council details") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_nomination(*s, "n1", "appraised");  // issue 13: the council decides what was appraised
  ReviewDetails d = on("2021-06-10");
  d.council_session = "Phiên họp Hội đồng TĐKT tỉnh, quý II/2021";
  d.decision_no = "1234/QĐ-UBND";
  const auto before = last_seq(*s);
  REQUIRE(review_nomination(*s, "n1", Decision::kApprove, d).is_ok());
  Row row = get_row(*s, "nominations", "n1");
  CHECK(text(row, "status") == "approved");
  CHECK(text(row, "decided_on") == "2021-06-10");
  CHECK(text(row, "decision_no") == "1234/QĐ-UBND");
  CHECK(text(row, "council_session") == "Phiên họp Hội đồng TĐKT tỉnh, quý II/2021");
  CHECK(outbox_entries(*s, "nominations", before) == 4);

  // Issue 13: an approved nomination is not rejected afterwards; the
  // council rejects an appraised one.
  ReviewDetails why = on("2021-06-11");
  why.note = "Hồ sơ thiếu xác nhận của xã";
  CHECK(review_nomination(*s, "n1", Decision::kReject, why).code() == Status::Code::kConflict);
  write_nomination(*s, "n3", "appraised");
  REQUIRE(review_nomination(*s, "n3", Decision::kReject, why).is_ok());
  CHECK(text(get_row(*s, "nominations", "n3"), "status") == "rejected");
  CHECK(text(get_row(*s, "nominations", "n3"), "review_note") == "Hồ sơ thiếu xác nhận của xã");

  write_nomination(*s, "n2", "appraised");
  CHECK(review_nomination(*s, "n2", Decision::kApprove, {}).is_ok());
}

TEST_CASE("illegal nomination decisions are refused and write nothing") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_nomination(*s, "rejected", "rejected");
  write_nomination(*s, "forwarded", "forwarded");
  write_nomination(*s, "submitted", "submitted");
  const Snapshot before = snapshot(*s);
  Status approve = review_nomination(*s, "rejected", Decision::kApprove, {});
  CHECK(approve.code() == Status::Code::kConflict);
  CHECK(contains(approve.message(), "bị trả lại (rejected)"));
  CHECK(review_nomination(*s, "forwarded", Decision::kReject, {}).code() ==
        Status::Code::kConflict);
  // Issue 13: a submitted nomination is appraised before the council decides.
  Status unappraised = review_nomination(*s, "submitted", Decision::kApprove, {});
  CHECK(unappraised.code() == Status::Code::kConflict);
  CHECK(contains(unappraised.message(), "đã thẩm định (appraised)"));
  CHECK(review_nomination(*s, "submitted", Decision::kReject, {}).code() == Status::Code::kConflict);
  CHECK(review_nomination(*s, "submitted", Decision::kPublish, {}).code() ==
        Status::Code::kInvalid);
  CHECK(review_nomination(*s, "nope", Decision::kApprove, {}).code() == Status::Code::kNotFound);
  ReviewDetails empty_decision;
  empty_decision.decision_no = "";
  CHECK(review_nomination(*s, "submitted", Decision::kApprove, empty_decision).code() ==
        Status::Code::kInvalid);
  CHECK(snapshot(*s) == before);
}

TEST_CASE("issue 11: a nomination's decision date is the one the province gives, never the day the command ran") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_nomination(*s, "n1", "appraised");  // issue 13: decided once appraised
  ReviewDetails d = on("2026-12-02");  // the day the council's 2021 decision was typed in
  d.council_session = "Phiên họp Hội đồng TĐKT tỉnh, quý IV/2021";
  d.decided_on = "2021-12-02";
  REQUIRE(review_nomination(*s, "n1", Decision::kApprove, d).is_ok());
  CHECK(text(get_row(*s, "nominations", "n1"), "decided_on") == "2021-12-02");

  ReviewDetails same_day = on("2026-12-02");
  same_day.decided_on = "2026-12-02";  // today is not the future
  write_nomination(*s, "n2", "appraised");
  CHECK(review_nomination(*s, "n2", Decision::kReject, same_day).is_ok());
  CHECK(text(get_row(*s, "nominations", "n2"), "decided_on") == "2026-12-02");
}

TEST_CASE("issue 11: a decision date that is not a real past date is refused in Vietnamese and writes nothing") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_nomination(*s, "n1", "submitted");
  write_story(*s, "st", "submitted");
  const Snapshot before = snapshot(*s);
  for (const char* bad : {"2021-02-30", "2021-13-01", "2021-1-5", "02/12/2021", "20211202", "", "0021-12-02",
                          "2021-12-02x"}) {
    ReviewDetails d = on("2026-12-02");
    d.decided_on = bad;
    Status st = review_nomination(*s, "n1", Decision::kApprove, d);
    CAPTURE(bad);
    CHECK(st.code() == Status::Code::kInvalid);
    CHECK(contains(st.message(), "ngày quyết định phải là một ngày có thật, dạng NĂM-THÁNG-NGÀY"));
  }
  ReviewDetails future = on("2026-12-02");
  future.decided_on = "2026-12-03";
  Status st = review_nomination(*s, "n1", Decision::kApprove, future);
  CHECK(st.code() == Status::Code::kInvalid);
  CHECK(contains(st.message(), "ngày quyết định 2026-12-03 chưa tới (hôm nay là 2026-12-02)"));
  ReviewDetails on_story = on("2026-12-02");
  on_story.decided_on = "2021-12-02";
  CHECK(review_story(*s, "st", Decision::kApprove, on_story).code() == Status::Code::kInvalid);
  CHECK(snapshot(*s) == before);
}

TEST_CASE("issue 13: no approval or rejection of an appraised nomination with no appraisal date") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  REQUIRE(s->write("nominations", {{"id", std::string("n1")},
                                   {"unit_id", std::string("dong-van")},
                                   {"nominee", std::string("Chị Mai")},
                                   {"status", std::string("appraised")}})
              .is_ok());
  const Snapshot before = snapshot(*s);
  ReviewDetails d = on("2021-06-30");
  d.note = "Thiếu hồ sơ";
  for (Decision dec : {Decision::kApprove, Decision::kReject}) {
    Status st = review_nomination(*s, "n1", dec, d);
    CHECK(st.code() == Status::Code::kConflict);
    CHECK(contains(st.message(), "chưa có ngày thẩm định"));
  }
  CHECK(snapshot(*s) == before);
}

TEST_CASE("issue 13: a decision number only on an approval of a province-level kind, as the server accepts") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  REQUIRE(s->write("award_kinds", {{"id", std::string("huan-chuong")},
                                   {"name", std::string("Huân chương Lao động hạng Ba")},
                                   {"level", std::string("state")},
                                   {"signer", std::string("chu-tich-nuoc")}})
              .is_ok());
  write_nomination(*s, "state", "appraised");
  REQUIRE(s->write("nominations", {{"id", std::string("state")}, {"award_kind", std::string("huan-chuong")}}).is_ok());
  write_nomination(*s, "n1", "appraised");
  const Snapshot before = snapshot(*s);
  ReviewDetails d = on("2021-06-30");
  d.decision_no = "1/QĐ-UBND";
  CHECK(review_nomination(*s, "state", Decision::kApprove, d).code() == Status::Code::kConflict);
  d.note = "Thiếu hồ sơ";
  CHECK(review_nomination(*s, "n1", Decision::kReject, d).code() == Status::Code::kInvalid);
  CHECK(snapshot(*s) == before);
  ReviewDetails plain = on("2021-06-30");
  CHECK(review_nomination(*s, "state", Decision::kApprove, plain).is_ok());
}
