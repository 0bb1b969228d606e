// Hội đồng (a province node only): the council's sessions of a year, each
// with its agenda; a session added, marked held; an appraised nomination
// put on a session's agenda. Thin: the forms are read into records/'
// requests, records/ checks and writes.
#include "webapp/internal/pages_council.h"

#include <algorithm>

#include "common/parse.h"
#include "common/text.h"
#include "common/vietnam_time.h"
#include "records/commendation.h"
#include "records/council.h"
#include "records/council_agenda.h"
#include "records/tasks.h"
#include "webapp/internal/http.h"

namespace thidua::webapp {
namespace {

constexpr const char* kBase = "/hoi-dong";

constexpr Words kNominationStatus[] = {{"submitted", "đã gửi"},
                                       {"appraised", "đã thẩm định"},
                                       {"approved", "hội đồng đã duyệt"},
                                       {"rejected", "bị trả lại"},
                                       {"forwarded", "đã trình cấp trên"}};

// The confirmation after a step, by the bounded code the redirect carries.
constexpr Words kDone[] = {{"them", "Đã thêm phiên họp."},
                           {"da-hop", "Đã ghi nhận phiên họp đã họp."},
                           {"xep-lich", "Đã đưa hồ sơ vào chương trình phiên họp."}};

Response province_only(App::Impl& app) {
  return app.error(403, "Chỉ cấp tỉnh dùng được trang này",
                   "Phiên họp Hội đồng Thi đua – Khen thưởng tỉnh do cấp tỉnh lập và ghi nhận.");
}

// What was typed into the page's forms and why it was refused, kept for the
// page rendered again.
struct Forms {
  std::string title, quarter, place, held_on;
  std::string error_title, error_quarter, error_held_on, error_add;
  std::string hold_id, hold_on, error_hold;
  std::string nomination, session, error_nomination, error_session, error_schedule;
};

std::int64_t default_year(const std::vector<std::int64_t>& plan_years) {
  const std::int64_t this_year = std::stoll(vietnam_today().substr(0, 4));
  for (auto y : plan_years)
    if (y == this_year) return y;
  return plan_years.empty() ? this_year : plan_years.front();
}

std::optional<std::int64_t> year_of(const std::string& text) {
  auto y = parse_int64(text);
  if (!y || *y < 1945 || *y > 9999) return std::nullopt;
  return *y;
}

std::string year_href(std::int64_t year) {
  return std::string(kBase) + "?nam=" + std::to_string(year);
}

Data nomination_data(const AgendaNomination& n,
                     const std::map<std::string, std::string>& kind_names) {
  Data d;
  d.set("id", n.id);
  d.set("nominee", n.nominee);
  d.set("unit_name", n.unit_name);
  auto kind = kind_names.find(n.award_kind);
  d.set("award", kind == kind_names.end() ? n.award : kind->second);
  d.set("status_code", n.status);
  d.set("status_words", words_of(kNominationStatus, n.status));
  d.set("href", "/cho-duyet/de-nghi/" + percent_encode(n.id));
  return d;
}

Data session_data(const CouncilSession& s, const std::vector<AgendaNomination>& agenda,
                  const std::map<std::string, std::string>& kind_names, const Forms& f) {
  Data d;
  d.set("id", s.id);
  d.set("title", s.title);
  d.set("quarter", std::to_string(s.quarter));
  if (!s.place.empty()) d.set("place", s.place);
  if (!s.held_on.empty()) d.set("held_on", date_vi(s.held_on));
  const bool held = s.status == "held";
  d.set("held", flag(held));
  d.set("status_words", held ? "đã họp" : "dự kiến");
  d.set("hold_action", std::string(kBase) + "/" + percent_encode(s.id) + "/da-hop");
  const bool refused_here = f.hold_id == s.id;
  d.set("hold_value", refused_here ? f.hold_on : std::string());
  if (refused_here && !f.error_hold.empty()) d.set("error_hold", f.error_hold);
  List items;
  for (const auto& n : agenda)
    if (n.session_id == s.id) items.push_back(nomination_data(n, kind_names));
  d.set("has_agenda", flag(!items.empty()));
  d.set("agenda", items);
  return d;
}

void set_add_form(Data& d, const Forms& f, std::int64_t year) {
  d.set("add_title", f.title);
  d.set("add_place", f.place);
  d.set("add_held_on", f.held_on);
  const std::string today = vietnam_today();
  const std::string quarter =
      f.quarter.empty() ? std::to_string((std::stoi(today.substr(5, 2)) - 1) / 3 + 1) : f.quarter;
  List quarters;
  for (int q = 1; q <= 4; ++q) {
    Data o;
    o.set("quarter", std::to_string(q));
    o.set("selected", flag(quarter == std::to_string(q)));
    quarters.push_back(o);
  }
  d.set("quarters", quarters);
  d.set("add_action", std::string(kBase) + "/them");
  d.set("year", std::to_string(year));
  for (const auto& [key, value] :
       {std::pair{"error_title", f.error_title}, std::pair{"error_quarter", f.error_quarter},
        std::pair{"error_held_on", f.error_held_on}, std::pair{"error_add", f.error_add},
        std::pair{"error_nomination", f.error_nomination},
        std::pair{"error_session", f.error_session},
        std::pair{"error_schedule", f.error_schedule}}) {
    if (!value.empty()) d.set(key, value);
  }
}

void set_schedule_form(Data& d, const Forms& f, const std::vector<CouncilSession>& sessions,
                       const std::vector<AgendaNomination>& agenda) {
  List noms;
  for (const auto& n : agenda) {
    if (n.status != "appraised") continue;
    Data o;
    o.set("id", n.id);
    o.set("label",
          n.nominee + " (" + n.unit_name + ")" + (n.session_id.empty() ? "" : " — đã xếp lịch"));
    o.set("selected", flag(n.id == f.nomination));
    noms.push_back(o);
  }
  List options;
  for (const auto& s : sessions) {
    Data o;
    o.set("id", s.id);
    o.set("title", s.title);
    o.set("selected", flag(s.id == f.session));
    options.push_back(o);
  }
  d.set("can_schedule", flag(!noms.empty() && !options.empty()));
  d.set("appraised", noms);
  d.set("session_options", options);
  d.set("schedule_action", std::string(kBase) + "/xep-lich");
}

// The summary at the top of a refused page: each reason, linking to its
// field (a refusal of a whole form links to its first field).
void set_error_summary(Data& d, const Forms& f) {
  const std::pair<std::string, std::string> reasons[] = {{"title", f.error_title},
                                                         {"quarter", f.error_quarter},
                                                         {"held_on", f.error_held_on},
                                                         {"title", f.error_add},
                                                         {"held_on-" + f.hold_id, f.error_hold},
                                                         {"nomination", f.error_nomination},
                                                         {"session", f.error_session},
                                                         {"nomination", f.error_schedule}};
  List errors;
  for (const auto& [field, message] : reasons) {
    if (message.empty()) continue;
    Data e;
    e.set("field", field);
    e.set("message", message);
    errors.push_back(e);
  }
  d.set("has_errors", flag(!errors.empty()));
  d.set("errors", errors);
}

// The year's page. The caller holds store_mu.
Response council_page(App::Impl& app, const Ctx& ctx, std::int64_t year, int status,
                      const Forms& f) {
  auto sessions = list_council_sessions(*app.store, static_cast<int>(year));
  if (!sessions) return app.error(500, "Không đọc được phiên họp", sessions.status().message());
  auto agenda = council_agenda(*app.store);
  if (!agenda) return app.error(500, "Không đọc được chương trình họp", agenda.status().message());
  auto kinds = list_award_kinds(*app.store);
  if (!kinds)
    return app.error(500, "Không đọc được danh mục khen thưởng", kinds.status().message());
  std::map<std::string, std::string> kind_names;
  for (const auto& k : *kinds) kind_names[k.id] = k.name;
  auto years = plan_years(*app.store);
  if (!years) return app.error(500, "Không đọc được kế hoạch", years.status().message());
  Data d = app.base_data(ctx, "Hội đồng", "council");
  List year_links;
  std::vector<std::int64_t> shown = *years;
  if (std::find(shown.begin(), shown.end(), year) == shown.end()) shown.push_back(year);
  std::sort(shown.rbegin(), shown.rend());
  for (auto y : shown) {
    Data l;
    l.set("year", std::to_string(y));
    l.set("href", year_href(y));
    l.set("current", flag(y == year));
    year_links.push_back(l);
  }
  d.set("years", year_links);
  d.set("has_years", flag(shown.size() > 1));
  List items;
  for (const auto& s : *sessions) items.push_back(session_data(s, *agenda, kind_names, f));
  d.set("sessions", items);
  d.set("has_sessions", flag(!sessions->empty()));
  List waiting;
  for (const auto& n : *agenda)
    if (n.status == "appraised" && n.session_id.empty())
      waiting.push_back(nomination_data(n, kind_names));
  d.set("waiting", waiting);
  d.set("has_waiting", flag(!waiting.empty()));
  set_add_form(d, f, year);
  set_schedule_form(d, f, *sessions, *agenda);
  set_error_summary(d, f);
  if (auto done = ctx.query.find("da"); done != ctx.query.end()) {
    const std::string words = words_of(kDone, done->second);
    if (words != done->second) d.set("done", words);
  }
  return app.page(status, "council", std::move(d));
}

Response page_get(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  auto years = plan_years(*app.store);
  if (!years) return app.error(500, "Không đọc được kế hoạch", years.status().message());
  std::int64_t year = default_year(*years);
  if (auto it = ctx.query.find("nam"); it != ctx.query.end()) {
    auto y = year_of(it->second);
    if (!y) return app.error(400, "Địa chỉ không đúng", "Năm phải là một số như 2021.");
    year = *y;
  }
  return council_page(app, ctx, year, 200, {});
}

// The year a POST came from (its hidden field), this year's when absent or bad.
std::int64_t form_year(App::Impl& app, const Ctx& ctx) {
  if (auto y = year_of(field(ctx, "nam"))) return *y;
  auto years = plan_years(*app.store);
  return default_year(years ? *years : std::vector<std::int64_t>{});
}

Response refused(App::Impl& app, const Ctx& ctx, std::int64_t year, const Status& st,
                 const Forms& f) {
  const int status = st.code() == Status::Code::kNotFound   ? 404
                     : st.code() == Status::Code::kConflict ? 409
                     : st.code() == Status::Code::kInvalid  ? 400
                                                            : 500;
  return council_page(app, ctx, year, status, f);
}

Response add_session(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  const std::int64_t year = form_year(app, ctx);
  Forms f;
  f.title = field(ctx, "title");
  f.quarter = field(ctx, "quarter");
  f.place = field(ctx, "place");
  f.held_on = field(ctx, "held_on");
  NewCouncilSession s;
  s.year = static_cast<int>(year);
  auto quarter = parse_int64(f.quarter);
  if (!quarter || *quarter < 1 || *quarter > 4)
    f.error_quarter = "Chọn quý của phiên họp, từ 1 đến 4.";
  if (is_blank(f.title))
    f.error_title = "Nhập tên phiên họp, ví dụ “Phiên họp Hội đồng TĐKT tỉnh Quý II/" +
                    std::to_string(year) + "”.";
  if (!is_blank(f.held_on)) {
    auto date = date_input(f.held_on);
    if (date)
      s.held_on = *date;
    else
      f.error_held_on =
          date_error(f.held_on, "Nhập ngày họp dự kiến dạng ngày/tháng/năm, ví dụ 15/06/" +
                                    std::to_string(year) + ".");
  }
  if (s.held_on && f.error_quarter.empty() &&
      !session_date_fits(s.year, static_cast<int>(*quarter), *s.held_on)) {
    f.error_held_on = "Ngày " + date_vi(*s.held_on) + " không thuộc năm " + std::to_string(year) +
                      (*quarter == 4 ? " (phiên họp quý IV họp muộn nhất ngày 31/03/" +
                                           std::to_string(year + 1) + ")"
                                     : "") +
                      ". Nhập ngày họp dự kiến trong năm " + std::to_string(year) +
                      "; phiên họp của năm khác được thêm ở trang Hội đồng của năm đó.";
  }
  if (!f.error_quarter.empty() || !f.error_title.empty() || !f.error_held_on.empty())
    return council_page(app, ctx, year, 400, f);
  s.quarter = static_cast<int>(*quarter);
  s.title = f.title;
  s.place = f.place;
  auto id = add_council_session(*app.store, s);
  if (!id) {
    f.error_add = "Chưa thêm được: " + id.status().message() + ".";
    return refused(app, ctx, year, id.status(), f);
  }
  return App::Impl::redirect(year_href(year) + "&da=them");
}

Response hold_session(App::Impl& app, const Ctx& ctx, const std::string& id) {
  std::lock_guard lock(app.store_mu);
  const std::int64_t year = form_year(app, ctx);
  Forms f;
  f.hold_id = id;
  f.hold_on = field(ctx, "held_on");
  auto date = date_input(f.hold_on);
  if (!date) {
    f.error_hold = date_error(f.hold_on, "Nhập ngày đã họp dạng ngày/tháng/năm, ví dụ 15/06/" +
                                             std::to_string(year) + ".");
    return council_page(app, ctx, year, 400, f);
  }
  Status st = hold_council_session(*app.store, id, *date);
  if (!st.is_ok()) {
    if (st.code() == Status::Code::kNotFound)
      return app.error(404, "Không tìm thấy phiên họp",
                       "Không có phiên họp này trên máy. Không có gì thay đổi.");
    f.error_hold = "Chưa ghi nhận được: " + st.message() + ".";
    return refused(app, ctx, year, st, f);
  }
  return App::Impl::redirect(year_href(year) + "&da=da-hop");
}

Response schedule(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  const std::int64_t year = form_year(app, ctx);
  Forms f;
  f.nomination = field(ctx, "nomination");
  f.session = field(ctx, "session");
  if (f.nomination.empty())
    f.error_nomination = "Chọn hồ sơ đã thẩm định cần đưa vào chương trình.";
  if (f.session.empty()) f.error_session = "Chọn phiên họp.";
  if (!f.error_nomination.empty() || !f.error_session.empty())
    return council_page(app, ctx, year, 400, f);
  Status st = schedule_nomination(*app.store, f.nomination, f.session);
  if (!st.is_ok()) {
    f.error_schedule = "Chưa xếp lịch được: " + st.message() + ".";
    return refused(app, ctx, year, st, f);
  }
  return App::Impl::redirect(year_href(year) + "&da=xep-lich");
}

Response method_refused(App::Impl& app, const char* allow) {
  Response r = app.error(405, "Không dùng được cách gửi này",
                         "Trang này không nhận yêu cầu kiểu đó. Hãy mở lại trang Hội đồng.");
  r.headers.emplace_back("Allow", allow);
  return r;
}

}  // namespace

bool is_council_route(const std::string& path) {
  return path == kBase || path.rfind(std::string(kBase) + "/", 0) == 0;
}

Response route_council(App::Impl& app, const Ctx& ctx) {
  const std::string& path = ctx.req.path;
  const bool get = ctx.req.method == "GET" || ctx.req.method == "HEAD";
  const bool post = ctx.req.method == "POST";
  if (!app.node.is_province()) return province_only(app);
  if (path == kBase) return get ? page_get(app, ctx) : method_refused(app, "GET");
  const std::string rest = path.substr(std::string(kBase).size() + 1);
  if (rest == "them") return post ? add_session(app, ctx) : method_refused(app, "POST");
  if (rest == "xep-lich") return post ? schedule(app, ctx) : method_refused(app, "POST");
  const std::string suffix = "/da-hop";
  if (rest.size() > suffix.size() &&
      rest.compare(rest.size() - suffix.size(), suffix.size(), suffix) == 0) {
    auto id = percent_decode(rest.substr(0, rest.size() - suffix.size()), false);
    if (id && !id->empty() && id->find('/') == std::string::npos)
      return post ? hold_session(app, ctx, *id) : method_refused(app, "POST");
  }
  return app.error(404, "Không tìm thấy trang",
                   "Địa chỉ này không dẫn tới phiên họp nào. Hãy mở lại trang Hội đồng.");
}

}  // namespace thidua::webapp
