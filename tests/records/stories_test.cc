// Stories: add with photos, edit, submit, and every refusal.
#include <algorithm>

#include "common/hex.h"
#include "photo/photo.h"
#include "tests/records/fixture.h"
#include "tests/support/images.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

NewStory story(std::vector<std::string> photos = {}) {
  NewStory s;
  s.title = "Người giữ rừng Lũng Cú";
  s.subject = "Ông Vàng Mí Chứ";
  s.category = "individual";
  s.body_md = "# Gương sáng\n\nBa mươi năm giữ rừng.";
  s.photo_paths = std::move(photos);
  s.today = "2021-04-03";
  return s;
}

std::vector<Row> photos_of(Store& s, const std::string& story_id) {
  auto rows = s.rows("story_photos");
  REQUIRE(rows.is_ok());
  std::vector<Row> out;
  for (auto& r : *rows)
    if (text(r, "story_id") == story_id) out.push_back(r);
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
    return std::get<std::int64_t>(a.at("ordinal")) < std::get<std::int64_t>(b.at("ordinal"));
  });
  return out;
}

// A story of another unit, as it would arrive by sync.
void write_foreign_story(Store& s, const std::string& id, const std::string& unit,
                         const std::string& status) {
  REQUIRE(
      s.write(
           "stories",
           {{"id", id}, {"unit_id", unit}, {"title", std::string("Bài khác")}, {"status", status}})
          .is_ok());
}

}  // namespace

TEST_CASE("add stores a draft with its photos, cover and upload queue") {
  StoreFixture f;
  auto s = open_node(f);
  write_file(f.dir.path() / "a.png", kOnePixelPng);
  write_file(f.dir.path() / "b.jpg", jpeg_header(800, 600));
  const auto before = last_seq(*s);

  auto id = add_story(*s, story({f.dir.file("a.png"), f.dir.file("b.jpg")}));
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  CHECK(id->size() == 32);
  CHECK(id->find_first_not_of("0123456789abcdef") == std::string::npos);

  Row row = get_row(*s, "stories", *id);
  CHECK(text(row, "unit_id") == "dong-van");
  CHECK(text(row, "status") == "draft");
  CHECK(text(row, "category") == "individual");
  CHECK(text(row, "created_on") == "2021-04-03");
  const std::string png_hash = sha256_hex(kOnePixelPng),
                    jpg_hash = sha256_hex(jpeg_header(800, 600));
  CHECK(text(row, "cover_hash") == png_hash);

  auto photos = photos_of(*s, *id);
  REQUIRE(photos.size() == 2);
  CHECK(text(photos[0], "blob_hash") == png_hash);
  CHECK(text(photos[1], "blob_hash") == jpg_hash);
  CHECK(text(photos[0], "alt") == "Người giữ rừng Lũng Cú");
  CHECK(photos[1]["ordinal"] == Value{std::int64_t{2}});

  auto info = s->blob_info(jpg_hash);
  REQUIRE(info.is_ok());
  REQUIRE(info->has_value());
  CHECK((*info)->mime == "image/jpeg");
  CHECK((*info)->width == 800);
  CHECK((*info)->height == 600);
  CHECK(*s->blob_bytes(png_hash) == std::optional<std::string>(kOnePixelPng));
  CHECK(NodeStore(*s).photos_to_upload()->size() == 2);
  CHECK(outbox_entries(*s, "stories", before) >= 8);
  CHECK(outbox_entries(*s, "story_photos", before) >= 2 * 5);
}

TEST_CASE("a phone JPEG with data after its end is kept as its image alone") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string jpeg = jpeg_header(800, 600);
  write_file(f.dir.path() / "motion.jpg", jpeg + "MotionPhoto_Data: a clip, maybe GPS");
  auto id = add_story(*s, story({f.dir.file("motion.jpg")}));
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  auto photos = photos_of(*s, *id);
  REQUIRE(photos.size() == 1);
  CHECK(text(photos[0], "blob_hash") == sha256_hex(jpeg));
  CHECK(*s->blob_bytes(sha256_hex(jpeg)) == std::optional<std::string>(jpeg));
}

