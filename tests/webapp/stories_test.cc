// Bài điển hình: the list, the editor, photo uploads (multipart), the
// preview as the public page, sending to the province.
#include "sitegen/preview.h"
#include "tests/webapp/fixture.h"

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
