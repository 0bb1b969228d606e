// What every page shares: the layout's values, error pages, redirects.
#include "webapp/internal/app_impl.h"

namespace thidua::webapp {
namespace {

struct NavEntry {
  const char* key;
  const char* href;
  const char* label;
  bool province_only = false;  // shown on a province node only
};

// The pages, in the order the nav shows them; the province's board pages
// last.
constexpr NavEntry kNav[] = {
    {"home", "/", "Trang chủ"},
    {"tasks", "/cong-viec", "Công việc"},
    {"stories", "/bai-viet", "Bài điển hình"},
    {"noms", "/de-nghi", "Đề nghị khen thưởng"},
    {"conflicts", "/xung-dot", "Xung đột"},
    {"review", "/cho-duyet", "Chờ duyệt", true},
    {"progress", "/tien-do", "Tiến độ", true},
    {"report", "/bao-cao", "Báo cáo", true},
    {"council", "/hoi-dong", "Hội đồng", true},
};

}  // namespace

Data App::Impl::base_data(const Ctx& ctx, const std::string& title,
                          const std::string& active) const {
  Data d;
  d.set("page_title", title);
  d.set("unit_name", unit_name);
  d.set("is_province", flag(node.is_province()));
  d.set("csrf", ctx.csrf);
  d.set("can_logout", flag(ctx.password_set && ctx.logged_in));
  List nav;
  for (const auto& e : kNav) {
    if (e.province_only && !node.is_province()) continue;
    Data item;
    item.set("href", e.href);
    item.set("label", e.label);
    item.set("current", flag(active == e.key));
    nav.push_back(item);
  }
  d.set("nav", nav);
  return d;
}

Response App::Impl::page(int status, const std::string& name, Data data) const {
  return html(status, templates.page(name, std::move(data)));
}

Response App::Impl::html(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response App::Impl::error(int status, const std::string& title, const std::string& detail) const {
  const Request none;
  Data d = base_data(Ctx(none), title, "");
  d.set("status", std::to_string(status));
  d.set("detail", detail);
  return page(status, "error", std::move(d));
}

Response App::Impl::redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.headers.emplace_back("Location", location);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace thidua::webapp