TEST_CASE("add uses the alt text given and stores a repeated photo once") {
  StoreFixture f;
  auto s = open_node(f);
  write_file(f.dir.path() / "a.webp", webp_vp8l(40, 30));
  NewStory st = story({f.dir.file("a.webp"), f.dir.file("a.webp")});
  st.alt = "Ông Chứ bên rừng nghiến";
  auto id = add_story(*s, st);
  REQUIRE(id.is_ok());
  auto photos = photos_of(*s, *id);
  REQUIRE(photos.size() == 2);
  CHECK(text(photos[1], "alt") == "Ông Chứ bên rừng nghiến");
  CHECK(*s->count("blobs") == 1);
  CHECK(NodeStore(*s).photos_to_upload()->size() == 1);
}

TEST_CASE("add refuses bad fields and bad photos, writing nothing") {
  StoreFixture f;
  auto s = open_node(f);
  write_file(f.dir.path() / "notes.txt", "không phải ảnh");
  write_file(f.dir.path() / "ok.png", kOnePixelPng);
  write_file(f.dir.path() / "huge.png", kOnePixelPng + std::string(kMaxPhotoBytes, '\0'));
  const Snapshot before = snapshot(*s);

  NewStory bad_category = story();
  bad_category.category = "hero";
  auto r = add_story(*s, bad_category);
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK(contains(r.status().message(), "individual, collective, business"));

  NewStory no_title = story();
  no_title.title = "  ";
  CHECK(contains(add_story(*s, no_title).status().message(), "tiêu đề không được để trống"));
  NewStory no_body = story();
  no_body.body_md = "";
  CHECK(add_story(*s, no_body).status().code() == Status::Code::kInvalid);

  // A good photo first: the bad second one must still stop everything.
  auto missing = add_story(*s, story({f.dir.file("ok.png"), f.dir.file("missing.jpg")}));
  CHECK(missing.status().code() == Status::Code::kInvalid);
  CHECK(contains(missing.status().message(), "missing.jpg"));

  auto text_file = add_story(*s, story({f.dir.file("ok.png"), f.dir.file("notes.txt")}));
  CHECK(contains(text_file.status().message(), "notes.txt"));
  CHECK(contains(text_file.status().message(), "không phải ảnh JPEG, PNG hay WebP"));

  auto huge = add_story(*s, story({f.dir.file("huge.png")}));
  CHECK(contains(huge.status().message(), "10 MB"));

  auto folder = add_story(*s, story({f.dir.path().string()}));
  CHECK(folder.status().code() == Status::Code::kInvalid);

  CHECK(snapshot(*s) == before);
}

TEST_CASE("a photo of exactly the maximum size is accepted") {
  StoreFixture f;
  auto s = open_node(f);
  // The IDAT padded so that the whole PNG is exactly the maximum size
  // (bytes after IEND are no longer an image: issue 9).
  const std::size_t overhead = png_with_payload(1, 1, 0).size();
  std::string bytes = png_with_payload(1, 1, kMaxPhotoBytes - overhead);
  REQUIRE(bytes.size() == kMaxPhotoBytes);
  write_file(f.dir.path() / "max.png", bytes);
  CHECK(add_story(*s, story({f.dir.file("max.png")})).is_ok());
}

TEST_CASE("edit changes the named fields and appends photos") {
  StoreFixture f;
  auto s = open_node(f);
  write_file(f.dir.path() / "a.png", kOnePixelPng);
  write_file(f.dir.path() / "b.png", png_header(2, 2));
  auto id = add_story(*s, story());
  REQUIRE(id.is_ok());
  CHECK(is_null(get_row(*s, "stories", *id)["cover_hash"]));

  const auto before = last_seq(*s);
  StoryEdit e;
  e.id = *id;
  e.title = "Người giữ rừng";
  e.photo_paths = {f.dir.file("a.png")};
  REQUIRE(edit_story(*s, e).is_ok());
  Row row = get_row(*s, "stories", *id);
  CHECK(text(row, "title") == "Người giữ rừng");
  CHECK(text(row, "subject") == "Ông Vàng Mí Chứ");
  CHECK(text(row, "cover_hash") == sha256_hex(kOnePixelPng));  // first photo becomes the cover
  CHECK(outbox_entries(*s, "stories", before) == 2);

  StoryEdit more;
  more.id = *id;
  more.photo_paths = {f.dir.file("b.png")};
  more.alt = "Ảnh thứ hai";
  REQUIRE(edit_story(*s, more).is_ok());
  auto photos = photos_of(*s, *id);
  REQUIRE(photos.size() == 2);
  CHECK(photos[0]["ordinal"] == Value{std::int64_t{1}});
  CHECK(text(photos[0], "alt") == "Người giữ rừng");
  CHECK(photos[1]["ordinal"] == Value{std::int64_t{2}});
  CHECK(text(photos[1], "alt") == "Ảnh thứ hai");
  CHECK(text(get_row(*s, "stories", *id), "cover_hash") == sha256_hex(kOnePixelPng));
}

