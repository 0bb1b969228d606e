// Bài điển hình: the list, the editor and its checks, photos downscaled,
// sending to the province, read-only and foreign stories, the preview.
#include "photo/photo.h"
#include "sitegen/preview.h"
#include "tests/support/photos.h"
#include "tests/webapp/story_forms.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("the list shows the unit's stories, newest change first, with badges and the province's note") {
  AppFixture a;
  auto empty = a.get("/bai-viet");
  CHECK(empty.status == 200);
  CHECK(contains(empty.body, "Đơn vị chưa có bài điển hình nào"));
  CHECK(contains(empty.body, "href=\"/bai-viet/moi\">Viết bài mới</a>"));
  CHECK(contains(empty.body, "href=\"/bai-viet\" aria-current=\"page\">Bài điển hình</a>"));

  seed_story(*a.store, "s-draft", "dong-van", "Bài nháp", "draft");
  seed_story(*a.store, "s-sent", "dong-van", "Bài đã gửi", "submitted");
  seed_story(*a.store, "s-ok", "dong-van", "Bài đã duyệt", "approved");
  seed_story(*a.store, "s-pub", "dong-van", "Bài đã đăng", "published");
  seed_story(*a.store, "s-back", "dong-van", "Bài bị trả lại", "rejected",
             "Cần thêm số liệu năm 2021.\nẢnh thứ hai bị mờ, hãy thay.");
  seed_story(*a.store, "s-other", "meo-vac", "Bài của Mèo Vạc", "draft");
  auto list = a.get("/bai-viet");
  CHECK(list.status == 200);
  for (const auto& [badge, title] : std::vector<std::pair<std::string, std::string>>{
           {"nháp", "Bài nháp"}, {"đã gửi", "Bài đã gửi"}, {"đã duyệt", "Bài đã duyệt"},
           {"đã đăng", "Bài đã đăng"}, {"bị trả lại", "Bài bị trả lại"}}) {
    CAPTURE(title);
    CHECK(contains(list.body, ">" + title + "</a>"));
    CHECK(contains(list.body, ">" + badge + "</span>"));
  }
  CHECK(contains(list.body, "href=\"/bai-viet/s-draft\""));
  CHECK(contains(list.body, "Cần thêm số liệu năm 2021.\nẢnh thứ hai bị mờ, hãy thay."));
  CHECK_FALSE(contains(list.body, "Bài của Mèo Vạc"));
  // Written last, shown first; a change moves a story up.
  CHECK(list.body.find("Bài bị trả lại") < list.body.find("Bài nháp"));
  REQUIRE(a.store->write("stories", {{"id", std::string("s-draft")}, {"title", std::string("Bài nháp mới sửa")}}).is_ok());
  auto again = a.get("/bai-viet");
  CHECK(again.body.find("Bài nháp mới sửa") < again.body.find("Bài bị trả lại"));
  CHECK_FALSE(contains(again.body, "Trang sau"));
  CHECK(a.get("/bai-viet?trang=0").status == 400);
  CHECK(a.get("/bai-viet?trang=abc").status == 400);
}

TEST_CASE("a unit with many stories sees them fifty to a page") {
  AppFixture a;
  for (int i = 0; i < 120; ++i) seed_story(*a.store, "s" + std::to_string(1000 + i), "dong-van", "Bài số " + std::to_string(i), "draft");
  auto first = a.get("/bai-viet");
  CHECK(contains(first.body, "Bài số 119<"));
  CHECK_FALSE(contains(first.body, "Bài số 69<"));
  CHECK(contains(first.body, "Trang 1 / 3"));
  CHECK(contains(first.body, "href=\"/bai-viet?trang=2\" rel=\"next\">Trang sau</a>"));
  auto last = a.get("/bai-viet?trang=3");
  CHECK(contains(last.body, "Bài số 0<"));
  CHECK(contains(last.body, "href=\"/bai-viet?trang=2\" rel=\"prev\">Trang trước</a>"));
  CHECK_FALSE(contains(last.body, "Trang sau"));
  CHECK(a.get("/bai-viet?trang=9").status == 200);  // past the end: an empty page, not an error
}

