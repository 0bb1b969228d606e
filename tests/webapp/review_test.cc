// The province's review in the office web app (issue 12): the photo route
// /anh/<sha256>, the queue /cho-duyet and the decision pages.
#include "common/hex.h"
#include "tests/support/images.h"
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Stores `bytes` as the photo `hash` with the mime `stored_mime` (which the
// route must not trust).
void put_photo(Store& s, const std::string& hash, const std::string& bytes,
               const std::string& stored_mime) {
  BlobInfo info{hash, stored_mime, static_cast<std::int64_t>(bytes.size()), 1, 1};
  REQUIRE(s.put_blob(info, bytes, /*queue_upload=*/false).is_ok());
}

}  // namespace

TEST_CASE("/anh/<hash> serves the copy's photo, typed by its bytes, cached as immutable") {
  AppFixture a;
  const std::string hash = sha256_hex(kOnePixelPng);
  put_photo(*a.store, hash, kOnePixelPng, "image/webp");  // a wrong stored mime
  auto r = a.get("/anh/" + hash);
  CHECK(r.status == 200);
  CHECK(r.body == kOnePixelPng);
  CHECK(r.header("Content-Type") == "image/png");
  CHECK(r.header("Cache-Control") == "private, max-age=31536000, immutable");
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK_FALSE(r.header("Content-Security-Policy").empty());
  auto head = a.send("HEAD", "/anh/" + hash, "", "127.0.0.1:8080");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Type") == "image/png");
  CHECK(a.post("/anh/" + hash, "").status == 405);
}

TEST_CASE("/anh/ answers 404 for a malformed or unknown hash, 500 for damaged bytes") {
  AppFixture a;
  const std::string hash = sha256_hex(kOnePixelPng);
  std::string upper = hash;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& bad :
       {std::string(""), hash.substr(0, 63), hash + "0", upper, hash + "/x", std::string("../node.db"),
        std::string(64, 'g'), hash.substr(0, 62) + "%41"}) {
    CAPTURE(bad);
    auto r = a.get("/anh/" + bad);
    CHECK(r.status == 404);
    CHECK(contains(r.body, "Không tìm thấy ảnh"));
    CHECK(r.header("Cache-Control") == "no-store");
  }
  auto unknown = a.get("/anh/" + hash);  // not fetched yet
  CHECK(unknown.status == 404);
  CHECK(contains(unknown.body, "đồng bộ lại"));

  // Bytes that are not an image, or not the ones the hash names, are never served.
  const std::string text = "không phải ảnh";
  put_photo(*a.store, sha256_hex(text), text, "image/jpeg");
  CHECK(a.get("/anh/" + sha256_hex(text)).status == 500);
  const std::string other = sha256_hex("khác");
  put_photo(*a.store, other, kOnePixelPng, "image/png");
  auto mismatch = a.get("/anh/" + other);
  CHECK(mismatch.status == 500);
  CHECK(mismatch.body != kOnePixelPng);
}

namespace {

const std::string kStory = "/cho-duyet/bai-viet/s1";
const std::string kNomination = "/cho-duyet/de-nghi/n1";

// A province node's app with Đồng Văn's submitted story s1 (two photos:
// one fetched, one not yet) and Mèo Vạc's submitted nomination n1.
struct ProvinceFixture {
  AppFixture a{"ubnd-tinh", "province"};
  std::string here = sha256_hex(kOnePixelPng);
  std::string missing = sha256_hex("chưa tải về");

  ProvinceFixture() {
    put_photo(*a.store, here, kOnePixelPng, "image/png");
    REQUIRE(a.store
                ->write("stories", {{"id", std::string("s1")},
                                    {"unit_id", std::string("dong-van")},
                                    {"title", std::string("Người giữ rừng ở Lũng Cú")},
                                    {"subject", std::string("Ông Sùng Mí Páo")},
                                    {"category", std::string("individual")},
                                    {"body_md", std::string("Ông giữ **rừng** ba mươi năm.")},
                                    {"cover_hash", here},
                                    {"created_on", std::string("2021-04-02")},
                                    {"status", std::string("submitted")}})
                .is_ok());
    int ordinal = 1;
    for (const auto& [id, hash] : {std::pair{"p1", here}, std::pair{"p2", missing}}) {
      REQUIRE(a.store
                  ->write("story_photos", {{"id", std::string(id)},
                                           {"story_id", std::string("s1")},
                                           {"blob_hash", hash},
                                           {"alt", std::string("Ảnh rừng ") + id},
                                           {"ordinal", std::int64_t{ordinal++}}})
                  .is_ok());
    }
    REQUIRE(a.store
                ->write("nominations", {{"id", std::string("n1")},
                                        {"unit_id", std::string("meo-vac")},
                                        {"nominee", std::string("Lò Thị Hoa")},
                                        {"nominee_kind", std::string("individual")},
                                        {"award", std::string("Giấy khen của Chủ tịch UBND tỉnh")},
                                        {"achievement_md", std::string("Dạy *200* em học.")},
                                        {"status", std::string("submitted")}})
                .is_ok());
  }

