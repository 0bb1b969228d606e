// Authorization, per cell, on the real server: each line of sync/server/authz.h.
#include <httplib.h>

#include "sync/server/internal/server_photos.h"
#include "tests/support/images.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"
#include "store/nomination_path.h"
#include "store/server_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kRandomStory = "5f0c3a9be1d24c7f8a6b0e1d2c3b4a59";

struct Pusher {
  SyncFixture& f;
  Hlc next = hlc_pack(wall_clock_ms(), 0);

  RemoteCell cell(const std::string& table, const std::string& pk, const std::string& col, Value v) {
    return RemoteCell{table, pk, col, std::move(v), ++next, "", std::nullopt};
  }

  // POSTs the cells as `token`; returns the HTTP status and decoded answer.
  std::pair<int, SyncResponse> push(const std::string& token, const std::vector<RemoteCell>& cells,
                                    std::int64_t cursor = 0) {
    SyncRequest req;
    req.schema = latest_schema_version();
    req.cursor = cursor;
    req.cells = cells;
    httplib::Client http(f.url());
    auto res = http.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}}, encode_sync_request(req),
                         "application/json");
    REQUIRE(res);
    SyncResponse decoded;
    if (res->status == 200) {
      auto d = decode_sync_response(res->body);
      REQUIRE(d.is_ok());
      decoded = *d;
    }
    return {res->status, decoded};
  }

  // The reasons of rejected cells by index ("" when accepted).
  std::vector<std::string> reasons(const std::string& token, const std::vector<RemoteCell>& cells) {
    auto [status, res] = push(token, cells);
    REQUIRE(status == 200);
    std::vector<std::string> out(cells.size());
    for (const auto& r : res.rejected) out.at(r.index) = r.reason;
    return out;
  }
};

std::vector<RemoteCell> new_story(Pusher& p, const std::string& id, const std::string& unit, const std::string& status) {
  return {p.cell("stories", id, "_row", std::int64_t{1}), p.cell("stories", id, "unit_id", unit),
          p.cell("stories", id, "title", std::string("Gương sáng ") + unit), p.cell("stories", id, "status", status)};
}

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

namespace {

// PUTs `bytes` as one chunk of `total` at `offset`; the status and body.
std::pair<int, std::string> put_chunk(SyncFixture& f, const std::string& token, const std::string& hash,
                                      std::int64_t offset, std::int64_t total, const std::string& bytes) {
  httplib::Client http(f.url());
  auto res = http.Put("/api/v1/photos/" + hash + "?offset=" + std::to_string(offset) +
                          "&total=" + std::to_string(total),
                      {{"Authorization", "Bearer " + token}}, bytes, "application/octet-stream");
  REQUIRE(res);
  return {res->status, res->body};
}

int get_photo(SyncFixture& f, const std::string& token, const std::string& hash, std::string* body = nullptr) {
  httplib::Client http(f.url());
  auto res = http.Get("/api/v1/photos/" + hash, {{"Authorization", "Bearer " + token}});
  REQUIRE(res);
  if (res->status == 200) CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  if (body) *body = res->body;
  return res->status;
}

std::vector<MissingPhoto> missing(SyncFixture& f, const std::string& token, const std::string& hash) {
  httplib::Client http(f.url());
  auto res = http.Post("/api/v1/photos/missing", {{"Authorization", "Bearer " + token}},
                       encode_hash_list({hash}), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto m = decode_missing(res->body);
  REQUIRE(m.is_ok());
  return *m;
}

std::vector<RemoteCell> new_photo(Pusher& p, const std::string& id, const std::string& story, const std::string& hash) {
  return {p.cell("story_photos", id, "_row", std::int64_t{1}), p.cell("story_photos", id, "story_id", story),
          p.cell("story_photos", id, "blob_hash", hash)};
}

const std::string kHash = std::string(64, 'e');

}  // namespace

TEST_CASE("regression (issue 9 row 1): a photo row cannot move to another district's story or a published one") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  const std::string mine = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1", mine2 = "a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2";
  const std::string mine_pub = "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3";
  const std::string theirs = "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1", theirs_pub = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
  std::vector<RemoteCell> cells;
  for (const auto& id : {mine, mine2, mine_pub}) {
    auto s = new_story(p, id, "dong-van", "submitted");
    cells.insert(cells.end(), s.begin(), s.end());
  }
  auto photo = new_photo(p, "ph-dv", mine, kHash);
  cells.insert(cells.end(), photo.begin(), photo.end());
  for (const auto& why : p.reasons(dv.token, cells)) CHECK(why.empty());
  cells = new_story(p, theirs, "meo-vac", "draft");
  auto more = new_story(p, theirs_pub, "meo-vac", "submitted");
  cells.insert(cells.end(), more.begin(), more.end());
  for (const auto& why : p.reasons(mv.token, cells)) CHECK(why.empty());
  for (const auto& id : {mine_pub, theirs_pub}) {
    auto r = p.reasons(tinh.token, {p.cell("stories", id, "status", std::string("published")),
                                    p.cell("stories", id, "published_on", std::string("2021-06-01"))});
    CHECK(r[0].empty());
  }