TEST_CASE("the new story editor: labelled fields with the names and buttons the browser test uses") {
  AppFixture a;
  auto r = a.get("/bai-viet/moi");
  CHECK(r.status == 200);
  CHECK(contains(r.body, "enctype=\"multipart/form-data\""));
  CHECK(contains(r.body, "action=\"/bai-viet/moi\""));
  for (const char* name : {"title", "subject", "category", "body", "photos", "alt"}) {
    CAPTURE(name);
    CHECK(contains(r.body, std::string("name=\"") + name + "\""));
    CHECK(contains(r.body, std::string("<label for=\"") + name + "\">"));
  }
  CHECK(contains(r.body, "<label for=\"title\">Tiêu đề</label>"));
  CHECK(contains(r.body, "<label for=\"subject\">Người, tập thể hoặc doanh nghiệp được nêu</label>"));
  CHECK(contains(r.body, "<label for=\"alt\">Mô tả ảnh</label>"));
  CHECK(contains(r.body, "<option value=\"individual\">Cá nhân</option>"));
  CHECK(contains(r.body, "<option value=\"collective\">Tập thể</option>"));
  CHECK(contains(r.body, "<option value=\"business\">Doanh nghiệp</option>"));
  CHECK(contains(r.body, "type=\"file\" multiple accept=\"image/jpeg,image/png,image/webp\""));
  CHECK(contains(r.body, ">Lưu nháp</button>"));
  CHECK(contains(r.body, "formaction=\"/bai-viet/xem-truoc\">Xem trước</button>"));
  CHECK_FALSE(contains(r.body, "Gửi lên tỉnh"));  // nothing to send before it is saved
}

TEST_CASE("a new story with a large photo is saved downscaled, and the page says what that saved, once") {
  AppFixture a;
  const std::string big = make_photo(3000, 2000);
  auto r = post_multipart(a, "/bai-viet/moi", kGoodFields, {photo_part("rung.jpg", big)});
  REQUIRE(r.status == 303);
  const std::string location = r.header("Location");
  const std::string id = id_of(location);
  Row row = get_row(*a.store, "stories", id);
  CHECK(text(row, "title") == "Người giữ rừng ở Lũng Cú");
  CHECK(text(row, "subject") == "Ông Sùng Mí Páo");
  CHECK(text(row, "category") == "individual");
  CHECK(text(row, "status") == "draft");
  CHECK(text(row, "unit_id") == "dong-van");
  const std::string hash = text(row, "cover_hash");
  auto info = a.store->blob_info(hash);
  REQUIRE(info.is_ok());
  REQUIRE(info->has_value());
  CHECK((*info)->width.value_or(0) == 1600);
  CHECK((*info)->height.value_or(0) <= 1600);
  CHECK((*info)->size < static_cast<std::int64_t>(big.size()));

  auto shown = a.get(location);
  CHECK(shown.status == 200);
  CHECK(contains(shown.body, "Đã lưu bài trên máy"));
  CHECK(contains(shown.body, "Ảnh rung.jpg: đã giảm từ "));
  CHECK(contains(shown.body, "<img src=\"/anh/" + hash + "\""));
  CHECK(contains(shown.body, "value=\"Người giữ rừng ở Lũng Cú\""));
  CHECK(contains(shown.body, ">Ông **Páo** giữ rừng.\n\n# Kết quả\n\nHơn 40 héc-ta.</textarea>"));
  CHECK(contains(shown.body, "<option value=\"individual\" selected>Cá nhân</option>"));
  CHECK(contains(shown.body, ">Gửi lên tỉnh</button>"));
  CHECK(contains(shown.body, "action=\"/bai-viet/" + id + "/gui\""));
  // The plain address does not say it again.
  CHECK_FALSE(contains(a.get("/bai-viet/" + id).body, "đã giảm từ"));
}