  std::string status_of(const std::string& table, const std::string& id) {
    return text(get_row(*a.store, table, id), "status");
  }
};

}  // namespace

TEST_CASE("Chờ duyệt is a province node's only: a district gets the 403 page and no nav entry") {
  AppFixture d;
  REQUIRE(d.store
              ->write("stories", {{"id", std::string("s1")},
                                  {"unit_id", std::string("dong-van")},
                                  {"title", std::string("Bài")},
                                  {"status", std::string("submitted")}})
              .is_ok());
  const Snapshot before = snapshot(*d.store);
  CHECK_FALSE(contains(d.get("/").body, "href=\"/cho-duyet\""));
  for (const std::string& target : {std::string("/cho-duyet"), kStory, kNomination}) {
    CAPTURE(target);
    auto r = d.get(target);
    CHECK(r.status == 403);
    CHECK(contains(r.body, "Chỉ cấp tỉnh dùng được trang này"));
  }
  CHECK(d.post(kStory, "action=approve").status == 403);
  CHECK(d.post(kNomination, "action=approve").status == 403);
  CHECK(snapshot(*d.store) == before);

  AppFixture p("ubnd-tinh", "province");
  CHECK(contains(p.get("/").body, "<a href=\"/cho-duyet\">Chờ duyệt</a>"));
  auto empty = p.get("/cho-duyet");
  CHECK(empty.status == 200);
  CHECK(contains(empty.body, "Không có bài hay hồ sơ nào chờ duyệt"));
  CHECK(contains(empty.body, "aria-current=\"page\">Chờ duyệt</a>"));
}

TEST_CASE("the queue lists stories and nominations, the longest waiting first, with kind, state and unit") {
  ProvinceFixture f;
  REQUIRE(f.a.store
              ->write("stories", {{"id", std::string("s0")},
                                  {"unit_id", std::string("meo-vac")},
                                  {"title", std::string("Bài đã duyệt")},
                                  {"status", std::string("approved")}})
              .is_ok());
  auto r = f.a.get("/cho-duyet");
  CHECK(r.status == 200);
  const auto story = r.body.find("href=\"/cho-duyet/bai-viet/s1\">Người giữ rừng ở Lũng Cú</a>");
  const auto nomination = r.body.find("href=\"/cho-duyet/de-nghi/n1\">Lò Thị Hoa</a>");
  const auto approved = r.body.find("href=\"/cho-duyet/bai-viet/s0\">Bài đã duyệt</a>");
  REQUIRE(story != std::string::npos);
  REQUIRE(nomination != std::string::npos);
  REQUIRE(approved != std::string::npos);
  CHECK(story < nomination);
  CHECK(nomination < approved);
  CHECK(contains(r.body, "3 mục chờ duyệt"));
  CHECK(contains(r.body, "<span class=\"badge\">Bài điển hình</span> <span class=\"badge status-submitted\">đã gửi</span>"));
  CHECK(contains(r.body, "<span class=\"badge\">Đề nghị khen thưởng</span>"));
  CHECK(contains(r.body, "status-approved\">đã duyệt</span>"));
  CHECK(contains(r.body, "Huyện Đồng Văn · chờ từ "));
  CHECK(contains(r.body, "2 ảnh <span class=\"badge warn\">1 ảnh chưa tải về</span>"));
  CHECK_FALSE(contains(r.body, "role=\"status\""));  // no confirmation without ?da=
  CHECK(contains(f.a.get("/cho-duyet?da=duyet-bai").body, "<p>Đã duyệt bài.</p>"));
  CHECK_FALSE(contains(f.a.get("/cho-duyet?da=%3Cb%3E").body, "role=\"status\""));
  CHECK(f.a.post("/cho-duyet", "").status == 405);
}