  SUBCASE("moved onto another district's draft, or its published story") {
    auto r = p.reasons(dv.token, {p.cell("story_photos", "ph-dv", "story_id", theirs),
                                  p.cell("story_photos", "ph-dv", "story_id", theirs_pub)});
    CHECK(r[0].find("thuộc đơn vị khác (meo-vac)") != std::string::npos);
    CHECK(r[1].find("thuộc đơn vị khác (meo-vac)") != std::string::npos);
    CHECK(cell_of(*f.central(), "story_photos", "ph-dv", "story_id") == Value{mine});
  }
  SUBCASE("moved onto its own published story") {
    auto r = p.reasons(dv.token, {p.cell("story_photos", "ph-dv", "story_id", mine_pub)});
    CHECK(r[0].find("đã được duyệt") != std::string::npos);
  }
  SUBCASE("created on another district's story, alone or with a story of its own in the batch") {
    auto cells2 = new_photo(p, "ph-new", theirs_pub, kHash);
    auto r = p.reasons(dv.token, cells2);
    CHECK_FALSE(r[0].empty());
    CHECK_FALSE(r[1].empty());
    CHECK_FALSE(f.central()->get("story_photos", "ph-new")->has_value());
  }
  SUBCASE("between its own open stories it moves; out of a published one it does not") {
    auto r = p.reasons(dv.token, {p.cell("story_photos", "ph-dv", "story_id", mine2)});
    CHECK(r[0].empty());
    CHECK(cell_of(*f.central(), "story_photos", "ph-dv", "story_id") == Value{mine2});
    r = p.reasons(tinh.token, {p.cell("story_photos", "ph-pub", "_row", std::int64_t{1}),
                               p.cell("story_photos", "ph-pub", "story_id", mine_pub)});
    CHECK(r[1].empty());
    r = p.reasons(dv.token, {p.cell("story_photos", "ph-pub", "story_id", mine2),
                             p.cell("story_photos", "ph-pub", "_row", std::int64_t{0})});
    CHECK(r[0].find("đã được duyệt") != std::string::npos);
    CHECK(r[1].find("đã được duyệt") != std::string::npos);
  }
  SUBCASE("other reference columns: a hash is a hash, a progress row keeps its task") {
    auto r = p.reasons(dv.token, {p.cell("story_photos", "ph-dv", "blob_hash", std::string("../../etc/passwd")),
                                  p.cell("stories", mine, "cover_hash", std::string("<script>")),
                                  p.cell("stories", mine, "cover_hash", kHash),
                                  p.cell("progress", "2021-q1-01:dong-van", "_row", std::int64_t{1}),
                                  p.cell("progress", "2021-q1-01:dong-van", "unit_id", std::string("dong-van")),
                                  p.cell("progress", "2021-q1-01:dong-van", "task_id", std::string("2021-q1-02")),
                                  p.cell("progress", "2021-q1-01:dong-van", "task_id", std::string("2021-q1-01"))});
    CHECK(r[0].find("SHA-256") != std::string::npos);
    CHECK(r[1].find("SHA-256") != std::string::npos);
    CHECK(r[2].empty());
    CHECK(r[3].empty());
    CHECK(r[4].empty());
    CHECK(r[5].find("chỉ thuộc nhiệm vụ 2021-q1-01") != std::string::npos);
    CHECK(r[6].empty());
  }
}

