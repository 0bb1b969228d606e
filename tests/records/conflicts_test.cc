// Conflicts described for a person (records/conflict_view.h) and settled
// with a merged value (settle_conflict_merged).
#include "store/schema.h"
#include "tests/records/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kOther = "bbbbbbbbbbbbbbbb";

std::string story_with_body_conflict(StoreFixture& f, Store& s) {
  NewStory st;
  st.title = "Người giữ rừng";
  st.subject = "Ông Chứ";
  st.category = "individual";
  st.body_md = "Bản của huyện";
  auto id = add_story(s, st);
  REQUIRE(id.is_ok());
  const Hlc later = hlc_pack(f.clock->now_ms + 1000, 0);
  auto applied = s.apply_remote(
      {{"stories", *id, "body_md", std::string("Bản của tỉnh"), later, kOther, std::nullopt}});
  REQUIRE(applied.is_ok());
  REQUIRE(applied->conflicts == 1);
  return *id;
}

}  // namespace

TEST_CASE("a conflict is described by its record and field, each side with its writer") {
  StoreFixture f;
  auto s = open_node(f);
  story_with_body_conflict(f, *s);
  auto views = describe_conflicts(*s);
  REQUIRE(views.is_ok());
  REQUIRE(views->size() == 1);
  const ConflictView& v = views->front();
  CHECK(v.what == "Bài điển hình «Người giữ rừng», nội dung");
  CHECK(v.mergeable);
  CHECK(v.has_mine);
  CHECK(v.mine_is_lost);
  CHECK(v.lost.text == "Bản của huyện");
  CHECK(v.lost.writer == Writer::kThisMachine);
  CHECK(v.lost.who == "Máy này");
  CHECK(v.kept.text == "Bản của tỉnh");
  // Nothing on the record shows the other node to be the province's.
  CHECK(v.kept.writer == Writer::kOther);
  CHECK(hlc_wall_ms(v.kept.hlc) == f.clock->now_ms + 1000);
  CHECK(describe_conflict(*s, v.id)->what == v.what);
  CHECK(describe_conflict(*s, v.id + 1).status().code() == Status::Code::kNotFound);
}

TEST_CASE("a writer that left a review note on the record is the province") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_body_conflict(f, *s);
  const Hlc later = hlc_pack(f.clock->now_ms + 2000, 0);
  REQUIRE(s->apply_remote({{"stories", id, "review_note", std::string("Sửa đoạn hai"), later,
                            kOther, std::nullopt}})
              .is_ok());
  auto v = describe_conflicts(*s);
  REQUIRE(v.is_ok());
  CHECK(v->front().kept.writer == Writer::kProvince);
  CHECK(v->front().kept.who == "Cấp tỉnh");
}

TEST_CASE("a writer that decided on another record of this copy is the province") {
  StoreFixture f;
  auto s = open_node(f);
  story_with_body_conflict(f, *s);
  auto before = describe_conflicts(*s);
  REQUIRE(before.is_ok());
  CHECK(before->front().kept.writer == Writer::kOther);
  const Hlc t = hlc_pack(f.clock->now_ms + 3000, 0);
  REQUIRE(s->apply_remote({{"stories", "published", "_row", std::int64_t{1}, t, kOther, std::nullopt},
                           {"stories", "published", "unit_id", std::string("meo-vac"), t, kOther,
                            std::nullopt},
                           {"stories", "published", "status", std::string("published"), t, kOther,
                            std::nullopt}})
              .is_ok());
  auto after = describe_conflicts(*s);
  REQUIRE(after.is_ok());
  CHECK(after->front().kept.writer == Writer::kProvince);
  CHECK(after->front().lost.writer == Writer::kThisMachine);
}