TEST_CASE("a story's review page previews it as the public page, its photos from /anh/") {
  ProvinceFixture f;
  auto r = f.a.get(kStory);
  CHECK(r.status == 200);
  CHECK(contains(r.body, "<h1>Người giữ rừng ở Lũng Cú</h1>"));
  CHECK(contains(r.body, "Cá nhân · Ông Sùng Mí Páo · Huyện Đồng Văn"));
  CHECK(contains(r.body, "Ông giữ <strong>rừng</strong> ba mươi năm."));
  CHECK(contains(r.body, "<img src=\"/anh/" + f.here +
                             "\" width=\"1\" height=\"1\" alt=\"\" decoding=\"async\"><figcaption>Ảnh rừng "
                             "p1</figcaption>"));
  CHECK(contains(r.body, "Ảnh chưa tải về: đồng bộ lại để máy tải ảnh này (Ảnh rừng p2)"));
  CHECK_FALSE(contains(r.body, "/anh/" + f.missing));
  CHECK(contains(r.body, "Ảnh chưa tải về: đồng bộ lại"));
  CHECK(f.a.get("/anh/" + f.here).status == 200);
  // Submitted: approve, publish, reject with a note; not withdraw.
  CHECK(contains(r.body, "name=\"action\" value=\"approve\""));
  CHECK(contains(r.body, ">Duyệt</button>"));
  CHECK(contains(r.body, ">Đăng lên trang công khai</button>"));
  CHECK(contains(r.body, ">Trả lại</button>"));
  CHECK(contains(r.body, "<label for=\"note\">Lý do trả lại</label>"));
  CHECK_FALSE(contains(r.body, "Gỡ khỏi trang công khai"));
  CHECK(contains(r.body, "<input type=\"hidden\" name=\"csrf\" value=\""));
  CHECK(f.a.get("/cho-duyet/bai-viet/khong-co").status == 404);
  CHECK(f.a.get("/cho-duyet/bai-viet/").status == 404);
  CHECK(f.a.get("/cho-duyet/bai-viet/s1/x").status == 404);
  CHECK(f.a.get("/cho-duyet/khac/s1").status == 404);
  CHECK(f.a.send("PUT", kStory, "", "127.0.0.1:8080").status == 405);
}

TEST_CASE("a rejection needs its reason, kept beside the field; then the story goes back with it") {
  ProvinceFixture f;
  const Snapshot before = snapshot(*f.a.store);
  auto refused = f.a.post(kStory, "action=reject&note=" + form_encode("  \n "));
  CHECK(refused.status == 400);
  CHECK(contains(refused.body, "Nhập lý do trả lại"));
  CHECK(contains(refused.body, "aria-invalid=\"true\""));
  CHECK(snapshot(*f.a.store) == before);

  const std::string note = "Thiếu ảnh \"chân dung\" & ngày tháng";
  auto done = f.a.post(kStory, "action=reject&note=" + form_encode(note));
  CHECK(done.status == 303);
  CHECK(done.header("Location") == "/cho-duyet?da=tra-lai-bai");
  Row row = get_row(*f.a.store, "stories", "s1");
  CHECK(text(row, "status") == "rejected");
  CHECK(text(row, "review_note") == note);
  CHECK(contains(f.a.get("/cho-duyet?da=tra-lai-bai").body, "Đã trả lại bài cho đơn vị"));
  CHECK_FALSE(contains(f.a.get("/cho-duyet").body, "bai-viet/s1"));

  // Rejected: nothing the province may do; a forged approve is a 409 naming the state.
  const Snapshot rejected = snapshot(*f.a.store);
  CHECK(contains(f.a.get(kStory).body, "không có quyết định nào"));
  auto conflict = f.a.post(kStory, "action=approve");
  CHECK(conflict.status == 409);
  CHECK(contains(conflict.body, "đang ở trạng thái “bị trả lại”"));
  CHECK(snapshot(*f.a.store) == rejected);
}

