// Authorization, per cell, on the real server: each line of sync/server/authz.h
// (photos and uploads: authz_photo_test.cc; the nomination path: authz_path_test.cc).
#include <httplib.h>

#include "tests/sync/pusher.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"
#include "store/server_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kRandomStory = "5f0c3a9be1d24c7f8a6b0e1d2c3b4a59";

}  // namespace

TEST_CASE("authorization matrix for a district node") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};

  SUBCASE("reference data is the province's") {
    auto r = p.reasons(dv.token, {p.cell("units", "dong-van", "name", std::string("Đồng Văn mới")),
                                  p.cell("plans", "2021", "title", std::string("x")),
                                  p.cell("tasks", "2021-q1-01", "content", std::string("x")),
                                  p.cell("task_units", "2021-q1-01:ubnd-tinh", "_row", std::int64_t{0})});
    for (const auto& why : r) CHECK(why.find("chỉ cấp tỉnh") != std::string::npos);
    auto ok = p.reasons(tinh.token, {p.cell("tasks", "2021-q1-01", "due", std::string("2021-03-30"))});
    CHECK(ok[0].empty());
  }
  SUBCASE("a district writes only its own unit's rows") {
    auto r = p.reasons(dv.token, {
        p.cell("progress", "2021-q1-01:dong-van", "_row", std::int64_t{1}),
        p.cell("progress", "2021-q1-01:dong-van", "unit_id", std::string("dong-van")),
        p.cell("progress", "2021-q1-01:dong-van", "status", std::string("done")),
        p.cell("progress", "2021-q1-01:meo-vac", "_row", std::int64_t{1}),
        p.cell("progress", "2021-q1-01:meo-vac", "unit_id", std::string("meo-vac")),
        p.cell("progress", "2021-q1-02:dong-van", "_row", std::int64_t{1}),
        p.cell("progress", "2021-q1-02:dong-van", "unit_id", std::string("meo-vac")),
    });
    CHECK(r[0].empty());
    CHECK(r[1].empty());
    CHECK(r[2].empty());  // the forbidden cells after it did not block it
    CHECK(r[3].find("đơn vị khác") != std::string::npos);
    CHECK(r[4].find("đơn vị khác") != std::string::npos);
    CHECK_FALSE(r[6].empty());
    CHECK(cell_of(*f.central(), "progress", "2021-q1-01:dong-van", "status") == Value{std::string("done")});
    CHECK_FALSE(f.central()->get("progress", "2021-q1-01:meo-vac")->has_value());
  }
  SUBCASE("a district never writes review fields") {
    auto story = new_story(p, kRandomStory, "dong-van", "submitted");
    auto r = p.reasons(dv.token, story);
    for (const auto& why : r) CHECK(why.empty());
    r = p.reasons(dv.token, {p.cell("stories", kRandomStory, "status", std::string("published")),
                             p.cell("stories", kRandomStory, "status", std::string("approved")),
                             p.cell("stories", kRandomStory, "review_note", std::string("tốt")),
                             p.cell("stories", kRandomStory, "published_on", std::string("2021-05-01"))});
    for (const auto& why : r) CHECK_FALSE(why.empty());
    std::string nom = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    r = p.reasons(dv.token, {p.cell("nominations", nom, "_row", std::int64_t{1}),
                             p.cell("nominations", nom, "unit_id", std::string("dong-van")),
                             p.cell("nominations", nom, "nominee", std::string("Nguyễn Văn A")),
                             p.cell("nominations", nom, "decision_no", std::string("123/QĐ-UBND")),
                             p.cell("nominations", nom, "council_session", std::string("Quý II")),
                             p.cell("nominations", nom, "status", std::string("approved"))});
    CHECK(r[0].empty());
    CHECK(r[2].empty());
    CHECK_FALSE(r[3].empty());
    CHECK_FALSE(r[4].empty());
    CHECK_FALSE(r[5].empty());
    // The province may; after approval the district may no longer edit.
    // Issue 13: a decision number goes only on an approved (appraised) row,
    // so the province's batch carries the appraisal and the approval too.
    r = p.reasons(tinh.token, {p.cell("stories", kRandomStory, "status", std::string("approved")),
                               p.cell("nominations", nom, "decision_no", std::string("123/QĐ-UBND")),
                               p.cell("nominations", nom, "appraised_on", std::string("2021-05-01")),
                               p.cell("nominations", nom, "status", std::string("approved"))});
    CHECK(r[0].empty());
    CHECK(r[1].empty());
    CHECK(r[2].empty());
    CHECK(r[3].empty());
    r = p.reasons(dv.token, {p.cell("stories", kRandomStory, "title", std::string("sửa sau khi duyệt"))});
    CHECK(r[0].find("đã được duyệt") != std::string::npos);
  }
  SUBCASE("unknown, missing and revoked tokens get 401") {
    CHECK(p.push("not-a-token", {}).first == 401);
    httplib::Client http(f.url());
    auto res = http.Post("/api/v1/sync", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(p.push(dv.token, {}).first == 200);
    REQUIRE(ServerStore(*f.central()).revoke_server_node(dv.node_id).is_ok());
    CHECK(p.push(dv.token, {}).first == 401);
  }
}