TEST_CASE("regression (issue 9 row 2): a photo's bytes go only to a unit that holds them or sees them published") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  const std::string png = png_header(3, 2);
  const std::string hash = sha256_hex(png);
  const std::string theirs = "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1", mine = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
  // Mèo Vạc uploads its photo and puts it in its draft.
  CHECK(missing(f, mv.token, hash).size() == 1);
  CHECK(put_chunk(f, mv.token, hash, 0, static_cast<std::int64_t>(png.size()), png).first == 200);
  CHECK(missing(f, mv.token, hash).empty());
  auto cells = new_story(p, theirs, "meo-vac", "submitted");
  auto ph = new_photo(p, "ph-mv", theirs, hash);
  cells.insert(cells.end(), ph.begin(), ph.end());
  for (const auto& why : p.reasons(mv.token, cells)) CHECK(why.empty());
  // Đồng Văn names the hash in its own draft: the row is its own business,
  // but it proves nothing.
  cells = new_story(p, mine, "dong-van", "submitted");
  ph = new_photo(p, "ph-dv", mine, hash);
  cells.insert(cells.end(), ph.begin(), ph.end());
  for (const auto& why : p.reasons(dv.token, cells)) CHECK(why.empty());
  CHECK(get_photo(f, dv.token, hash) == 404);
  CHECK(get_photo(f, mv.token, hash) == 200);
  CHECK(get_photo(f, tinh.token, hash) == 200);
  // The server has the bytes, but Đồng Văn is asked for them.
  auto asked = missing(f, dv.token, hash);
  REQUIRE(asked.size() == 1);
  CHECK(asked[0].offset == 0);

  // Đồng Văn's story published: its page may not show a photo its unit
  // never uploaded, so the bytes still do not go to it.
  REQUIRE(p.reasons(tinh.token, {p.cell("stories", mine, "status", std::string("published"))})[0].empty());
  CHECK(get_photo(f, dv.token, hash) == 404);
  CHECK_FALSE(*ServerStore(*f.central()).story_may_show_blob(hash, "dong-van"));
  CHECK(*ServerStore(*f.central()).story_may_show_blob(hash, "meo-vac"));
  // Mèo Vạc's story published: every district may see it, photo included.
  REQUIRE(p.reasons(tinh.token, {p.cell("stories", theirs, "status", std::string("published"))})[0].empty());
  std::string body;
  CHECK(get_photo(f, dv.token, hash, &body) == 200);
  CHECK(body == png);

  SUBCASE("a district that has the bytes proves it by uploading them") {
    auto lone = png_header(5, 5);
    auto h = sha256_hex(lone);
    CHECK(put_chunk(f, mv.token, h, 0, static_cast<std::int64_t>(lone.size()), lone).first == 200);
    CHECK(get_photo(f, dv.token, h) == 404);
    CHECK(put_chunk(f, dv.token, h, 0, static_cast<std::int64_t>(lone.size()), lone).first == 200);
    CHECK(get_photo(f, dv.token, h) == 200);
    CHECK(*f.central()->count("blobs") == 2);  // one copy of the bytes
  }
}

TEST_CASE("regression (issue 9 row 10): uploads are per node; one node's bad chunk leaves another's upload") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  f.start();
  const std::string png = png_with_payload(4, 4, 3000);
  const std::string hash = sha256_hex(png);
  const auto total = static_cast<std::int64_t>(png.size());
  CHECK(put_chunk(f, dv.token, hash, 0, total, png.substr(0, 1000)).first == 200);
  // Mèo Vạc starts its own upload at 0 (not at Đồng Văn's 1000) and ends it
  // with wrong bytes: 422 for it, nothing lost for Đồng Văn.
  CHECK(missing(f, mv.token, hash).at(0).offset == 0);
  CHECK(put_chunk(f, mv.token, hash, 0, total, png.substr(0, 1000)).first == 200);
  CHECK(put_chunk(f, mv.token, hash, 1000, total, std::string(png.size() - 1000, 'z')).first == 422);
  CHECK(missing(f, dv.token, hash).at(0).offset == 1000);
  CHECK(missing(f, mv.token, hash).at(0).offset == 0);
  CHECK(put_chunk(f, dv.token, hash, 1000, total, png.substr(1000)).first == 200);
  CHECK(missing(f, dv.token, hash).empty());
  CHECK(*f.central()->count("blobs") == 1);
  // A changed total mid-way starts the node's upload over.
  const std::string other = png_with_payload(4, 4, 100);
  const std::string h2 = sha256_hex(other);
  CHECK(put_chunk(f, mv.token, h2, 0, 500, other.substr(0, 50)).first == 200);
  CHECK(put_chunk(f, mv.token, h2, 50, static_cast<std::int64_t>(other.size()), other.substr(50)).first == 409);
  CHECK(missing(f, mv.token, h2).at(0).offset == 0);
}

