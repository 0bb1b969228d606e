// Which merged cells make a server with --site-out rebuild the public site
// (sync/server/internal/public_change.h): what the site shows, before or
// after the merge, and only cells that changed something.
#include "sync/server/internal/public_change.h"

#include <doctest/doctest.h>

#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kNode = "bbbbbbbbbbbbbbbb";

// Merges cells as the server does, and says whether the site changed.
struct Merger {
  Store& s;
  Hlc next;

  RemoteCell cell(const std::string& table, const std::string& pk, const std::string& column,
                  Value v) {
    return RemoteCell{table, pk, column, std::move(v), next++, kNode, std::nullopt};
  }
  bool merge(const std::vector<RemoteCell>& cells) {
    PublicChange watch(s);
    REQUIRE(watch.before(cells).is_ok());
    auto applied = s.apply_remote(cells);
    REQUIRE(applied.is_ok());
    auto shown = watch.after(cells, applied->outcomes);
    REQUIRE(shown.is_ok());
    return *shown;
  }
  bool story(const std::string& id, const std::string& column, Value v) {
    return merge({cell("stories", id, column, std::move(v))});
  }
};

}  // namespace

TEST_CASE("issue 12: a merge changes the public site only through what the site shows") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Merger m{*s, hlc_pack(f.clock->now_ms - 100'000, 0)};

  // A district's draft, then its submission: nothing public.
  CHECK_FALSE(m.merge({m.cell("stories", "s1", "_row", std::int64_t{1}),
                       m.cell("stories", "s1", "unit_id", std::string("dong-van")),
                       m.cell("stories", "s1", "title", std::string("Người giữ rừng"))}));
  CHECK_FALSE(m.story("s1", "status", std::string("submitted")));
  CHECK_FALSE(m.merge({m.cell("story_photos", "p1", "_row", std::int64_t{1}),
                       m.cell("story_photos", "p1", "story_id", std::string("s1")),
                       m.cell("story_photos", "p1", "blob_hash", std::string(64, 'a'))}));
  // Published: public; an edit of it, and its withdrawal, too.
  CHECK(m.story("s1", "status", std::string("published")));
  CHECK(m.story("s1", "title", std::string("Người giữ rừng Lũng Cú")));
  CHECK(m.merge({m.cell("story_photos", "p1", "alt", std::string("Ảnh"))}));
  CHECK(m.story("s1", "status", std::string("approved")));
  CHECK_FALSE(m.story("s1", "title", std::string("Sửa sau khi gỡ")));

  // A cell the store already holds changes nothing.
  const RemoteCell old = m.cell("stories", "s1", "title", std::string("Cũ"));
  m.next += 10;
  CHECK_FALSE(m.story("s1", "title", std::string("Mới hơn")));
  CHECK_FALSE(m.merge({old}));  // stale

  // Progress is always public; a nomination once approved or forwarded.
  CHECK(m.merge({m.cell("progress", "2021-q1-01:dong-van", "_row", std::int64_t{1}),
                 m.cell("progress", "2021-q1-01:dong-van", "task_id", std::string("2021-q1-01")),
                 m.cell("progress", "2021-q1-01:dong-van", "unit_id", std::string("dong-van")),
                 m.cell("progress", "2021-q1-01:dong-van", "percent", std::int64_t{40})}));
  CHECK_FALSE(m.merge({m.cell("nominations", "n1", "_row", std::int64_t{1}),
                       m.cell("nominations", "n1", "unit_id", std::string("dong-van")),
                       m.cell("nominations", "n1", "nominee", std::string("Chị Lò Thị Mai"))}));
  CHECK(m.merge({m.cell("nominations", "n1", "status", std::string("approved"))}));
  // Issue 13: the commendation record names award kinds and council sessions.
  CHECK(m.merge({m.cell("award_kinds", "bang-khen", "_row", std::int64_t{1}),
                 m.cell("award_kinds", "bang-khen", "name", std::string("Bằng khen"))}));
  CHECK(m.merge({m.cell("council_sessions", "2021-q2", "_row", std::int64_t{1}),
                 m.cell("council_sessions", "2021-q2", "title", std::string("Phiên họp quý II/2021"))}));
}

TEST_CASE("issue 12: a photo's bytes are public when a published story shows them") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  const std::string shown(64, 'a'), draft(64, 'b'), cover(64, 'c');
  REQUIRE(s->write("stories", {{"id", std::string("pub")},
                               {"unit_id", std::string("dong-van")},
                               {"status", std::string("published")},
                               {"cover_hash", cover}})
              .is_ok());
  REQUIRE(s->write("stories", {{"id", std::string("dr")}, {"unit_id", std::string("dong-van")}})
              .is_ok());
  REQUIRE(
      s->write("story_photos",
               {{"id", std::string("p1")}, {"story_id", std::string("pub")}, {"blob_hash", shown}})
          .is_ok());
  REQUIRE(
      s->write("story_photos",
               {{"id", std::string("p2")}, {"story_id", std::string("dr")}, {"blob_hash", draft}})
          .is_ok());
  const std::vector<std::pair<std::string, bool>> cases = {
      {shown, true}, {draft, false}, {cover, true}, {std::string(64, 'd'), false}};
  for (const auto& [hash, expected] : cases) {
    CAPTURE(hash);
    auto r = photo_public(*s, hash);
    REQUIRE(r.is_ok());
    CHECK(*r == expected);
  }
}
