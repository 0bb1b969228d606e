// Công việc: the year's tasks by quarter with this unit's latest report,
// and the report form (status, percent, note with a preview).
#include "common/parse.h"
#include "common/vietnam_time.h"
#include "records/progress.h"
#include "records/tasks.h"
#include "sitegen/markdown.h"
#include "webapp/internal/app_impl.h"
#include "webapp/internal/http.h"

namespace thidua::webapp {
namespace {

constexpr Words kStatusWords[] = {{"not_started", "chưa bắt đầu"},
                                  {"in_progress", "đang thực hiện"},
                                  {"done", "hoàn thành"},
                                  {"blocked", "vướng mắc"}};

Data report_data(const TaskReport& r) {
  Data d;
  d.set("status_code", r.status);
  d.set("status_words", words_of(kStatusWords, r.status));
  if (r.percent) d.set("percent", std::to_string(*r.percent));
  d.set("reported_on", date_vi(r.reported_on));
  return d;
}

Data task_data(const UnitTask& t) {
  Data d;
  d.set("id", t.id);
  d.set("href", "/cong-viec/" + percent_encode(t.id));
  d.set("content", t.content);
  d.set("due", date_vi(t.due));
  d.set("own", flag(t.own));
  if (t.report) d.set("report", report_data(*t.report));
  return d;
}

// The year asked for (?nam=), else this year when it has a plan, else the
// newest plan's year; 0 when there is no plan at all.
Result<std::int64_t> year_to_show(const Ctx& ctx, const std::vector<std::int64_t>& years) {
  if (auto it = ctx.query.find("nam"); it != ctx.query.end()) {
    auto y = parse_int64(it->second);
    if (!y || *y < 1945 || *y > 9999) return Status::invalid("Năm phải là một số như 2021.");
    return *y;
  }
  const std::int64_t this_year = std::stoll(vietnam_today().substr(0, 4));
  for (auto y : years) {
    if (y == this_year) return y;
  }
  return years.empty() ? 0 : years.front();
}

// The form's fields as the clerk typed them, with each field's error.
struct ReportForm {
  std::string status, percent, note;
  std::map<std::string, std::string> errors;  // field id -> what to do
  std::string general;                        // a refusal of records/ not tied to a field
  std::optional<std::int64_t> percent_value;
};

ReportForm read_form(const Ctx& ctx) {
  ReportForm f;
  f.status = field(ctx, "trang-thai");
  f.percent = field(ctx, "phan-tram");
  f.note = field(ctx, "ghi-chu");
  bool known = false;
  for (const auto& s : kStatusWords) known = known || f.status == s.code;
  if (!known) f.errors["trang-thai"] = "Chọn một trạng thái trong danh sách.";
  std::string p = f.percent;
  while (!p.empty() && p.back() == ' ') p.pop_back();
  while (!p.empty() && p.front() == ' ') p.erase(0, 1);
  auto number = parse_int64(p);
  if (p.empty()) {
    f.errors["phan-tram"] = "Nhập tỷ lệ hoàn thành, một số nguyên từ 0 đến 100.";
  } else if (!number) {
    f.errors["phan-tram"] =
        "Tỷ lệ phải là một số nguyên từ 0 đến 100, không có dấu phẩy, chữ hay dấu %.";
  } else if (*number < 0 || *number > 100) {
    f.errors["phan-tram"] = "Nhập tỷ lệ từ 0 đến 100.";
  } else if (f.status == "done" && *number < 100) {
    f.errors["phan-tram"] = "Đã chọn “hoàn thành” thì tỷ lệ phải là 100.";
  } else {
    f.percent_value = *number;
  }
  return f;
}

Response render_form(App::Impl& app, const Ctx& ctx, int status, const UnitTask& task,
                     const ReportForm& f, const std::string& preview_html, bool saved) {
  Data d = app.base_data(ctx, "Báo cáo nhiệm vụ", "tasks");
  d.set("task", task_data(task));
  d.set("action", "/cong-viec/" + percent_encode(task.id));
  List options;
  for (const auto& s : kStatusWords) {
    Data o;
    o.set("code", s.code);
    o.set("words", s.words);
    o.set("selected", flag(f.status == s.code));
    options.push_back(o);
  }
  d.set("status_options", options);
  d.set("percent_value", f.percent);
  d.set("note_value", f.note);
  List summary;
  for (const auto& [id, message] : f.errors) {
    Data e;
    e.set("field", id);
    e.set("message", message);
    summary.push_back(e);
    d.set("error_" + std::string(id == "trang-thai"  ? "status"
                                 : id == "phan-tram" ? "percent"
                                                     : "note"),
          message);
  }
  if (!f.general.empty()) d.set("error_general", f.general);
  d.set("has_errors", flag(!summary.empty()));
  d.set("errors", summary);
  // The one triple mustache of the app: HTML that sitegen's safe Markdown
  // renderer made (raw HTML and script links are dropped there).
  if (!preview_html.empty()) d.set("preview_html", preview_html);
  d.set("saved", flag(saved));
  return app.page(status, "task", std::move(d));
}

}  // namespace

Response tasks_page(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  auto years = plan_years(*app.store);
  if (!years) return app.error(500, "Không đọc được kế hoạch", years.status().message());
  auto year = year_to_show(ctx, *years);
  if (!year) return app.error(400, "Địa chỉ không đúng", year.status().message());
  auto quarters = unit_tasks_of_year(*app.store, app.node.unit_id, *year);
  if (!quarters) return app.error(500, "Không đọc được kế hoạch", quarters.status().message());
  Data d = app.base_data(ctx, "Công việc", "tasks");
  d.set("year", std::to_string(*year));
  List year_links;
  for (auto y : *years) {
    Data l;
    l.set("year", std::to_string(y));
    l.set("current", flag(y == *year));
    year_links.push_back(l);
  }
  d.set("has_years", flag(years->size() > 1));
  d.set("years", year_links);
  List qs;
  for (const auto& q : *quarters) {
    Data qd;
    qd.set("quarter", std::to_string(q.quarter));
    List tasks;
    for (const auto& t : q.tasks) tasks.push_back(task_data(t));
    qd.set("tasks", tasks);
    qs.push_back(qd);
  }
  if (!quarters->empty()) d.set("quarters", qs);
  return app.page(200, "tasks", std::move(d));
}

Response task_form(App::Impl& app, const Ctx& ctx, const std::string& task_id) {
  std::lock_guard lock(app.store_mu);
  auto task = unit_task(*app.store, app.node.unit_id, task_id);
  if (!task && task.status().code() == Status::Code::kNotFound) {
    return app.error(404, "Không tìm thấy nhiệm vụ",
                     "Không có nhiệm vụ " + task_id + " trong kế hoạch.");
  }
  if (!task) return app.error(500, "Không đọc được nhiệm vụ", task.status().message());
  ReportForm f;
  f.status = task->report ? task->report->status : "not_started";
  if (task->report && task->report->percent) f.percent = std::to_string(*task->report->percent);
  if (task->report) f.note = task->report->note_md;
  return render_form(app, ctx, 200, *task, f, "", ctx.query.count("da-luu") > 0);
}

Response task_submit(App::Impl& app, const Ctx& ctx, const std::string& task_id) {
  std::lock_guard lock(app.store_mu);
  auto task = unit_task(*app.store, app.node.unit_id, task_id);
  if (!task && task.status().code() == Status::Code::kNotFound) {
    return app.error(404, "Không tìm thấy nhiệm vụ",
                     "Không có nhiệm vụ " + task_id + " trong kế hoạch. Không có gì được lưu.");
  }
  if (!task) return app.error(500, "Không đọc được nhiệm vụ", task.status().message());
  ReportForm f = read_form(ctx);
  if (field(ctx, "hanh-dong") == "xem-truoc") {
    f.errors.clear();  // a preview checks nothing and writes nothing
    return render_form(app, ctx, 200, *task, f, site::markdown_to_html(f.note), false);
  }
  if (!f.errors.empty()) return render_form(app, ctx, 400, *task, f, "", false);
  auto written = report_progress(*app.store, {task_id, f.status, f.percent_value, f.note, ""});
  if (!written) {
    f.general = "Chưa lưu: " + written.status().message();
    return render_form(app, ctx, 400, *task, f, "", false);
  }
  return App::Impl::redirect("/cong-viec/" + percent_encode(task_id) + "?da-luu=1");
}

Response note_preview(App::Impl&, const Ctx& ctx) {
  return App::Impl::html(200, site::markdown_to_html(field(ctx, "ghi-chu")));
}

}  // namespace thidua::webapp
