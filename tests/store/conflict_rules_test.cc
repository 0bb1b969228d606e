// Which lost writes the merge keeps for a person (issue 11 item 5): only two
// writes one side could both have made. Pulled cells carry no base, so each
// case here is "concurrent" by the base rule alone.
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kStory = "s1";
const std::string kProvince = "pppppppppppppppp";
const std::string kProvince2 = "qqqqqqqqqqqqqqqq";

RemoteCell story_cell(const std::string& column, Value value, Hlc hlc, const std::string& node = kProvince) {
  return RemoteCell{"stories", kStory, column, std::move(value), hlc, node, std::nullopt};
}

// A story this node (the district) wrote and submitted; returns its
// status's clock.
Hlc own_submitted_story(Store& s) {
  seed_reference(s);
  REQUIRE(s.write("stories", {{"id", kStory},
                              {"unit_id", std::string("dong-van")},
                              {"title", std::string("Người giữ rừng")},
                              {"status", std::string("submitted")}})
              .is_ok());
  return (*s.cell_clock("stories", kStory, "status"))->hlc;
}

}  // namespace

TEST_CASE("a province decision and note over a district's story are no conflict (issue 11 item 5a)") {
  StoreFixture f;
  auto s = f.open();
  const Hlc mine = own_submitted_story(*s);
  // The empty review note is the district's too: its new row carried it.
  REQUIRE((*s->cell_clock("stories", kStory, "review_note")).has_value());
  auto r = s->apply_remote({story_cell("status", std::string("rejected"), mine + 10),
                            story_cell("review_note", std::string("Cần bổ sung ảnh"), mine + 10)});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kApplied);
  CHECK(r->outcomes[1] == ApplyOutcome::kApplied);
  CHECK(r->conflicts == 0);
  CHECK(s->conflicts()->empty());
}

TEST_CASE("a district's resubmission over the province's rejection is no conflict (issue 11 item 5b)") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  const Hlc t = hlc_pack(f.clock->now_ms, 0);
  // The province's node: the story arrived, this node rejected it.
  auto arrived = s->apply_remote({{"stories", kStory, "_row", std::int64_t{1}, t, "dddddddddddddddd", std::nullopt},
                                  {"stories", kStory, "unit_id", std::string("dong-van"), t, "dddddddddddddddd",
                                   std::nullopt},
                                  {"stories", kStory, "status", std::string("submitted"), t, "dddddddddddddddd",
                                   std::nullopt}});
  REQUIRE(arrived.is_ok());
  REQUIRE(s->write("stories", {{"id", kStory}, {"status", std::string("rejected")}}).is_ok());
  const Hlc rejected = (*s->cell_clock("stories", kStory, "status"))->hlc;
  auto r = s->apply_remote(
      {{"stories", kStory, "status", std::string("submitted"), rejected + 10, "dddddddddddddddd", std::nullopt}});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kApplied);
  CHECK(r->conflicts == 0);
  // The losing side of the same rule: a rejection older than the
  // resubmission (another province machine) loses without a conflict.
  r = s->apply_remote({story_cell("status", std::string("rejected"), rejected + 5, kProvince2)});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kStale);
  CHECK(r->conflicts == 0);
}

TEST_CASE("two reviewers' decisions, or two reviewers' notes, still collide") {
  StoreFixture f;
  auto s = f.open();
  const Hlc mine = own_submitted_story(*s);
  REQUIRE(s->apply_remote({story_cell("status", std::string("approved"), mine + 10),
                           story_cell("review_note", std::string("Bài tốt"), mine + 10)})
              ->conflicts == 0);
  // A second province machine rejected it, not having seen the approval.
  auto r = s->apply_remote({story_cell("status", std::string("rejected"), mine + 20, kProvince2),
                            story_cell("review_note", std::string("Thiếu ảnh"), mine + 20, kProvince2)});
  REQUIRE(r.is_ok());
  CHECK(r->conflicts == 2);  // approved -> rejected moves backwards; the note is free text
  auto kept = s->conflicts();
  REQUIRE(kept->size() == 2);
  for (const auto& c : *kept) {
    if (c.column == "status") CHECK(c.lost_value == Value{std::string("approved")});
    if (c.column == "review_note") CHECK(c.lost_value == Value{std::string("Bài tốt")});
  }
}

TEST_CASE("text both sides write still collides: a district's title and the province's") {
  StoreFixture f;
  auto s = f.open();
  const Hlc mine = own_submitted_story(*s);
  auto r = s->apply_remote({story_cell("title", std::string("Người giữ rừng Lũng Cú"), mine + 10)});
  REQUIRE(r.is_ok());
  CHECK(r->conflicts == 1);
}

TEST_CASE("a district moving its own story back to draft while it was submitted is still kept") {
  StoreFixture f;
  auto s = f.open();
  const Hlc mine = own_submitted_story(*s);
  // Another machine of the district, not having seen the submission.
  auto r = s->apply_remote({story_cell("status", std::string("draft"), mine + 10, "dddddddddddddddd")});
  REQUIRE(r.is_ok());
  CHECK(r->conflicts == 1);
}
