// The office app's story preview (sitegen/preview.h) against the page the
// site build writes for the same story.
#include "sitegen/preview.h"

#include <doctest/doctest.h>

#include "tests/sitegen/site_fixture.h"

namespace thidua::site {
namespace {

std::string between(const std::string& html, const std::string& open, const std::string& close) {
  const auto a = html.find(open);
  REQUIRE(a != std::string::npos);
  const auto b = html.find(close, a);
  REQUIRE(b != std::string::npos);
  return html.substr(a, b + close.size() - a);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

StoryPreview story_s1() {
  StoryPreview p;
  p.title = "Người giữ rừng ở Lũng Cú";
  p.subject = "Chủ thể";
  p.category = "individual";
  p.body_md = "Ông **Sùng Mí Páo** giữ rừng đầu nguồn.\n\n# Kết quả\n\nHơn 40 héc-ta rừng được giữ nguyên.";
  p.unit_id = "dong-van";
  p.unit_name = "Huyện Đồng Văn";
  p.published_on = "2021-05-02";
  return p;
}

TEST_CASE("the preview's article is the site's page of the same story, byte for byte") {
  testing::SiteFixture f;
  auto built = f.build();
  REQUIRE_MESSAGE(built.is_ok(), built.status().message());
  const auto site = testing::read_tree(f.out);
  const std::string& page = site.at("guong-dien-hinh/nguoi-giu-rung-o-lung-cu/index.html");
  auto preview = story_preview_html(story_s1());
  REQUIRE_MESSAGE(preview.is_ok(), preview.status().message());

  // The Markdown, rendered by the same code: identical.
  CHECK(between(*preview, "<div class=\"body\">", "</div>") == between(page, "<div class=\"body\">", "</div>"));
  // The whole article too, once the site's relative root is the app's.
  CHECK(between(*preview, "<article>", "</article>") ==
        replace_all(between(page, "<article>", "</article>"), "../../", kPreviewRoot));
  // The same layout around it: title, breadcrumbs, the stylesheet's name.
  CHECK(between(*preview, "<title>", "</title>") == between(page, "<title>", "</title>"));
  CHECK(between(*preview, "<nav class=\"crumbs\"", "</nav>") ==
        replace_all(between(page, "<nav class=\"crumbs\"", "</nav>"), "../../", kPreviewRoot));
  CHECK(between(*preview, "<link rel=\"stylesheet\"", ">") ==
        replace_all(between(page, "<link rel=\"stylesheet\"", ">"), "../../", kPreviewRoot));

  // The banner, only in the preview.
  CHECK(preview->find(kPreviewBanner) != std::string::npos);
  CHECK(page.find("preview-banner") == std::string::npos);
  // Every link stays under the preview root: none leaves the app.
  for (std::size_t at = 0; (at = preview->find("href=\"", at)) != std::string::npos; ++at) {
    const std::string href = preview->substr(at + 6, preview->find('"', at + 6) - at - 6);
    INFO(href);
    CHECK((href.rfind(kPreviewRoot, 0) == 0 || href == "#noi-dung"));
  }
}

TEST_CASE("the preview's stylesheet is the theme's, and only it is served") {
  auto preview = story_preview_html(story_s1());
  REQUIRE(preview.is_ok());
  const std::string link = between(*preview, "<link rel=\"stylesheet\" href=\"", "\">");
  const std::string path = link.substr(link.find(kPreviewRoot) + std::string(kPreviewRoot).size());
  const std::string file = path.substr(0, path.size() - 2);  // without the closing quote and '>'
  auto css = preview_asset(file);
  REQUIRE(css.has_value());
  CHECK(css->content_type == "text/css; charset=utf-8");
  CHECK(css->body.find("body") != std::string::npos);
  CHECK_FALSE(preview_asset("assets/site.css").has_value());
  CHECK_FALSE(preview_asset("../layout.mustache").has_value());
  CHECK_FALSE(preview_asset("").has_value());
}

TEST_CASE("photos come from the app's URLs, with their sizes and captions") {
  StoryPreview p = story_s1();
  p.photos = {{"/anh/" + std::string(64, 'a'), "Ông Páo bên rừng", 1600, 1067}, {"/anh/" + std::string(64, 'b'), "", 800, 600}};
  auto preview = story_preview_html(p);
  REQUIRE(preview.is_ok());
  // Under the preview root, "../" climbs back to the app's own /anh/.
  CHECK(preview->find("src=\"/giao-dien/../anh/" + std::string(64, 'a') + "\" width=\"1600\" height=\"1067\" alt=\"\"") !=
        std::string::npos);
  CHECK(preview->find("<figcaption>Ông Páo bên rừng</figcaption>") != std::string::npos);
  CHECK(preview->find("alt=\"Ảnh: Người giữ rừng ở Lũng Cú\"") != std::string::npos);
}

TEST_CASE("hostile titles and Markdown come out inert in the preview") {
  StoryPreview p = story_s1();
  p.title = "<script>alert(1)</script>\"'&";
  p.subject = "<img src=x onerror=alert(2)>";
  p.unit_name = "<b>đơn vị</b>";
  p.category = "\"><script>";
  p.body_md = "<script>alert(3)</script>\n\n[bấm](javascript:alert(4))\n\n![ảnh](https://evil.example/x.png)\n\n"
              "<iframe src=\"https://evil.example\"></iframe>";
  p.photos = {{"/anh/\"><script>alert(5)</script>", "\"><script>alert(6)</script>", 10, 10}};
  auto preview = story_preview_html(p);
  REQUIRE(preview.is_ok());
  CHECK(preview->find("<script") == std::string::npos);
  CHECK(preview->find("<iframe") == std::string::npos);
  CHECK(preview->find("<img src=x") == std::string::npos);
  CHECK(preview->find("<b>đơn vị") == std::string::npos);
  CHECK(preview->find("javascript:") == std::string::npos);
  CHECK(preview->find("src=\"https://evil") == std::string::npos);
  CHECK(preview->find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}

}  // namespace
}  // namespace thidua::site
