// Tiến độ (a province node only): a quarter's tasks against the units
// named for them, each cell the unit's latest report; and one unit's
// report on one task, read-only.
#include <chrono>

#include "common/parse.h"
#include "common/vietnam_time.h"
#include "records/progress.h"
#include "records/progress_matrix.h"
#include "records/tasks.h"
#include "sitegen/markdown.h"
#include "webapp/internal/http.h"
#include "webapp/internal/pages_conflicts.h"

namespace thidua::webapp {
namespace {

Response province_only(App::Impl& app) {
  return app.error(403, "Chỉ cấp tỉnh dùng được trang này",
                   "Trang Tiến độ tổng hợp báo cáo của mọi đơn vị; chỉ máy của cấp tỉnh có đủ dữ "
                   "liệu đó. Báo cáo của đơn vị mình ở trang Công việc.");
}

// "31/03/2021" from "2021-03-31" (as is when it is not a date).
std::string day_month_year(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string progress_href(const std::string& task, const std::string& unit) {
  return "/tien-do/" + percent_encode(task) + "/" + percent_encode(unit);
}

// The quarter asked for: ?nam= (a plan year, else this year's plan, else
// the newest) and ?quy= (else the current quarter).
struct Asked {
  std::int64_t year = 0, quarter = 0;
};

Result<Asked> asked_quarter(const Ctx& ctx, const std::vector<std::int64_t>& years) {
  const std::string today = vietnam_today();
  Asked a;
  if (auto it = ctx.query.find("nam"); it != ctx.query.end()) {
    auto y = parse_int64(it->second);
    if (!y || *y < 1945 || *y > 9999) return Status::invalid("Năm phải là một số như 2021.");
    a.year = *y;
  } else {
    const std::int64_t this_year = std::stoll(today.substr(0, 4));
    a.year = years.empty() ? this_year : years.front();
    for (auto y : years)
      if (y == this_year) a.year = y;
  }
  if (auto it = ctx.query.find("quy"); it != ctx.query.end()) {
    auto q = parse_int64(it->second);
    if (!q || *q < 1 || *q > 4) return Status::invalid("Quý phải là một số từ 1 đến 4.");
    a.quarter = *q;
  } else {
    a.quarter = (std::stoll(today.substr(5, 2)) - 1) / 3 + 1;
  }
  return a;
}

Data cell_data(const MatrixRow& row, const MatrixUnit& unit, const MatrixCell& c) {
  Data d;
  d.set("cell_unit", unit.name);
  if (!c.responsible && !c.report) {
    d.set("none", flag(true));
    return d;
  }
  d.set("href", progress_href(row.task.id, unit.id));
  if (c.report) {
    d.set("status_code", c.report->status);
    d.set("status_words", progress_status_words(c.report->status));
    if (c.report->percent) d.set("percent", std::to_string(*c.report->percent));
  }
  d.set("overdue", flag(c.overdue));
  return d;
}

Data matrix_data(const ProgressMatrix& m) {
  Data d;
  List units;
  for (const auto& u : m.units) {
    Data ud;
    ud.set("short_name", u.short_name);
    ud.set("name", u.name);
    units.push_back(ud);
  }
  d.set("units", units);
  List rows;
  int missing = 0, overdue = 0;
  for (const auto& row : m.rows) {
    Data rd;
    rd.set("ordinal", std::to_string(row.task.ordinal));
    rd.set("content", row.task.content);
    List cells;
    for (std::size_t i = 0; i < m.units.size(); ++i) {
      const MatrixCell& c = row.cells[i];
      missing += c.responsible && !c.report ? 1 : 0;
      overdue += c.overdue ? 1 : 0;
      cells.push_back(cell_data(row, m.units[i], c));
    }
    rd.set("cells", cells);
    rows.push_back(rd);
  }
  d.set("rows", rows);
  d.set("missing_count", std::to_string(missing));
  d.set("overdue_count", std::to_string(overdue));
  return d;
}

}  // namespace

Response progress_page(App::Impl& app, const Ctx& ctx) {
  if (!app.node.is_province()) return province_only(app);
  std::lock_guard lock(app.store_mu);
  auto years = plan_years(*app.store);
  if (!years) return app.error(500, "Không đọc được kế hoạch", years.status().message());
  auto asked = asked_quarter(ctx, *years);
  if (!asked) return app.error(400, "Địa chỉ không đúng", asked.status().message());
  auto m = progress_matrix(*app.store, asked->year, asked->quarter);
  if (!m) return app.error(500, "Không đọc được tiến độ", m.status().message());
  Data d = app.base_data(ctx, "Tiến độ", "progress");
  d.set("year", std::to_string(m->year));
  d.set("quarter", std::to_string(m->quarter));
  d.set("quarter_end", day_month_year(m->quarter_end));
  d.set("quarter_ended", flag(m->quarter_ended));
  List quarters;
  for (int q = 1; q <= 4; ++q) {
    Data l;
    l.set("quarter", std::to_string(q));
    l.set("href", "/tien-do?nam=" + std::to_string(m->year) + "&quy=" + std::to_string(q));
    l.set("current", flag(q == m->quarter));
    quarters.push_back(l);
  }
  d.set("quarters", quarters);
  List year_links;
  for (auto y : *years) {
    Data l;
    l.set("year", std::to_string(y));
    l.set("href", "/tien-do?nam=" + std::to_string(y) + "&quy=" + std::to_string(m->quarter));
    l.set("current", flag(y == m->year));
    year_links.push_back(l);
  }
  d.set("has_years", flag(years->size() > 1));
  d.set("years", year_links);
  if (!m->rows.empty()) d.set("matrix", matrix_data(*m));
  return app.page(200, "progress", std::move(d));
}

namespace {

struct ReportPath {
  std::string task, unit;
};

// "<task>/<unit>", percent-encoded, or nothing when it is not that shape.
std::optional<ReportPath> report_path(const std::string& rest) {
  const auto slash = rest.find('/');
  auto task_id = percent_decode(rest.substr(0, slash), false);
  auto unit_id = slash == std::string::npos ? std::nullopt
                                            : percent_decode(rest.substr(slash + 1), false);
  if (!task_id || !unit_id || task_id->empty() || unit_id->empty() ||
      unit_id->find('/') != std::string::npos) {
    return std::nullopt;
  }
  return ReportPath{*task_id, *unit_id};
}

Response no_report_page(App::Impl& app) {
  return app.error(404, "Không tìm thấy trang",
                   "Địa chỉ này không dẫn tới báo cáo nào. Hãy chọn một ô trên trang Tiến độ.");
}

// The report and, for its note, what the public site shows and the form
// that publishes it. `refusal`: why the last publishing was refused.
Response render_history(App::Impl& app, const Ctx& ctx, const ReportPath& at, int status,
                        const std::string& refusal, const std::string& typed) {
  auto p = unit_task_progress(*app.store, at.task, at.unit);
  if (!p && p.status().code() == Status::Code::kNotFound) {
    return app.error(404, "Không tìm thấy báo cáo",
                     "Không có nhiệm vụ hoặc đơn vị này trong kế hoạch trên máy.");
  }
  if (!p) return app.error(500, "Không đọc được báo cáo", p.status().message());
  Data d = app.base_data(ctx, "Báo cáo của đơn vị", "progress");
  d.set("task_content", p->task.content);
  d.set("report_unit", p->unit.name);
  d.set("own", flag(p->task.own));
  d.set("back", "/tien-do?nam=" + std::to_string(p->year) +
                    "&quy=" + std::to_string(p->task.quarter));
  if (p->task.report) {
    const TaskReport& r = *p->task.report;
    Data rd;
    rd.set("status_code", r.status);
    rd.set("status_words", progress_status_words(r.status));
    if (r.percent) rd.set("percent", std::to_string(*r.percent));
    if (!r.reported_on.empty()) rd.set("reported_on", day_month_year(r.reported_on));
    // HTML that sitegen's safe Markdown renderer made (raw HTML dropped).
    if (!r.note_md.empty()) rd.set("note_html", site::markdown_to_html(r.note_md));
    if (!r.public_note_md.empty()) rd.set("public_html", site::markdown_to_html(r.public_note_md));
    rd.set("public_stale", flag(!r.public_note_md.empty() && r.public_note_md != r.note_md));
    rd.set("action", progress_href(at.task, at.unit));
    rd.set("typed", refusal.empty() ? (r.public_note_md.empty() ? r.note_md : r.public_note_md) : typed);
    d.set("report", rd);
  }
  if (!refusal.empty()) d.set("refusal", refusal);
  d.set("published", flag(ctx.query.count("da-cong-bo") > 0));
  return app.page(status, "progress_history", std::move(d));
}

}  // namespace

Response progress_history(App::Impl& app, const Ctx& ctx, const std::string& rest) {
  if (!app.node.is_province()) return province_only(app);
  auto at = report_path(rest);
  if (!at) return no_report_page(app);
  std::lock_guard lock(app.store_mu);
  return render_history(app, ctx, *at, 200, "", "");
}

Response progress_publish_note(App::Impl& app, const Ctx& ctx, const std::string& rest) {
  if (!app.node.is_province()) return province_only(app);
  auto at = report_path(rest);
  if (!at) return no_report_page(app);
  auto it = ctx.form.find("cong-bo");
  const std::string text = it == ctx.form.end() ? std::string() : it->second;
  std::lock_guard lock(app.store_mu);
  Status st = publish_progress_note(*app.store, progress_id(at->task, at->unit), text);
  if (!st.is_ok()) {
    const int status = st.code() == Status::Code::kNotFound ? 404 : 400;
    return render_history(app, ctx, *at, status, "Chưa công bố: " + st.message(), text);
  }
  return App::Impl::redirect(progress_href(at->task, at->unit) + "?da-cong-bo=1");
}

}  // namespace thidua::webapp
