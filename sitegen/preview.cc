#include "sitegen/preview.h"

#include <string_view>

#include "common/slug.h"
#include "common/vietnam_time.h"
#include "sitegen/internal/model.h"
#include "sitegen/internal/pages.h"
#include "sitegen/internal/render.h"
#include "sitegen/markdown.h"

namespace thidua::site {
namespace {

// "../" once per folder of kPreviewRoot below the app's root: a photo's
// src is written after the root, and must still reach the app's URL.
std::string up_from_root() {
  std::string up;
  const std::string_view root = kPreviewRoot;
  for (std::size_t i = 1; i < root.size(); ++i)
    if (root[i] == '/') up += "../";
  return up;
}

}  // namespace

Result<std::string> story_preview_html(const StoryPreview& p) {
  // Loaded per call: a Theme's parsed templates are not shared between
  // threads, and a preview is one page a person asked for.
  auto theme = Theme::load("");
  if (!theme) return Status::internal("giao diện mặc định không đọc được: " + theme.status().message());
  Story s;
  s.id = "xem-truoc";
  s.unit_id = p.unit_id;
  s.title = p.title;
  s.subject = p.subject;
  s.category = p.category;
  s.body_md = p.body_md;
  s.published_on = p.published_on.empty() ? vietnam_today() : p.published_on;
  std::vector<std::string> srcs;
  for (const auto& ph : p.photos) {
    Photo photo;
    photo.alt = ph.alt;
    photo.width = ph.width;
    photo.height = ph.height;
    s.photos.push_back(photo);
    srcs.push_back(up_from_root() + (ph.url.rfind('/', 0) == 0 ? ph.url.substr(1) : ph.url));
  }
  // The site's own calls, in its order (Renderer::prepare_stories, render_story).
  MarkdownParts parts = render_markdown(s.body_md, 300);
  const std::string unit_name = p.unit_name.empty() ? p.unit_id : p.unit_name;
  Data body = story_page_data(s, unit_name, slugify(p.unit_id), parts.html, srcs);
  body.set("root", std::string(kPreviewRoot));
  LayoutParts layout;
  layout.root = kPreviewRoot;
  layout.title = s.title;
  layout.description = shorten(parts.text, 160);
  layout.css_file = css_file_name(*theme);
  layout.crumbs = story_crumbs();
  layout.banner = kPreviewBanner;
  return render_layout(*theme, layout, theme->render("story", std::move(body)));
}

std::optional<PreviewAsset> preview_asset(const std::string& path) {
  auto theme = Theme::load("");
  if (!theme) return std::nullopt;
  if (path != "assets/" + css_file_name(*theme)) return std::nullopt;
  return PreviewAsset{"text/css; charset=utf-8", theme->file("site.css")};
}

}  // namespace thidua::site