TEST_CASE("regression (issue 9 row 10): unfinished uploads are bounded per node and expire after 14 days") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  f.start();
  for (std::int64_t i = 0; i < kMaxUploadsPerNode; ++i) {
    std::string h = sha256_hex("photo " + std::to_string(i));
    CHECK(put_chunk(f, dv.token, h, 0, 100, "abc").first == 200);
  }
  auto [status, body] = put_chunk(f, dv.token, sha256_hex("one more"), 0, 100, "abc");
  CHECK(status == 429);
  CHECK(body.find("ảnh gửi dở") != std::string::npos);
  // An upload already started goes on; another node is not affected.
  CHECK(put_chunk(f, dv.token, sha256_hex("photo 0"), 3, 100, "def").first == 200);
  CHECK(put_chunk(f, mv.token, sha256_hex("one more"), 0, 100, "abc").first == 200);
  f.stop();

  // Expiry, by the Store's clock: 13 days after the last chunk an upload
  // stays, after 15 it is gone.
  std::int64_t now = wall_clock_ms();
  OpenOptions o;
  o.clock_ms = [&now] { return now; };
  auto store = Store::open(f.central_path(), o);
  REQUIRE(store.is_ok());
  auto& s = **store;
  REQUIRE(ServerStore(s).append_upload(dv.node_id, kHash, 10, 0, "12345").is_ok());
  constexpr std::int64_t kDay = std::int64_t{24} * 3600 * 1000;
  now += 13 * kDay;
  CHECK(*ServerStore(s).purge_stale_uploads(kUploadMaxAgeMs) == 0);
  REQUIRE(ServerStore(s).append_upload(dv.node_id, kHash, 10, 5, "67").is_ok());  // a slow link: still going
  now += 2 * kDay;
  CHECK(*ServerStore(s).purge_stale_uploads(kUploadMaxAgeMs) == 17);  // the ones sent over HTTP above
  CHECK(*ServerStore(s).upload_offset(dv.node_id, kHash) == 7);
  now += 11 * kDay;  // 13 days after its last chunk
  CHECK(*ServerStore(s).purge_stale_uploads(kUploadMaxAgeMs) == 0);
  now += 2 * kDay;
  CHECK(*ServerStore(s).purge_stale_uploads(kUploadMaxAgeMs) == 1);
  CHECK(ServerStore(s).upload_usage(dv.node_id)->uploads == 0);
}

TEST_CASE("regression (issue 9 row 10): one node's unfinished uploads are bounded in bytes (413, said in Vietnamese)") {
  SyncFixture f;  // the database only: the route logic is called directly
  auto store = f.central();
  const Principal dv{"node-dv", "dong-van", "district"}, mv{"node-mv", "meo-vac", "district"};
  const auto total = static_cast<std::int64_t>(kMaxPhotoBytes);
  const std::string chunk(kMaxPhotoBytes - 1, 'x');  // never the last chunk: each stays unfinished
  std::int64_t held = 0;
  int i = 0;
  for (; held + static_cast<std::int64_t>(chunk.size()) <= kMaxUploadBytesPerNode; ++i) {
    auto r = photo_put(*store, dv, sha256_hex("big " + std::to_string(i)), 0, total, chunk);
    REQUIRE(r.status == 200);
    held += static_cast<std::int64_t>(chunk.size());
  }
  auto refused = photo_put(*store, dv, sha256_hex("big " + std::to_string(i)), 0, total, chunk);
  CHECK(refused.status == 413);
  CHECK(refused.body.find("ảnh gửi dở của máy đã chiếm") != std::string::npos);
  CHECK(ServerStore(*store).upload_usage(dv.node_id)->bytes == held);
  // Another node is not held back by it.
  CHECK(photo_put(*store, mv, sha256_hex("big 0"), 0, total, chunk).status == 200);
}