TEST_CASE("approve, publish and withdraw a story, each offered only where its state allows") {
  ProvinceFixture f;
  CHECK(f.a.post(kStory, "action=approve").header("Location") == "/cho-duyet?da=duyet-bai");
  CHECK(f.status_of("stories", "s1") == "approved");
  auto approved = f.a.get(kStory).body;
  CHECK_FALSE(contains(approved, ">Duyệt</button>"));
  CHECK(contains(approved, ">Đăng lên trang công khai</button>"));
  CHECK(contains(approved, ">Trả lại</button>"));
  CHECK(f.a.post(kStory, "action=approve").status == 409);

  CHECK(f.a.post(kStory, "action=publish").header("Location") == "/cho-duyet?da=dang-bai");
  Row row = get_row(*f.a.store, "stories", "s1");
  CHECK(text(row, "status") == "published");
  CHECK(text(row, "published_on").size() == 10);
  auto published = f.a.get(kStory).body;
  CHECK(contains(published, ">Gỡ khỏi trang công khai</button>"));
  CHECK_FALSE(contains(published, ">Trả lại</button>"));
  CHECK_FALSE(contains(f.a.get("/cho-duyet").body, "bai-viet/s1"));

  CHECK(f.a.post(kStory, "action=withdraw").header("Location") == "/cho-duyet?da=go-bai");
  CHECK(f.status_of("stories", "s1") == "approved");
  CHECK(contains(f.a.get("/cho-duyet").body, "bai-viet/s1"));  // waits to be published again
}

TEST_CASE("a bad action, an unknown id or a missing token changes nothing") {
  ProvinceFixture f;
  const Snapshot before = snapshot(*f.a.store);
  for (const std::string& fields : {std::string(""), std::string("action=xoa"), std::string("action=APPROVE")}) {
    CAPTURE(fields);
    CHECK(f.a.post(kStory, fields).status == 400);
    CHECK(f.a.post(kNomination, fields).status == 400);
  }
  CHECK(f.a.post(kNomination, "action=publish").status == 400);  // not a nomination's decision
  CHECK(f.a.post(kNomination, "action=withdraw").status == 400);
  auto unknown = f.a.post("/cho-duyet/bai-viet/khong-co", "action=approve");
  CHECK(unknown.status == 404);
  CHECK(contains(unknown.body, "Không có gì thay đổi"));
  CHECK(f.a.post("/cho-duyet/de-nghi/khong-co", "action=approve").status == 404);
  CHECK(f.a.post(kStory, "action=approve", /*with_csrf=*/false).status == 403);
  CHECK(f.a.post(kStory, "action=approve&action=reject").status == 400);
  CHECK(snapshot(*f.a.store) == before);
}