TEST_CASE("pull is filtered: other districts' drafts, progress and nominations never leave the server") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  const std::string draft = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0";
  const std::string pub = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
  const std::string nom = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
  auto cells = new_story(p, draft, "meo-vac", "draft");
  auto more = new_story(p, pub, "meo-vac", "submitted");
  cells.insert(cells.end(), more.begin(), more.end());
  cells.push_back(p.cell("stories", pub, "body_md", std::string("Nội dung **bài** đã đăng")));
  cells.push_back(p.cell("story_photos", "ph1", "_row", std::int64_t{1}));
  cells.push_back(p.cell("story_photos", "ph1", "story_id", pub));
  cells.push_back(p.cell("progress", "2021-q3-01:meo-vac", "_row", std::int64_t{1}));
  cells.push_back(p.cell("progress", "2021-q3-01:meo-vac", "unit_id", std::string("meo-vac")));
  cells.push_back(p.cell("nominations", nom, "_row", std::int64_t{1}));
  cells.push_back(p.cell("nominations", nom, "unit_id", std::string("meo-vac")));
  for (const auto& why : p.reasons(mv.token, cells)) CHECK(why.empty());

  auto dong_van = f.init("dv.db", dv);
  for (const char* table : {"stories", "story_photos", "progress", "nominations"}) {
    CAPTURE(table);
    CHECK(*dong_van->count(table) == 0);
  }
  // The province publishes one story: Đồng Văn now receives all of it.
  auto province = f.init("tinh.db", tinh);
  CHECK(*province->count("stories") == 2);
  CHECK(*province->count("nominations") == 1);
  REQUIRE(province->write("stories", {{"id", pub}, {"status", std::string("published")},
                                       {"published_on", std::string("2021-06-01")}}).is_ok());
  f.sync(*province);
  f.sync(*dong_van);
  CHECK(*dong_van->count("stories") == 1);
  CHECK(cell_of(*dong_van, "stories", pub, "body_md") == Value{std::string("Nội dung **bài** đã đăng")});
  CHECK(cell_of(*dong_van, "stories", pub, "title") == Value{std::string("Gương sáng meo-vac")});
  CHECK(*dong_van->count("story_photos") == 1);
  CHECK_FALSE(dong_van->get("stories", draft)->has_value());
  CHECK(*dong_van->count("progress") == 0);
  CHECK(*dong_van->count("nominations") == 0);
  std::string exported = *dong_van->export_json();
  CHECK(exported.find(draft) == std::string::npos);
  CHECK(exported.find(nom) == std::string::npos);

  // The province withdraws it: Đồng Văn's copy goes, photos with it, and
  // nothing of that goes back to the server as Đồng Văn's own change.
  auto meo_vac = f.init("mv.db", mv);
  REQUIRE(province->write("stories", {{"id", pub}, {"status", std::string("approved")}}).is_ok());
  f.sync(*province);
  auto withdrawn = f.sync(*dong_van);
  CHECK(withdrawn.rows_withdrawn == 1);
  CHECK(*dong_van->count("stories") == 0);
  CHECK(*dong_van->count("story_photos") == 0);
  CHECK(dong_van->outbox()->empty());
  CHECK(dong_van->export_json()->find("Nội dung **bài** đã đăng") == std::string::npos);
  CHECK(f.sync(*dong_van).rows_withdrawn == 0);  // told once
  // Mèo Vạc's own story stays on Mèo Vạc's machine.
  CHECK(f.sync(*meo_vac).rows_withdrawn == 0);
  CHECK(cell_of(*meo_vac, "stories", pub, "status") == Value{std::string("approved")});
  // The server still has it whole.
  auto central = f.central();
  CHECK(cell_of(*central, "stories", pub, "body_md") == Value{std::string("Nội dung **bài** đã đăng")});
  CHECK(*central->count("story_photos") == 1);

  // Published again, it arrives again whole.
  REQUIRE(province->write("stories", {{"id", pub}, {"status", std::string("published")},
                                       {"published_on", std::string("2021-07-01")}}).is_ok());
  f.sync(*province);
  f.sync(*dong_van);
  CHECK(cell_of(*dong_van, "stories", pub, "body_md") == Value{std::string("Nội dung **bài** đã đăng")});
  CHECK(cell_of(*dong_van, "stories", pub, "published_on") == Value{std::string("2021-07-01")});
  CHECK(*dong_van->count("story_photos") == 1);
  CHECK(dong_van->outbox()->empty());
}