TEST_CASE("authorization matrix: every unit_id of store/schema.cc points to the writer's unit, before and after") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  const std::string story = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", nom = "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2";
  auto cells = new_story(p, story, "dong-van", "draft");
  for (auto c : {p.cell("nominations", nom, "_row", std::int64_t{1}),
                 p.cell("nominations", nom, "unit_id", std::string("dong-van")),
                 p.cell("progress", "2021-q1-03:dong-van", "_row", std::int64_t{1}),
                 p.cell("progress", "2021-q1-03:dong-van", "unit_id", std::string("dong-van"))})
    cells.push_back(c);
  for (const auto& why : p.reasons(dv.token, cells)) CHECK(why.empty());
  auto r = p.reasons(dv.token, {p.cell("stories", story, "unit_id", std::string("meo-vac")),
                                p.cell("nominations", nom, "unit_id", std::string("meo-vac")),
                                p.cell("progress", "2021-q1-03:dong-van", "unit_id", std::string("meo-vac")),
                                p.cell("task_units", "2021-q1-03:dong-van", "_row", std::int64_t{1})});
  for (const auto& why : r) CHECK_FALSE(why.empty());
  CHECK(r[0].find("sang đơn vị khác") != std::string::npos);
  CHECK(r[3].find("chỉ cấp tỉnh") != std::string::npos);
  auto central = f.central();
  CHECK(cell_of(*central, "stories", story, "unit_id") == Value{std::string("dong-van")});
  CHECK(cell_of(*central, "nominations", nom, "unit_id") == Value{std::string("dong-van")});

  // A photo the province uploaded may be shown by any published story: the
  // province reviews and may add photos to what it publishes.
  const std::string png = png_header(6, 4), hash = sha256_hex(png);
  CHECK(put_chunk(f, tinh.token, hash, 0, static_cast<std::int64_t>(png.size()), png).first == 200);
  CHECK(*ServerStore(*central).story_may_show_blob(hash, "dong-van"));
  CHECK(*ServerStore(*central).unit_holds_blob(hash, "ban-tdkt"));
  CHECK_FALSE(*ServerStore(*central).unit_holds_blob(hash, "dong-van"));
  CHECK(get_photo(f, dv.token, hash) == 404);  // not published anywhere yet
}

TEST_CASE("regression (issue 12, Đề nghị khen thưởng): a district edits and resubmits a rejected nomination, never a decided one") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  const std::string nom = "d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3";
  for (const auto& why : p.reasons(dv.token, {p.cell("nominations", nom, "_row", std::int64_t{1}),
                                              p.cell("nominations", nom, "unit_id", std::string("dong-van")),
                                              p.cell("nominations", nom, "status", std::string("submitted"))}))
    CHECK(why.empty());
  // Issue 13: the council rejects what was appraised (appraised_on in the batch).
  auto r = p.reasons(tinh.token, {p.cell("nominations", nom, "status", std::string("rejected")),
                                  p.cell("nominations", nom, "review_note", std::string("Bổ sung thành tích")),
                                  p.cell("nominations", nom, "appraised_on", std::string("2021-05-01"))});
  CHECK(r[0].empty());
  // Before the fix the server refused both cells ("đã được xét (rejected)")
  // while the issue asks for edit and resubmit after a rejection.
  r = p.reasons(dv.token, {p.cell("nominations", nom, "achievement_md", std::string("Thành tích đã bổ sung")),
                           p.cell("nominations", nom, "status", std::string("submitted"))});
  CHECK(r[0].empty());
  CHECK(r[1].empty());
  auto central = f.central();
  CHECK(cell_of(*central, "nominations", nom, "status") == Value{std::string("submitted")});
  CHECK(cell_of(*central, "nominations", nom, "review_note") == Value{std::string("Bổ sung thành tích")});
  for (const char* decided : {"appraised", "approved", "forwarded"}) {
    CAPTURE(decided);
    std::vector<RemoteCell> step{p.cell("nominations", nom, "status", std::string(decided))};
    if (std::string(decided) == "forwarded") {  // issue 13: a state-level kind, with its date
      step.push_back(p.cell("nominations", nom, "award_kind", std::string("bang-khen-thu-tuong")));
      step.push_back(p.cell("nominations", nom, "forwarded_on", std::string("2021-07-01")));
    }
    for (const auto& why : p.reasons(tinh.token, step)) CHECK(why.empty());
    r = p.reasons(dv.token, {p.cell("nominations", nom, "award", std::string("Bằng khen")),
                             p.cell("nominations", nom, "status", std::string("submitted"))});
    CHECK(r[0].find("đã được xét") != std::string::npos);
    CHECK(r[1].find("đã được xét") != std::string::npos);
  }
}