TEST_CASE("on a province node the other writer of a district's record is that district") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  const Hlc t = hlc_pack(f.clock->now_ms - 5000, 0);
  REQUIRE(s->apply_remote(
               {{"progress", "2021-q1-01:dong-van", "_row", std::int64_t{1}, t, kOther, std::nullopt},
                {"progress", "2021-q1-01:dong-van", "task_id", std::string("2021-q1-01"), t, kOther,
                 std::nullopt},
                {"progress", "2021-q1-01:dong-van", "unit_id", std::string("dong-van"), t, kOther,
                 std::nullopt},
                {"progress", "2021-q1-01:dong-van", "status", std::string("done"), t, kOther,
                 std::nullopt},
                {"progress", "2021-q1-01:dong-van", "percent", std::int64_t{100}, t, kOther,
                 std::nullopt}})
              .is_ok());
  REQUIRE(s->write("progress", {{"id", std::string("2021-q1-01:dong-van")},
                                {"note_md", std::string("Ghi chú của tỉnh")}})
              .is_ok());
  const Hlc racing = hlc_pack(f.clock->now_ms - 1000, 0);
  auto clash = s->apply_remote({{"progress", "2021-q1-01:dong-van", "note_md",
                                 std::string("Ghi chú của huyện"), racing, kOther, Hlc{t}}});
  REQUIRE(clash.is_ok());
  REQUIRE(clash->conflicts == 1);
  auto v = describe_conflicts(*s);
  REQUIRE(v.is_ok());
  REQUIRE(v->size() == 1);
  CHECK(v->front().what == "Báo cáo tiến độ của Huyện Đồng Văn «Triển khai», ghi chú");
  const ConflictSide& district = v->front().mine_is_lost ? v->front().kept : v->front().lost;
  CHECK(district.writer == Writer::kUnit);
  CHECK(district.who == "Huyện Đồng Văn");
}

TEST_CASE("a merged value is written as a local edit and closes the conflict") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_body_conflict(f, *s);
  const auto conflict = open_conflicts(*s)->at(0).id;
  const auto before = last_seq(*s);
  REQUIRE(settle_conflict_merged(*s, conflict, "Bản của huyện\n\nBản của tỉnh").is_ok());
  CHECK(text(get_row(*s, "stories", id), "body_md") == "Bản của huyện\n\nBản của tỉnh");
  CHECK(outbox_entries(*s, "stories", before) == 1);
  CHECK(open_conflicts(*s)->empty());
  CHECK(settle_conflict_merged(*s, conflict, "x").code() == Status::Code::kNotFound);
}

TEST_CASE("a merged value is refused, writing nothing, where keep lost would be") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_body_conflict(f, *s);
  const auto conflict = open_conflicts(*s)->at(0).id;
  const Hlc later = hlc_pack(f.clock->now_ms + 2000, 0);
  REQUIRE(s->apply_remote(
               {{"stories", id, "status", std::string("approved"), later, kOther, std::nullopt}})
              .is_ok());
  const Snapshot before = snapshot(*s);
  CHECK(settle_conflict_merged(*s, conflict, "gộp").code() == Status::Code::kConflict);
  CHECK(settle_conflict_merged(*s, conflict, std::string("\xff\xfe")).code() ==
        Status::Code::kInvalid);
  CHECK(snapshot(*s) == before);
  CHECK(open_conflicts(*s)->size() == 1);
}

TEST_CASE("a percent cannot be merged: one side must be kept") {
  StoreFixture f;
  auto s = open_node(f);
  REQUIRE(report_progress(*s, {"2021-q1-01", "in_progress", 60, std::nullopt, ""}).is_ok());
  const Hlc later = hlc_pack(f.clock->now_ms + 1000, 0);
  auto clash = s->apply_remote({{"progress", "2021-q1-01:dong-van", "percent", std::int64_t{20},
                                 later, kOther, std::nullopt}});
  REQUIRE(clash.is_ok());
  REQUIRE(clash->conflicts == 1);
  auto v = describe_conflicts(*s);
  REQUIRE(v.is_ok());
  CHECK_FALSE(v->front().mergeable);
  CHECK(v->front().lost.text == "60 %");
  CHECK(v->front().what == "Báo cáo tiến độ «Triển khai», tỷ lệ hoàn thành");
  CHECK(settle_conflict_merged(*s, v->front().id, "40").code() == Status::Code::kInvalid);
}

TEST_CASE("regression (issue 13): a nominee's kind is named for what it holds, all four kinds") {
  // It read "cá nhân hay tập thể" while the column holds four kinds.
  const std::string words = field_words("nominations", "nominee_kind");
  CHECK(words == "loại đối tượng (cá nhân, tập thể, doanh nghiệp hay doanh nhân)");
  const TableSpec* nominations = find_table("nominations");
  REQUIRE(nominations != nullptr);
  const ColumnSpec* kind = nominations->find("nominee_kind");
  REQUIRE(kind != nullptr);
  CHECK(kind->allowed.size() == 4);  // individual, collective, business, entrepreneur
  for (const char* each : {"cá nhân", "tập thể", "doanh nghiệp", "doanh nhân"}) CHECK(contains(words, each));
  CHECK(field_words("stories", "body_md") == "nội dung");
  CHECK(field_words("nominations", "no_such_column") == "no_such_column");
}
