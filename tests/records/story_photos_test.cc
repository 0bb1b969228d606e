// Stories' photos downscaled on the node (issue 12): what is stored and
// queued is the downscaled photo, the original stays beside the database.
#include <filesystem>

#include "common/hex.h"
#include "photo/photo.h"
#include "store/node_store.h"
#include "tests/records/fixture.h"
#include "tests/support/images.h"
#include "tests/support/photos.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

NewStory story(std::vector<std::string> photos = {}) {
  NewStory s;
  s.title = "Người giữ rừng Lũng Cú";
  s.subject = "Ông Vàng Mí Chứ";
  s.category = "individual";
  s.body_md = "Ba mươi năm giữ rừng.";
  s.photo_paths = std::move(photos);
  s.today = "2021-04-03";
  return s;
}

std::size_t files_in(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a camera photo is stored downscaled and upright, its original kept beside the database") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string camera = with_camera_metadata(make_photo(4000, 3000), 6);
  write_file(f.dir.path() / "DSC_0042.JPG", camera);

  std::vector<PhotoSaving> saved;
  auto id = add_story(*s, story({f.dir.file("DSC_0042.JPG")}), &saved);
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  REQUIRE(saved.size() == 1);
  const PhotoSaving& p = saved[0];
  CHECK(p.name == f.dir.file("DSC_0042.JPG"));
  CHECK(p.original_bytes == static_cast<std::int64_t>(camera.size()));
  CHECK(p.stored_bytes < p.original_bytes / 3);
  CHECK(p.width == 1200);  // orientation 6: turned upright
  CHECK(p.height == 1600);
  CHECK(saving_text(p).rfind("đã giảm từ ", 0) == 0);

  auto stored = s->blob_bytes(p.hash);
  REQUIRE(stored.is_ok());
  REQUIRE(stored->has_value());
  CHECK(sha256_hex(**stored) == p.hash);
  CHECK((*stored)->find("Exif") == std::string::npos);
  CHECK((*stored)->find("Lung Cu") == std::string::npos);
  CHECK(get_row(*s, "stories", *id).at("cover_hash") == Value{p.hash});
  CHECK(*NodeStore(*s).photos_to_upload() == std::vector<std::string>{p.hash});

  // The original, byte for byte, outside the database: never exported, so never synced.
  const fs::path original = f.dir.file("node.db") + ".originals/" + p.hash + ".jpg";
  CHECK(p.original_file == original.string());
  CHECK(read_file(original.string()) == camera);
  CHECK_FALSE(s->blob_info(sha256_hex(camera))->has_value());
  CHECK(s->export_json()->find(sha256_hex(camera)) == std::string::npos);
}

TEST_CASE("a small clean photo is stored as picked and no original is kept") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string small = make_photo(640, 480);
  write_file(f.dir.path() / "small.jpg", small);
  std::vector<PhotoSaving> saved;
  REQUIRE(add_story(*s, story({f.dir.file("small.jpg")}), &saved).is_ok());
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].hash == sha256_hex(small));
  CHECK(saved[0].original_file.empty());
  CHECK(saving_text(saved[0]) == "giữ nguyên " + std::to_string((small.size() + 500) / 1000) + " kB");
  CHECK(files_in(f.dir.file("node.db") + ".originals") == 0);
}

TEST_CASE("edit adds uploaded photos: a transparent PNG stays PNG, downscaled") {
  StoreFixture f;
  auto s = open_node(f);
  auto id = add_story(*s, story());
  REQUIRE(id.is_ok());
  StoryEdit e;
  e.id = *id;
  std::vector<PhotoSaving> saved;
  Status st = edit_story(*s, e, {PickedPhoto{"so-do.png", make_photo(2400, 1200, PhotoType::kPng, 4)}}, &saved);
  REQUIRE_MESSAGE(st.is_ok(), st.message());
  REQUIRE(saved.size() == 1);
  CHECK(saved[0].name == "so-do.png");
  CHECK(saved[0].width == 1600);
  CHECK(saved[0].height == 800);
  auto info = s->blob_info(saved[0].hash);
  REQUIRE(info->has_value());
  CHECK((*info)->mime == "image/png");
  CHECK(fs::exists(saved[0].original_file));
  CHECK(saved[0].original_file.ends_with(".png"));
}

TEST_CASE("a damaged photo or a refused story writes nothing and keeps no original") {
  StoreFixture f;
  auto s = open_node(f);
  const Snapshot before = snapshot(*s);
  const fs::path originals = f.dir.file("node.db") + ".originals";

  // Whole by its structure, but no pixels behind the headers.
  write_file(f.dir.path() / "broken.jpg", jpeg_header(3000, 2000));
  write_file(f.dir.path() / "big.jpg", make_photo(2000, 1500));
  auto id = add_story(*s, story({f.dir.file("big.jpg"), f.dir.file("broken.jpg")}));
  REQUIRE_FALSE(id.is_ok());
  CHECK(id.status().code() == Status::Code::kInvalid);
  CHECK(id.status().message().find("broken.jpg") != std::string::npos);
  CHECK(id.status().message().find("ảnh bị hỏng") != std::string::npos);
  CHECK(snapshot(*s) == before);
  CHECK(files_in(originals) == 0);

  // Another unit's story: refused inside the transaction, the original written for it removed.
  REQUIRE(s->write("stories", {{"id", std::string("x1")}, {"unit_id", std::string("meo-vac")},
                               {"title", std::string("Bài khác")}, {"status", std::string("draft")}})
              .is_ok());
  const Snapshot with_foreign = snapshot(*s);
  StoryEdit e;
  e.id = "x1";
  e.photo_paths = {f.dir.file("big.jpg")};
  CHECK(edit_story(*s, e).code() == Status::Code::kInvalid);
  CHECK(snapshot(*s) == with_foreign);
  CHECK(files_in(originals) == 0);
}

TEST_CASE("saving_text says sizes as a clerk's file manager does") {
  PhotoSaving p;
  p.original_bytes = 4'200'000;
  p.stored_bytes = 310'000;
  p.original_file = "x";
  CHECK(saving_text(p) == "đã giảm từ 4,2 MB xuống 310 kB");
  p.original_bytes = 10'485'760;
  p.stored_bytes = 999;
  CHECK(saving_text(p) == "đã giảm từ 10,5 MB xuống 999 byte");
  p.original_bytes = p.stored_bytes = 1'499;
  p.original_file.clear();
  CHECK(saving_text(p) == "giữ nguyên 1 kB");
}