TEST_CASE("issue 13: the nomination's path on the server, every step allowed and refused, per role") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  auto c = [&](const std::string& pk, const std::string& col, Value v) {
    return p.cell("nominations", pk, col, std::move(v));
  };
  auto refused = [](const std::vector<std::string>& reasons) {
    for (const auto& why : reasons) CHECK_FALSE(why.empty());
  };
  auto accepted = [](const std::vector<std::string>& reasons) {
    for (const auto& why : reasons) CHECK(why.empty());
  };
  const std::string nom = "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1";
  const std::string state = "e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2e2";
  const std::string session = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";
  for (const auto& [id, kind] : {std::pair{nom, "bang-khen-chu-tich-ubnd-tinh"}, std::pair{state, "huan-chuong-lao-dong-hang-ba"}}) {
    accepted(p.reasons(dv.token, {c(id, "_row", std::int64_t{1}), c(id, "unit_id", std::string("dong-van")),
                                  c(id, "nominee", std::string("Lò Thị Hoa")), c(id, "award_kind", std::string(kind)),
                                  c(id, "status", std::string("submitted"))}));
  }
  // A district takes no step of the path: every field of it is the province's.
  refused(p.reasons(dv.token, {c(nom, "appraisal_note", std::string("x")), c(nom, "appraised_on", std::string("2021-05-01")),
                               c(nom, "session_id", session), c(nom, "forwarded_on", std::string("2021-05-01")),
                               c(nom, "centre_result", std::string("conferred")),
                               c(nom, "signing_level", std::string("chu-tich-ubnd-tinh")),
                               c(nom, "status", std::string("appraised"))}));
  refused(p.reasons(dv.token, {p.cell("council_sessions", session, "_row", std::int64_t{1})}));

  // The province, out of order: each refused on the row as the batch leaves it.
  refused(p.reasons(tinh.token, {c(nom, "status", std::string("approved"))}));  // not appraised
  refused(p.reasons(tinh.token, {c(nom, "appraisal_note", std::string("Đủ tiêu chuẩn"))}));
  refused(p.reasons(tinh.token, {c(nom, "decision_no", std::string("1/QĐ-UBND")), c(nom, "decided_on", std::string("2021-06-30"))}));
  refused(p.reasons(tinh.token, {c(nom, "forwarded_on", std::string("2021-07-01"))}));

  // In order: appraised and put on a session's agenda, approved, decided.
  accepted(p.reasons(tinh.token, {p.cell("council_sessions", session, "_row", std::int64_t{1}),
                                  p.cell("council_sessions", session, "year", std::int64_t{2021}),
                                  p.cell("council_sessions", session, "quarter", std::int64_t{2}),
                                  p.cell("council_sessions", session, "title", std::string("Phiên họp Quý II/2021")),
                                  c(nom, "appraisal_note", std::string("Đủ tiêu chuẩn")),
                                  c(nom, "appraised_on", std::string("2021-05-10")), c(nom, "status", std::string("appraised")),
                                  c(nom, "session_id", session)}));
  accepted(p.reasons(tinh.token, {c(nom, "status", std::string("approved")), c(nom, "decision_no", std::string("1234/QĐ-UBND")),
                                  c(nom, "decided_on", std::string("2021-06-30")),
                                  c(nom, "signing_level", std::string("chu-tich-ubnd-tinh"))}));
  auto central = f.central();
  CHECK(cell_of(*central, "nominations", nom, "decision_no") == Value{std::string("1234/QĐ-UBND")});
  // Never back, never rejected once approved, never forwarded (a province-level kind).
  for (const char* back : {"appraised", "submitted", "rejected"}) {
    CAPTURE(back);
    auto r = p.reasons(tinh.token, {c(nom, "status", std::string(back))});
    CHECK(r[0].find("không chuyển ngược") != std::string::npos);
  }
  refused(p.reasons(tinh.token, {c(nom, "forwarded_on", std::string("2021-07-01")), c(nom, "status", std::string("forwarded"))}));
  refused(p.reasons(tinh.token, {c(nom, "signing_level", std::string("thu-tuong"))}));
  refused(p.reasons(tinh.token, {c(nom, "centre_result", std::string("conferred"))}));
  CHECK(cell_of(*central, "nominations", nom, "status") == Value{std::string("approved")});

  // A state-level one: no province decision number; several steps made
  // offline arrive in one batch and are judged together.
  auto approved = p.reasons(tinh.token, {c(state, "appraised_on", std::string("2021-05-10")),
                                         c(state, "status", std::string("approved")),
                                         c(state, "decision_no", std::string("9/QĐ-UBND"))});
  CHECK(approved[0].empty());
  CHECK(approved[1].empty());
  CHECK(approved[2].find("quyết định của tỉnh") != std::string::npos);
  accepted(p.reasons(tinh.token, {c(state, "forwarded_on", std::string("2021-07-05")), c(state, "status", std::string("forwarded")),
                                  c(state, "centre_result", std::string("conferred")),
                                  c(state, "decision_no", std::string("2011/QĐ-CTN")),
                                  c(state, "decided_on", std::string("2021-11-20")),
                                  c(state, "signing_level", std::string("chu-tich-nuoc"))}));
  CHECK(cell_of(*central, "nominations", state, "status") == Value{std::string("forwarded")});
  refused(p.reasons(tinh.token, {c(state, "signing_level", std::string("chu-tich-ubnd-tinh"))}));
  refused(p.reasons(tinh.token, {c(state, "status", std::string("approved"))}));
  // And the district still edits none of it.
  refused(p.reasons(dv.token, {c(state, "nominee", std::string("Tên khác"))}));
}

