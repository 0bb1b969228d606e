// Bài điển hình's plumbing: the preview's stylesheet, and photo uploads
// (multipart) through App::handle and over a real socket. The pages
// themselves: stories_pages_test.cc.
#include <httplib.h>

#include <atomic>
#include <thread>

#include "photo/photo.h"
#include "sitegen/preview.h"
#include "tests/support/photos.h"
#include "tests/webapp/story_forms.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("the app serves the site theme's stylesheet a preview links, and nothing else of the site") {
  AppFixture a;
  site::StoryPreview p;
  p.title = "Bài";
  auto page = site::story_preview_html(p);
  REQUIRE(page.is_ok());
  const std::string marker = "<link rel=\"stylesheet\" href=\"";
  const auto at = page->find(marker) + marker.size();
  const std::string href = page->substr(at, page->find('"', at) - at);
  REQUIRE(href.rfind("/giao-dien/assets/site.", 0) == 0);
  auto css = a.get(href);
  CHECK(css.status == 200);
  CHECK(css.header("Content-Type") == "text/css; charset=utf-8");
  CHECK_FALSE(css.body.empty());
  auto other = a.get("/giao-dien/ke-hoach/");
  CHECK(other.status == 404);
  CHECK(contains(other.body, "Trang công khai không có trong ứng dụng"));
  CHECK(a.get("/giao-dien/assets/site.css").status == 404);
  CHECK(a.post(href, "").status == 405);
}

TEST_CASE("multipart is taken only by the pages that take photos, with its CSRF token, within its size") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  const std::string jpeg = make_photo(40, 30);

  auto elsewhere = post_multipart(a, "/dong-bo", {}, {photo_part("a.jpg", jpeg)});
  CHECK(elsewhere.status == 400);
  CHECK(contains(elsewhere.body, "Trang này không nhận tệp"));
  CHECK(post_multipart(a, "/cong-viec/2021-q1-01", {{"trang-thai", "done"}}, {}).status == 400);

  auto forged = post_multipart(a, "/bai-viet/moi", {{"title", "Bài"}}, {photo_part("a.jpg", jpeg)}, false);
  CHECK(forged.status == 403);
  auto wrong_token =
      post_multipart(a, "/bai-viet/moi", {{"csrf", std::string(64, '0')}}, {photo_part("a.jpg", jpeg)}, false);
  CHECK(wrong_token.status == 403);
  // A csrf part sent as a file is not the token.
  auto as_file = post_multipart(a, "/bai-viet/moi", {}, {{"csrf", "csrf.txt", "text/plain", a.csrf()}}, false);
  CHECK(as_file.status == 403);

  auto twice = post_multipart(a, "/bai-viet/moi", {{"title", "a"}, {"title", "b"}}, {});
  CHECK(twice.status == 400);
  CHECK(contains(twice.body, "hai lần"));
  auto not_utf8 = post_multipart(a, "/bai-viet/moi", {{"title", "\xff\xfe"}}, {});
  CHECK(not_utf8.status == 400);

  auto huge = post_multipart(a, "/bai-viet/moi", {}, {photo_part("lon.jpg", std::string(webapp::kMaxUploadBytes, 'x'))});
  CHECK(huge.status == 413);
  CHECK(contains(huge.body, "Ảnh gửi lên quá lớn"));
  CHECK(contains(huge.body, "tối đa 8 ảnh, mỗi ảnh tối đa 10 MB"));
  // A form that is not multipart keeps its own limit, on the photo pages too.
  auto big_form = a.post("/bai-viet/moi", "title=" + std::string(webapp::kMaxBodyBytes, 'x'));
  CHECK(big_form.status == 413);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("multipart over a real socket: httplib's parts reach App, text parts as fields") {
  AppFixture a;
  std::atomic<bool> stop{false};
  std::atomic<int> port{0};
  webapp::ServeOptions so;
  so.port = 0;
  so.on_listening = [&](int p) { port = p; };
  Status served = Status::ok();
  std::thread server([&] { served = webapp::serve(*a.app, so, stop); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (port == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(port != 0);
  httplib::Client client("127.0.0.1", port);
  auto home = client.Get("/");
  REQUIRE(home);
  const std::string cookie = home->get_header_value("Set-Cookie").substr(0, home->get_header_value("Set-Cookie").find(';'));
  const std::string marker = "name=\"csrf\" value=\"";
  const std::string csrf = home->body.substr(home->body.find(marker) + marker.size(), 64);
  const httplib::Headers headers = {{"Cookie", cookie}};
  const std::string jpeg = make_photo(40, 30);

  httplib::MultipartFormDataItems items = {{"csrf", csrf, "", ""}, {"photos", jpeg, "a.jpg", "image/jpeg"}};
  auto elsewhere = client.Post("/dong-bo", headers, items);
  REQUIRE(elsewhere);
  CHECK(elsewhere->status == 400);
  httplib::MultipartFormDataItems no_token = {{"title", "Bài", "", ""}};
  auto forged = client.Post("/bai-viet/moi", headers, no_token);
  REQUIRE(forged);
  CHECK(forged->status == 403);
  // The token arrived as a text part, the fields as fields, the photo as a file.
  items.push_back({"title", "Bài qua mạng", "", ""});
  items.push_back({"subject", "Ông A", "", ""});
  items.push_back({"category", "collective", "", ""});
  items.push_back({"body", "Nội dung.", "", ""});
  auto taken = client.Post("/bai-viet/moi", headers, items);
  REQUIRE(taken);
  CHECK(taken->status == 303);
  const std::string location = taken->get_header_value("Location");
  const std::string id = location.substr(10, location.find('?') - 10);
  Row row = get_row(*a.store, "stories", id);
  CHECK(text(row, "title") == "Bài qua mạng");
  CHECK(text(row, "category") == "collective");
  CHECK_FALSE(text(row, "cover_hash").empty());
  // A form body over kMaxBodyBytes is still refused, though httplib now reads more.
  auto big = client.Post("/dong-bo", headers, std::string(600 * 1024, 'x'), "application/x-www-form-urlencoded");
  REQUIRE(big);
  CHECK(big->status == 413);

  stop = true;
  server.join();
  CHECK(served.is_ok());
}
