// Internal to webapp/: the province's Báo cáo pages (pages_report.cc), the
// draft reports of report/ made from the node's own copy.
#pragma once

#include <string>

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// True for /bao-cao and the addresses under it.
bool is_report_route(const std::string& path);

// GET only; a district node gets the 403 page.
//   /bao-cao?loai=<kind>&nam=<year>: the form (kind, plan year) and, for a
//     valid pick, the links below; a bad kind or year is said beside its field
//     (400).
//   /bao-cao/xem?loai=&nam=: the HTML report as its own document (the
//     stylesheet linked, not inline: the app's CSP allows no inline style).
//   /bao-cao/tai?loai=&nam=&dang=xlsx|docx: the file as an attachment; docx
//     needs pandoc (AppOptions::pandoc), else a page saying what to install.
//   /bao-cao/bao-cao.css: the report's stylesheet.
Response route_report(App::Impl& app, const Ctx& ctx);

}  // namespace thidua::webapp
