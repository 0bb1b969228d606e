// A story as the public site will show it, before it is published: the
// office web app's "Xem trước" and the province's review queue.
//
// The page is rendered by the very code the site build uses for a
// published story (story.mustache in layout.mustache of the default theme,
// the site's Markdown renderer, its data), so what the clerk previews is
// what the public will read. Differences, on purpose: a banner at the top
// of <main> says it is not published; every link and the stylesheet start
// with kPreviewRoot (the app answers the stylesheet there and a plain 404
// page for the site's other pages, so no link leaves the app or does
// anything); photos come from the URLs the app gives them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace thidua::site {

// The prefix of every site link on a preview page: the app serves the
// theme's files under it (preview_asset).
inline constexpr const char* kPreviewRoot = "/giao-dien/";

// The text of the preview's banner.
inline constexpr const char* kPreviewBanner = "Bản xem trước — chưa đăng trên trang công khai";

struct PreviewPhoto {
  std::string url;  // an absolute path in the app: "/anh/<sha256>"
  std::string alt;  // "" for none (the page then says "Ảnh: <title>")
  std::int64_t width = 0, height = 0;  // as stored
};

struct StoryPreview {
  std::string title, subject, category, body_md;  // as the story row holds them
  std::string unit_id, unit_name;                 // the writing unit
  std::string published_on;                       // "YYYY-MM-DD"; "" = today (in Vietnam)
  std::vector<PreviewPhoto> photos;               // in the order shown
};

// The full HTML page. Every value is escaped and the Markdown is rendered
// safely (sitegen/markdown.h); nothing in `story` is trusted. kInternal
// only when the compiled-in theme cannot be parsed (a broken build).
Result<std::string> story_preview_html(const StoryPreview& story);

// The theme file a preview page links at kPreviewRoot + `path`
// ("assets/site.<digest>.css"), with its Content-Type; nullopt for any
// other path.
struct PreviewAsset {
  std::string content_type;
  std::string body;
};
std::optional<PreviewAsset> preview_asset(const std::string& path);

}  // namespace thidua::site
