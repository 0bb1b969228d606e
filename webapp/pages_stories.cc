// The "Bài điển hình" pages: a unit's stories, the editor, the preview as
// the public page will show it, and sending a story to the province.
#include "webapp/internal/pages_stories.h"

#include "sitegen/preview.h"

namespace thidua::webapp {

bool takes_photos(const std::string& path) {
  constexpr std::string_view kPrefix = "/bai-viet/";
  if (path.rfind(kPrefix, 0) != 0) return false;
  const std::string rest = path.substr(kPrefix.size());
  return !rest.empty() && rest.find('/') == std::string::npos;  // moi, xem-truoc, <id>
}

Response site_asset(App::Impl& app, const Ctx&, const std::string& path) {
  auto asset = site::preview_asset(path);
  if (!asset) {
    return app.error(404, "Trang công khai không có trong ứng dụng",
                     "Bản xem trước chỉ cho thấy bài viết; các trang khác của trang công khai chỉ có trên "
                     "trang công khai sau khi tỉnh đăng bài.");
  }
  Response r;
  r.body = std::move(asset->body);
  r.headers.emplace_back("Content-Type", asset->content_type);
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace thidua::webapp
