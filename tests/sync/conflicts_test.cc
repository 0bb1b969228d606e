// Issue 11 item 5: a conflict only where two people's edits really collide,
// against a real server on a loopback port. Each case names the false
// conflict (or the silent difference) it pins.
#include "records/records.h"
#include "store/node_store.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::string text_cell(Store& s, const std::string& table, const std::string& id, const std::string& col) {
  Value v = cell_of(s, table, id, col);
  const auto* t = std::get_if<std::string>(&v);
  return t ? *t : std::string();
}

// What a person would read of the conflicts: "table pk column: kept / lost".
std::string listed(Store& s) {
  auto open = s.conflicts();
  REQUIRE(open.is_ok());
  std::string out;
  for (const auto& c : *open) {
    out += c.table + " " + c.pk + " " + c.column + ": " + describe(c.kept_value) + " / " + describe(c.lost_value) +
           "\n";
  }
  return out;
}

struct Review {
  SyncFixture f;
  Issued dv_id = f.add_node("dong-van", "district");
  Issued tinh_id = f.add_node("ban-tdkt", "province");
  std::unique_ptr<Store> dv, tinh;
  std::string story;

  Review() {
    f.start();
    dv = f.init("dv.db", dv_id);
    tinh = f.init("tinh.db", tinh_id);
    NewStory s;
    s.title = "Người giữ rừng ở Lũng Cú";
    s.subject = "Ông Sùng Mí Páo";
    s.category = "individual";
    s.body_md = "Ông đã giữ rừng ba mươi năm.";
    auto id = add_story(*dv, s);
    REQUIRE(id.is_ok());
    story = *id;
    REQUIRE(submit_story(*dv, story).is_ok());
    f.sync(*dv);
    f.sync(*tinh);
  }

  // A second machine of the district, with the story as it stands.
  std::unique_ptr<Store> second_machine() { return f.init("dv2.db", f.add_node("dong-van", "district")); }

  // Both machines of the district retitle the story offline; dv2 writes
  // later and wins, dv keeps its own title as a conflict.
  std::unique_ptr<Store> clashing_titles() {
    auto dv2 = second_machine();
    StoryEdit e;
    e.id = story;
    e.title = "Người giữ rừng";
    REQUIRE(edit_story(*dv, e).is_ok());
    e.title = "Người giữ rừng Lũng Cú";
    REQUIRE(edit_story(*dv2, e).is_ok());
    f.sync(*dv);
    f.sync(*dv2);
    f.sync(*dv);
    return dv2;
  }

  void reject(const std::string& note) {
    ReviewDetails d;
    d.note = note;
    REQUIRE(review_story(*tinh, story, Decision::kReject, d).is_ok());
    f.sync(*tinh);
  }
};

}  // namespace

TEST_CASE("regression (issue 11 item 5a): a province's rejection with a note is no conflict on the district") {
  Review r;
  r.reject("Cần bổ sung ảnh và nêu rõ số năm giữ rừng");
  r.f.sync(*r.dv);
  CHECK(text_cell(*r.dv, "stories", r.story, "status") == "rejected");
  CHECK(text_cell(*r.dv, "stories", r.story, "review_note") == "Cần bổ sung ảnh và nêu rõ số năm giữ rừng");
  CHECK(listed(*r.dv) == "");
  CHECK(listed(*r.tinh) == "");
  CHECK(listed(*r.f.central()) == "");
}

TEST_CASE("regression (issue 11 item 5a): approving and publishing with a note is no conflict on the district") {
  Review r;
  ReviewDetails d;
  d.note = "Bài tốt";
  REQUIRE(review_story(*r.tinh, r.story, Decision::kApprove, d).is_ok());
  r.f.sync(*r.tinh);
  r.f.sync(*r.dv);
  d.note = "Đăng số tháng 12";
  REQUIRE(review_story(*r.tinh, r.story, Decision::kPublish, d).is_ok());
  r.f.sync(*r.tinh);
  r.f.sync(*r.dv);
  CHECK(text_cell(*r.dv, "stories", r.story, "status") == "published");
  CHECK(listed(*r.dv) == "");
  CHECK(listed(*r.tinh) == "");
}

TEST_CASE("regression (issue 11 item 5a): a decision on a nomination is no conflict on the district") {
  Review r;
  NewNomination n{"Lò Thị Hoa", "individual", "Giấy khen của Chủ tịch UBND tỉnh", "Ba năm liền hoàn thành xuất sắc"};
  auto id = nominate(*r.dv, n);
  REQUIRE(id.is_ok());
  r.f.sync(*r.dv);
  r.f.sync(*r.tinh);
  ReviewDetails d;
  d.note = "Chưa đủ thành tích cấp tỉnh";
  d.council_session = "Phiên họp tháng 12/2021";
  // Issue 13: the council decides an appraised nomination.
  REQUIRE(appraise_nomination(*r.tinh, *id, "Đã thẩm định hồ sơ").is_ok());
  REQUIRE(review_nomination(*r.tinh, *id, Decision::kReject, d).is_ok());
  r.f.sync(*r.tinh);
  r.f.sync(*r.dv);
  CHECK(text_cell(*r.dv, "nominations", *id, "status") == "rejected");
  CHECK(listed(*r.dv) == "");
  CHECK(listed(*r.tinh) == "");
}