TEST_CASE("edit refusals: unknown, other unit, nothing to change, approved or published") {
  StoreFixture f;
  auto s = open_node(f);
  auto id = add_story(*s, story());
  REQUIRE(id.is_ok());
  write_foreign_story(*s, "meo-vac-story", "meo-vac", "draft");
  write_foreign_story(*s, "approved-story", "dong-van", "approved");
  write_foreign_story(*s, "published-story", "dong-van", "published");
  const Snapshot before = snapshot(*s);

  StoryEdit e;
  e.title = "Tiêu đề mới";
  e.id = "no-such-story";
  CHECK(edit_story(*s, e).code() == Status::Code::kNotFound);
  e.id = "meo-vac-story";
  Status other = edit_story(*s, e);
  CHECK(other.code() == Status::Code::kInvalid);
  CHECK(contains(other.message(), "meo-vac"));
  for (const char* locked : {"approved-story", "published-story"}) {
    e.id = locked;
    Status st = edit_story(*s, e);
    CHECK(st.code() == Status::Code::kConflict);
    CHECK(contains(st.message(), "cấp tỉnh"));
  }
  StoryEdit nothing;
  nothing.id = *id;
  CHECK(edit_story(*s, nothing).code() == Status::Code::kInvalid);
  StoryEdit bad;
  bad.id = *id;
  bad.category = "hero";
  CHECK(edit_story(*s, bad).code() == Status::Code::kInvalid);
  bad.category.reset();
  bad.photo_paths = {f.dir.file("nope.png")};
  CHECK(edit_story(*s, bad).code() == Status::Code::kInvalid);

  CHECK(snapshot(*s) == before);
}

TEST_CASE("the province may edit its own approved story") {
  StoreFixture f;
  auto s = open_node(f, "ubnd-tinh", "province");
  write_foreign_story(*s, "tinh-story", "ubnd-tinh", "approved");
  StoryEdit e;
  e.id = "tinh-story";
  e.body_md = "Nội dung đã biên tập";
  CHECK(edit_story(*s, e).is_ok());
}

TEST_CASE("submit moves a draft or a rejected story to submitted, and nothing else") {
  StoreFixture f;
  auto s = open_node(f);
  auto id = add_story(*s, story());
  REQUIRE(id.is_ok());
  const auto before = last_seq(*s);
  REQUIRE(submit_story(*s, *id).is_ok());
  CHECK(text(get_row(*s, "stories", *id), "status") == "submitted");
  CHECK(outbox_entries(*s, "stories", before) == 1);

  Status again = submit_story(*s, *id);
  CHECK(again.code() == Status::Code::kConflict);
  CHECK(contains(again.message(), "đã gửi (submitted)"));

  write_foreign_story(*s, "rejected-story", "dong-van", "rejected");
  CHECK(submit_story(*s, "rejected-story").is_ok());
  write_foreign_story(*s, "published-story", "dong-van", "published");
  CHECK(contains(submit_story(*s, "published-story").message(), "đã đăng (published)"));
  write_foreign_story(*s, "meo-vac-story", "meo-vac", "draft");
  CHECK(submit_story(*s, "meo-vac-story").code() == Status::Code::kInvalid);
  CHECK(text(get_row(*s, "stories", "meo-vac-story"), "status") == "draft");
  CHECK(submit_story(*s, "nope").code() == Status::Code::kNotFound);
}
