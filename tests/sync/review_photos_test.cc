// Issue 12, "Chờ duyệt": the province node fetches the photos of the stories
// it reviews and publishes (submitted, approved, published), never those of
// drafts, a bounded number per sync. Real server on a loopback port, real
// clients.
#include "store/node_store.h"
#include "tests/support/images.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A story of Đồng Văn in `status`; `cover`, when given, is its cover's hash.
void write_story(Store& node, const std::string& id, const std::string& status, const std::string& cover = "") {
  Row story{{"id", id},          {"unit_id", "dong-van"},    {"title", "Bài " + id},
            {"subject", "Ông Páo"}, {"category", "individual"}, {"body_md", "Nội dung."},
            {"status", status},    {"created_on", "2021-03-02"}};
  if (!cover.empty()) story["cover_hash"] = cover;
  REQUIRE(node.write("stories", story).is_ok());
}

// Holds `photo` on `node` (queued for upload unless `upload` is false) and
// adds it to `story`; returns its hash.
std::string add_photo(Store& node, const std::string& story, const std::string& photo, bool upload = true) {
  auto info = sniff_image(photo);
  REQUIRE(info.is_ok());
  BlobInfo blob{sha256_hex(photo), info->mime, static_cast<std::int64_t>(photo.size()), info->width, info->height};
  REQUIRE(node.put_blob(blob, photo, upload).is_ok());
  Row pic{{"id", "ph-" + blob.hash.substr(0, 8)}, {"story_id", story},  {"blob_hash", blob.hash},
          {"alt", "Ảnh"},                          {"ordinal", std::int64_t{1}}};
  REQUIRE(node.write("story_photos", pic).is_ok());
  return blob.hash;
}

std::optional<std::string> held(Store& node, const std::string& hash) {
  auto bytes = node.blob_bytes(hash);
  REQUIRE(bytes.is_ok());
  return *bytes;
}

}  // namespace

TEST_CASE("issue 12: the province node fetches the photos of submitted stories, never of drafts") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  auto district = f.init("dv.db", dv);
  const std::string sent = png_with_payload(16, 8, 20'000), draft = png_with_payload(8, 8, 5'000),
                    lost = png_with_payload(8, 16, 3'000);
  write_story(*district, "st-sent", "submitted");
  write_story(*district, "st-draft", "draft");
  const std::string sent_hash = add_photo(*district, "st-sent", sent);
  const std::string draft_hash = add_photo(*district, "st-draft", draft);
  // Referenced, held by the district, never sent: the server lacks its bytes.
  const std::string lost_hash = add_photo(*district, "st-sent", lost, /*upload=*/false);
  auto dv_report = f.sync(*district);
  REQUIRE(dv_report.photos_uploaded == 2);
  CHECK(dv_report.review_photos_downloaded == 0);

  auto province = f.init("tinh.db", tinh);
  CHECK(held(*province, sent_hash) == std::optional<std::string>(sent));
  CHECK_FALSE(held(*province, draft_hash));  // a draft's photo stays with the district
  CHECK_FALSE(held(*province, lost_hash));   // the server does not have it: no failure
  CHECK(NodeStore(*province).review_photos_missing()->size() == 1);
  CHECK(NodeStore(*province).rejections()->first == 0);
  CHECK(NodeStore(*province).photos_to_upload()->empty());  // fetched, not new photos to send

  // A later sync asks again for what the server lacked, and gets nothing else.
  auto again = f.sync(*province);
  CHECK(again.review_photos_downloaded == 0);
  CHECK(again.refused.empty());
  // Once the district sends it, the province's next sync fetches it.
  REQUIRE(district->put_blob(BlobInfo{lost_hash, "image/png", static_cast<std::int64_t>(lost.size()), 8, 16},
                             lost).is_ok());
  REQUIRE(f.sync(*district).photos_uploaded == 1);
  CHECK(f.sync(*province).review_photos_downloaded == 1);
  CHECK(held(*province, lost_hash) == std::optional<std::string>(lost));
  CHECK(NodeStore(*province).review_photos_missing()->empty());

  // Submitting the draft brings its photo to the province.
  REQUIRE(district->write("stories", {{"id", "st-draft"}, {"status", "submitted"}}).is_ok());
  f.sync(*district);
  CHECK(f.sync(*province).review_photos_downloaded == 1);
  CHECK(held(*province, draft_hash) == std::optional<std::string>(draft));
}

TEST_CASE("issue 12: the province fetches a bounded number of review photos per sync, covers included") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  auto district = f.init("dv.db", dv);
  const std::string a = png_with_payload(8, 8, 1'000), b = png_with_payload(8, 8, 2'000),
                    cover = png_with_payload(8, 8, 3'000);
  auto info = sniff_image(cover);
  REQUIRE(info.is_ok());
  const std::string cover_hash = sha256_hex(cover);
  REQUIRE(district->put_blob(BlobInfo{cover_hash, info->mime, static_cast<std::int64_t>(cover.size()),
                                      info->width, info->height}, cover).is_ok());
  write_story(*district, "st-a", "submitted", cover_hash);
  add_photo(*district, "st-a", a);
  add_photo(*district, "st-a", b);
  REQUIRE(f.sync(*district).photos_uploaded == 3);

  ClientOptions one = SyncFixture::fast();
  one.review_photos_per_sync = 1;
  auto province = f.init("tinh.db", tinh, one);
  CHECK(NodeStore(*province).review_photos_missing()->size() == 2);  // one per sync
  CHECK(f.sync(*province, one).review_photos_downloaded == 1);
  CHECK(f.sync(*province, one).review_photos_downloaded == 1);
  CHECK(NodeStore(*province).review_photos_missing()->empty());
  CHECK(held(*province, cover_hash) == std::optional<std::string>(cover));
  CHECK(f.sync(*province, one).review_photos_downloaded == 0);
}