TEST_CASE("regression (issue 11 item 5b): a district resubmitting after a rejection is no conflict on the province") {
  Review r;
  r.reject("Cần bổ sung ảnh");
  r.f.sync(*r.dv);
  StoryEdit e;
  e.id = r.story;
  e.body_md = "Ông đã giữ rừng ba mươi năm, từ năm 1991.";
  REQUIRE(edit_story(*r.dv, e).is_ok());
  REQUIRE(submit_story(*r.dv, r.story).is_ok());
  r.f.sync(*r.dv);
  r.f.sync(*r.tinh);
  CHECK(text_cell(*r.tinh, "stories", r.story, "status") == "submitted");
  CHECK(listed(*r.tinh) == "");
  CHECK(listed(*r.dv) == "");
  CHECK(listed(*r.f.central()) == "");
  // And a second rejection, then a second resubmission: still none.
  r.reject("Ảnh chưa rõ");
  r.f.sync(*r.dv);
  REQUIRE(submit_story(*r.dv, r.story).is_ok());
  r.f.sync(*r.dv);
  r.f.sync(*r.tinh);
  CHECK(listed(*r.tinh) == "");
  CHECK(listed(*r.dv) == "");
}

TEST_CASE("two machines of a district retitling one story offline still make a conflict") {
  Review r;
  auto dv2 = r.clashing_titles();
  CHECK(text_cell(*r.dv, "stories", r.story, "title") == "Người giữ rừng Lũng Cú");
  CHECK(listed(*r.dv) == "stories " + r.story + " title: \"Người giữ rừng Lũng Cú\" / \"Người giữ rừng\"\n");
}

TEST_CASE("regression (issue 11 item 5c): a \"keep mine\" the server refuses goes back to the server's value, said why") {
  Review r;
  auto dv2 = r.clashing_titles();
  auto open = open_conflicts(*r.dv);
  REQUIRE(open.is_ok());
  REQUIRE(open->size() == 1);
  REQUIRE(settle_conflict(*r.dv, open->front().id, Keep::kMine).is_ok());
  CHECK(text_cell(*r.dv, "stories", r.story, "title") == "Người giữ rừng");
  // Meanwhile the province approves: the district may no longer edit it.
  REQUIRE(review_story(*r.tinh, r.story, Decision::kApprove, {}).is_ok());
  r.f.sync(*r.tinh);

  auto report = r.f.sync(*r.dv);
  REQUIRE(report.rejections.size() == 1);
  CHECK(report.rejections[0].find("đã được duyệt") != std::string::npos);
  auto central = r.f.central();
  CHECK(text_cell(*r.dv, "stories", r.story, "title") == "Người giữ rừng Lũng Cú");
  CHECK(text_cell(*r.dv, "stories", r.story, "title") == text_cell(*central, "stories", r.story, "title"));
  auto here = r.dv->cell_clock("stories", r.story, "title");
  auto there = central->cell_clock("stories", r.story, "title");
  REQUIRE((here.is_ok() && there.is_ok() && *here && *there));
  CHECK((*here)->hlc == (*there)->hlc);
  CHECK((*here)->node == (*there)->node);
  CHECK(text_cell(*r.dv, "stories", r.story, "status") == "approved");

  auto summary = node_summary(*r.dv);
  REQUIRE(summary.is_ok());
  CHECK(summary->pending_cells == 0);
  CHECK(summary->open_conflicts == 0);
  CHECK(summary->refused == 1);
  CHECK(summary->last_refusal.find("đã được duyệt") != std::string::npos);
  CHECK(summary->last_refusal.find("trở lại giá trị máy chủ đang giữ: \"Người giữ rừng Lũng Cú\"") !=
        std::string::npos);
  CHECK(summary->differing.empty());
  // Nothing is left to send or to take back.
  auto again = r.f.sync(*r.dv);
  CHECK(again.rejections.empty());
  CHECK(again.cells_pushed == 0);
}

TEST_CASE("regression (issue 11 item 5c): an edit the server refuses and the node cannot undo shows in node status") {
  Review r;
  StoryEdit e;
  e.id = r.story;
  e.body_md = "Ông đã giữ rừng ba mươi năm, từ năm 1991.";
  REQUIRE(edit_story(*r.dv, e).is_ok());  // offline: the story is still "submitted" here
  REQUIRE(review_story(*r.tinh, r.story, Decision::kApprove, {}).is_ok());
  r.f.sync(*r.tinh);
  auto report = r.f.sync(*r.dv);
  REQUIRE(report.rejections.size() == 1);
  auto summary = node_summary(*r.dv);
  REQUIRE(summary.is_ok());
  CHECK(summary->pending_cells == 0);
  REQUIRE(summary->differing.size() == 1);
  const DifferingCell& d = summary->differing.front();
  CHECK(d.table == "stories");
  CHECK(d.pk == r.story);
  CHECK(d.column == "body_md");
  CHECK(d.value == Value{*e.body_md});
  CHECK(d.reason.find("đã được duyệt") != std::string::npos);

  // The province hands it back; the district's next edit is accepted and the
  // copy no longer differs.
  r.reject("Sửa lại phần mở đầu");
  r.f.sync(*r.dv);
  e.body_md = "Từ năm 1991, ông Páo giữ rừng.";
  REQUIRE(edit_story(*r.dv, e).is_ok());
  CHECK(r.f.sync(*r.dv).rejections.empty());
  CHECK(node_summary(*r.dv)->differing.empty());
  CHECK(text_cell(*r.f.central(), "stories", r.story, "body_md") == *e.body_md);
}