TEST_CASE("issue 13: the agenda rule on the server, as store/nomination_path.h holds it") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  Pusher p{f};
  auto c = [&](const std::string& pk, const std::string& col, Value v) {
    return p.cell("nominations", pk, col, std::move(v));
  };
  const std::string session = "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1";
  const std::string on = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";     // put on the session's agenda
  const std::string off = "a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2";    // on no agenda
  const std::string off_r = "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3";  // on no agenda, rejected
  for (const auto& id : {on, off, off_r}) {
    for (const auto& why : p.reasons(dv.token, {c(id, "_row", std::int64_t{1}), c(id, "unit_id", std::string("dong-van")),
                                                c(id, "nominee", std::string("Lò Thị Hoa")),
                                                c(id, "award_kind", std::string("bang-khen-chu-tich-ubnd-tinh")),
                                                c(id, "status", std::string("submitted"))}))
      CHECK(why.empty());
  }
  auto session_row = p.reasons(tinh.token, {p.cell("council_sessions", session, "_row", std::int64_t{1}),
                                            p.cell("council_sessions", session, "year", std::int64_t{2021}),
                                            p.cell("council_sessions", session, "quarter", std::int64_t{2})});
  for (const auto& why : session_row) CHECK(why.empty());
  // Only an appraised row goes on an agenda.
  auto early = p.reasons(tinh.token, {c(on, "session_id", session)});
  CHECK(early[0].find("chỉ ghi cho đề nghị đã thẩm định") != std::string::npos);
  for (const auto& id : {on, off, off_r}) {
    for (const auto& why : p.reasons(tinh.token, {c(id, "appraised_on", std::string("2021-05-10")),
                                                  c(id, "status", std::string("appraised"))}))
      CHECK(why.empty());
  }
  // On the agenda: the council's approval is taken.
  for (const auto& why : p.reasons(tinh.token, {c(on, "session_id", session), c(on, "status", std::string("approved"))}))
    CHECK(why.empty());
  // On no agenda: refused once the rule holds on every path; until then
  // the older decision path (records/review.h, the Chờ duyệt page) is
  // accepted, as tests/records/review_test.cc and this file pin.
  for (const auto& [id, to] : {std::pair{off, "approved"}, std::pair{off_r, "rejected"}}) {
    CAPTURE(to);
    auto r = p.reasons(tinh.token, {c(id, "status", std::string(to))});
    if (nomination_path::kAgendaOnEveryPath) {
      CHECK(r[0].find("cần được đưa vào một phiên họp hội đồng (session_id)") != std::string::npos);
    } else {
      CHECK(r[0].empty());
    }
  }
  auto central = f.central();
  CHECK(cell_of(*central, "nominations", on, "status") == Value{std::string("approved")});
  CHECK(cell_of(*central, "nominations", on, "session_id") == Value{session});
}