// Issue 13 changed this page: a submitted nomination is appraised first
// ("Thẩm định", a note required); only an appraised one gets Duyệt and
// Trả lại, and an approved one is no longer rejected afterwards.
TEST_CASE("a nomination's review page: nominee, award, achievement, unit; appraise, then approve or reject") {
  ProvinceFixture f;
  auto r = f.a.get(kNomination);
  CHECK(r.status == 200);
  CHECK(contains(r.body, "<h1>Lò Thị Hoa</h1>"));
  CHECK(contains(r.body, "Giấy khen của Chủ tịch UBND tỉnh"));
  CHECK(contains(r.body, "Dạy <em>200</em> em học."));
  CHECK(contains(r.body, "<dd>meo-vac</dd>"));
  CHECK(contains(r.body, "<dd>Cá nhân</dd>"));
  CHECK(contains(r.body, ">Thẩm định</button>"));
  CHECK(contains(r.body, "<label for=\"note\">Ý kiến thẩm định</label>"));
  CHECK_FALSE(contains(r.body, ">Duyệt</button>"));
  CHECK_FALSE(contains(r.body, ">Trả lại</button>"));
  CHECK_FALSE(contains(r.body, "Đăng lên trang công khai"));
  CHECK(f.a.get("/cho-duyet/de-nghi/khong-co").status == 404);

  const Snapshot before = snapshot(*f.a.store);
  CHECK(f.a.post(kNomination, "action=reject").status == 400);
  CHECK(f.a.post(kNomination, "action=approve").status == 409);
  auto no_note = f.a.post(kNomination, "action=appraise&note=" + form_encode(" "));
  CHECK(no_note.status == 400);
  CHECK(contains(no_note.body, "Nhập ý kiến thẩm định"));
  CHECK(contains(no_note.body, "aria-invalid=\"true\""));
  CHECK(snapshot(*f.a.store) == before);
  auto appraised = f.a.post(kNomination, "action=appraise&note=" + form_encode("Đủ tiêu chuẩn"));
  CHECK(appraised.header("Location") == "/cho-duyet?da=tham-dinh-de-nghi");
  CHECK(f.status_of("nominations", "n1") == "appraised");
  CHECK(text(get_row(*f.a.store, "nominations", "n1"), "appraisal_note") == "Đủ tiêu chuẩn");
  CHECK(contains(f.a.get("/cho-duyet?da=tham-dinh-de-nghi").body, "Đã thẩm định hồ sơ"));
  auto page = f.a.get(kNomination).body;
  CHECK(contains(page, ">Duyệt</button>"));
  CHECK(contains(page, ">Trả lại</button>"));
  CHECK(contains(page, "Đủ tiêu chuẩn"));
  CHECK_FALSE(contains(page, ">Thẩm định</button>"));
  CHECK(f.a.post(kNomination, "action=appraise&note=x").status == 409);

  CHECK(f.a.post(kNomination, "action=reject").status == 400);
  auto back = f.a.post(kNomination, "action=reject&note=" + form_encode("Thiếu bản thành tích"));
  CHECK(back.header("Location") == "/cho-duyet?da=tra-lai-de-nghi");
  CHECK(f.status_of("nominations", "n1") == "rejected");
  CHECK(text(get_row(*f.a.store, "nominations", "n1"), "review_note") == "Thiếu bản thành tích");
  REQUIRE(f.a.store->write("nominations", {{"id", std::string("n1")}, {"status", std::string("appraised")}}).is_ok());
  CHECK(f.a.post(kNomination, "action=approve").header("Location") == "/cho-duyet?da=duyet-de-nghi");
  CHECK(f.status_of("nominations", "n1") == "approved");
  CHECK(f.a.post(kNomination, "action=approve").status == 409);
  CHECK(f.a.post(kNomination, "action=reject&note=x").status == 409);
}

TEST_CASE("an appraised nomination with no appraisal date is offered Thẩm định, not a decision") {
  ProvinceFixture f;
  REQUIRE(f.a.store->write("nominations", {{"id", std::string("n1")}, {"status", std::string("appraised")}}).is_ok());
  auto page = f.a.get(kNomination).body;
  CHECK(contains(page, ">Thẩm định</button>"));
  CHECK_FALSE(contains(page, ">Duyệt</button>"));
  CHECK_FALSE(contains(page, ">Trả lại</button>"));
  CHECK(f.a.post(kNomination, "action=approve").status == 409);  // records/ refuses it too
  auto appraised = f.a.post(kNomination, "action=appraise&note=" + form_encode("Đủ tiêu chuẩn"));
  CHECK(appraised.header("Location") == "/cho-duyet?da=tham-dinh-de-nghi");
  CHECK_FALSE(text(get_row(*f.a.store, "nominations", "n1"), "appraised_on").empty());
  CHECK(contains(f.a.get(kNomination).body, ">Duyệt</button>"));
}

TEST_CASE("a story's whole public page, before it is published, with the photos this copy holds") {
  ProvinceFixture f;
  CHECK(contains(f.a.get(kStory).body, "href=\"/cho-duyet/bai-viet/s1/xem-truoc\""));
  auto r = f.a.get(kStory + "/xem-truoc");
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == "text/html; charset=utf-8");
  CHECK(r.header("Cache-Control") == "no-store");
  CHECK(contains(r.body, "Bản xem trước — chưa đăng trên trang công khai"));
  CHECK(contains(r.body, "<h1>Người giữ rừng ở Lũng Cú</h1>"));
  CHECK(contains(r.body, "Ông giữ <strong>rừng</strong> ba mươi năm."));
  CHECK(contains(r.body, "anh/" + f.here));
  CHECK_FALSE(contains(r.body, f.missing));
  CHECK(f.a.get("/cho-duyet/bai-viet/khong-co/xem-truoc").status == 404);
  CHECK(f.a.get("/cho-duyet/de-nghi/n1/xem-truoc").status == 404);
  CHECK(f.a.post(kStory + "/xem-truoc", "").status == 405);
  AppFixture d;
  CHECK(d.get(kStory + "/xem-truoc").status == 403);
}
