// Authorization of photos on the real server: photo rows, photo bytes and
// per-node uploads (issue 9), and every unit_id the schema declares.
#include <httplib.h>

#include "sync/server/internal/server_photos.h"
#include "tests/support/images.h"
#include "tests/sync/pusher.h"
#include "tests/sync/sync_fixture.h"
#include "store/server_store.h"

using namespace thidua;
using namespace thidua::testing;

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