TEST_CASE("an editor form that makes no sense is refused beside its field, input kept, nothing written") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  struct Case {
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<webapp::UploadedFile> files;
    std::string field, message;
  };
  const std::string jpeg = make_photo(40, 30);
  const std::vector<Case> cases = {
      {with(kGoodFields, "title", "  "), {}, "title", "Nhập tiêu đề bài."},
      {with(kGoodFields, "subject", ""), {}, "subject", "Nhập người, tập thể hoặc doanh nghiệp"},
      {with(kGoodFields, "category", ""), {}, "category", "Chọn loại điển hình"},
      {with(kGoodFields, "category", "hero"), {}, "category", "Chọn loại điển hình"},
      {with(kGoodFields, "body", "\n"), {}, "body", "Nhập nội dung bài."},
      {kGoodFields, {photo_part("x.gif", "GIF89a\x01\x00\x01\x00", "image/gif")}, "photos",
       "Tệp x.gif không phải ảnh JPEG, PNG hay WebP."},
      {kGoodFields, {photo_part("lon.jpg", std::string(kMaxPhotoBytes + 1, 'x'))}, "photos",
       "Tệp lon.jpg lớn hơn 10 MB"},
      {kGoodFields, std::vector<webapp::UploadedFile>(9, photo_part("a.jpg", jpeg)), "photos",
       "tối đa 8 ảnh (đã chọn 9)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.message);
    auto r = post_multipart(a, "/bai-viet/moi", c.fields, c.files);
    CHECK(r.status == 400);
    CHECK(contains(r.body, c.message));
    CHECK(contains(r.body, "<a href=\"#" + c.field + "\">"));
    CHECK(contains(r.body, "id=\"" + c.field + "-loi\""));
    CHECK(contains(r.body, "value=\"Ông Páo bên rừng\""));  // the input kept
    if (!c.files.empty()) CHECK(contains(r.body, "hãy chọn lại ảnh"));  // files cannot be kept
  }
  // A damaged image passes the structure check but not the decoder (one
  // that must be downscaled is decoded): records says so.
  auto damaged = post_multipart(a, "/bai-viet/moi", kGoodFields, {photo_part("hong.jpg", jpeg_header(3000, 2000))});
  CHECK(damaged.status == 400);
  CHECK(contains(damaged.body, "Chưa lưu"));
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("editing a story saves the text and adds photos; sending it goes to the province") {
  AppFixture a;
  auto made = post_multipart(a, "/bai-viet/moi", kGoodFields, {});
  REQUIRE(made.status == 303);
  const std::string id = id_of(made.header("Location"));
  CHECK(made.header("Location") == "/bai-viet/" + id + "?da-luu=1");
  auto edited = post_multipart(a, "/bai-viet/" + id, with(kGoodFields, "body", "Nội dung mới."),
                               {photo_part("b.jpg", make_photo(200, 100))});
  REQUIRE(edited.status == 303);
  CHECK(text(get_row(*a.store, "stories", id), "body_md") == "Nội dung mới.");
  CHECK(contains(a.get(edited.header("Location")).body, "Ảnh b.jpg: "));
  auto refused = post_multipart(a, "/bai-viet/" + id, with(kGoodFields, "title", ""), {});
  CHECK(refused.status == 400);
  CHECK(text(get_row(*a.store, "stories", id), "title") == "Người giữ rừng ở Lũng Cú");

  auto sent = a.post("/bai-viet/" + id + "/gui", "");
  CHECK(sent.status == 303);
  CHECK(sent.header("Location") == "/bai-viet");
  CHECK(text(get_row(*a.store, "stories", id), "status") == "submitted");
  CHECK(contains(a.get("/bai-viet").body, ">đã gửi</span>"));
  CHECK(a.post("/bai-viet/" + id + "/gui", "").status == 409);
  CHECK(a.get("/bai-viet/" + id + "/gui").status == 405);
  CHECK(a.post("/bai-viet/" + id + "/gui", "", false).status == 403);
}

TEST_CASE("a rejected story shows the note above the editor and can be sent again") {
  AppFixture a;
  seed_story(*a.store, "s-back", "dong-van", "Bài bị trả lại", "rejected", "Thiếu số liệu.");
  auto page = a.get("/bai-viet/s-back");
  CHECK(page.status == 200);
  const auto note = page.body.find("Thiếu số liệu.");
  REQUIRE(note != std::string::npos);
  CHECK(note < page.body.find("<form method=\"post\" action=\"/bai-viet/s-back\""));
  CHECK(contains(page.body, ">Gửi lên tỉnh</button>"));
  CHECK(a.post("/bai-viet/s-back/gui", "").status == 303);
  CHECK(text(get_row(*a.store, "stories", "s-back"), "status") == "submitted");
}

TEST_CASE("an approved or published story is read-only; another unit's is 403, an unknown one 404") {
  AppFixture a;
  seed_story(*a.store, "s-ok", "dong-van", "Bài đã duyệt", "approved");
  seed_story(*a.store, "s-pub", "dong-van", "Bài đã đăng", "published");
  seed_story(*a.store, "s-other", "meo-vac", "Bài của Mèo Vạc", "draft");
  const Snapshot before = snapshot(*a.store);
  for (const char* id : {"s-ok", "s-pub"}) {
    CAPTURE(id);
    auto page = a.get(std::string("/bai-viet/") + id);
    CHECK(page.status == 200);
    CHECK(contains(page.body, "Tỉnh đã duyệt: không sửa được nữa"));
    CHECK_FALSE(contains(page.body, "Lưu nháp"));
    CHECK_FALSE(contains(page.body, "Gửi lên tỉnh"));
    CHECK(post_multipart(a, std::string("/bai-viet/") + id, kGoodFields, {}).status == 409);
    CHECK(a.post(std::string("/bai-viet/") + id + "/gui", "").status == 409);
  }
  auto other = a.get("/bai-viet/s-other");
  CHECK(other.status == 403);
  CHECK_FALSE(contains(other.body, "Bài của Mèo Vạc"));
  CHECK(post_multipart(a, "/bai-viet/s-other", kGoodFields, {}).status == 403);
  CHECK(a.post("/bai-viet/s-other/gui", "").status == 403);
  auto foreign = kGoodFields;
  foreign.emplace_back("id", "s-other");
  CHECK(post_multipart(a, "/bai-viet/xem-truoc", foreign, {}).status == 403);
  CHECK(a.get("/bai-viet/khong-co").status == 404);
  CHECK(post_multipart(a, "/bai-viet/khong-co", kGoodFields, {}).status == 404);
  CHECK(a.post("/bai-viet/khong-co/gui", "").status == 404);
  CHECK(a.get("/bai-viet/s-ok/khac").status == 404);
  CHECK(a.get("/bai-viet/%ZZ").status == 404);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("Xem trước shows the form's text as the public page, with the saved story's photos") {
  AppFixture a;
  auto made = post_multipart(a, "/bai-viet/moi", kGoodFields, {photo_part("a.jpg", make_photo(300, 200))});
  REQUIRE(made.status == 303);
  const std::string id = id_of(made.header("Location"));
  const std::string hash = text(get_row(*a.store, "stories", id), "cover_hash");
  const Snapshot before = snapshot(*a.store);
  auto fields = with(kGoodFields, "title", "Tiêu đề chưa lưu");
  fields.emplace_back("id", id);
  auto preview = post_multipart(a, "/bai-viet/xem-truoc", fields, {});
  CHECK(preview.status == 200);
  CHECK(contains(preview.body, site::kPreviewBanner));
  CHECK(contains(preview.body, "<h1>Tiêu đề chưa lưu</h1>"));
  CHECK(contains(preview.body, "<h2>Kết quả</h2>"));
  CHECK(contains(preview.body, "src=\"/giao-dien/../anh/" + hash + "\""));
  CHECK(contains(preview.body, "<figcaption>Ông Páo bên rừng</figcaption>"));
  CHECK(contains(preview.body, "Huyện Đồng Văn"));
  CHECK(snapshot(*a.store) == before);  // a preview writes nothing
  // A new story's preview: the text alone, nothing checked.
  auto fresh = post_multipart(a, "/bai-viet/xem-truoc", with(kGoodFields, "title", ""), {});
  CHECK(fresh.status == 200);
  CHECK(a.get("/bai-viet/xem-truoc").status == 405);
  CHECK(post_multipart(a, "/bai-viet/xem-truoc", kGoodFields, {}, false).status == 403);
}