TEST_CASE("regression (empty review fields on a new row, 6e0f957): a district's new story carries its empty review note and is accepted whole") {
  // The insert trigger captures review_note = '' (its default); the server
  // refused that cell as a review field, so every new story had a rejection.
  // Pins WriteGuard accepting an empty review field on a row the same push
  // creates (or one the server holds empty), fixed in 6e0f957.
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  REQUIRE(node->write("stories", {{"id", std::string("e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0")},
                                  {"unit_id", std::string("dong-van")},
                                  {"title", std::string("Bài mới")}}).is_ok());
  auto r = f.sync(*node);
  CHECK(r.cells_rejected == 0);
  CHECK(r.rejections.empty());
  // But a district still cannot fill it in.
  REQUIRE(node->write("stories", {{"id", std::string("e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0")},
                                  {"review_note", std::string("tự duyệt")}}).is_ok());
  r = f.sync(*node);
  CHECK(r.cells_rejected == 1);
}

TEST_CASE("regression (found testing issue 11 item 6): a district's own story published comes back without the cells it wrote") {
  // When the province published it, the district's next pull carried every
  // cell of the story, its own writes too; the client refuses cells claiming
  // to be its own, so `node status` showed eight refusals.
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  auto node = f.init("dv.db", dv);
  const std::string id = "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1";
  REQUIRE(node->write("stories", {{"id", id}, {"unit_id", std::string("dong-van")},
                                  {"title", std::string("Mô hình trồng cam")},
                                  {"body_md", std::string("Nội dung")},
                                  {"status", std::string("submitted")}}).is_ok());
  REQUIRE(f.sync(*node).cells_rejected == 0);
  auto province = f.init("tinh.db", tinh);
  REQUIRE(province->write("stories", {{"id", id}, {"status", std::string("published")},
                                       {"published_on", std::string("2021-06-01")}}).is_ok());
  f.sync(*province);
  auto r = f.sync(*node);
  CHECK(r.cells_rejected == 0);
  CHECK(r.rejections.empty());
  CHECK(NodeStore(*node).rejections()->first == 0);
  CHECK(cell_of(*node, "stories", id, "status") == Value{std::string("published")});
  CHECK(cell_of(*node, "stories", id, "published_on") == Value{std::string("2021-06-01")});
  CHECK(cell_of(*node, "stories", id, "title") == Value{std::string("Mô hình trồng cam")});
}
