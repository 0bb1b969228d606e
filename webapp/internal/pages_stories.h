// Internal to webapp/: the "Bài điển hình" pages (pages_stories.cc) and the
// public site's stylesheet that their preview links (sitegen/preview.h).
#pragma once

#include <string>

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// Whether `path` (as sent) is a page whose form sends photos, the only
// place a multipart/form-data body is accepted (App checks it first).
bool takes_photos(const std::string& path);

// GET /giao-dien/<path>: the site theme's stylesheet a preview page links;
// a plain 404 for the site's other pages (a preview's links lead nowhere).
Response site_asset(App::Impl& app, const Ctx& ctx, const std::string& path);

}  // namespace thidua::webapp
