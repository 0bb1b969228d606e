// The plan's pages: home, the plan, its quarters and its tasks.
#include <algorithm>
#include <cstdint>
#include <map>

#include "records/task_state.h"
#include "sitegen/internal/format.h"
#include "sitegen/internal/pages.h"
#include "sitegen/internal/svg.h"
#include "sitegen/markdown.h"

namespace thidua::site {
namespace {

// A changed progress value as the task's history shows it.
std::string shown_value(const std::string& column, const std::string& v) {
  if (column == "status") return status_label(v);
  if (column == "percent") return v.empty() ? std::string("—") : v + "%";
  if (column == "reported_on") return date_vi(v);
  if (column == "public_note_md") return markdown_to_text(v, 200);
  return v;
}

}  // namespace

// plan_pages() in its steps. They share the latest plan's progress, by task
// and by quarter, worked out once when it is made.
class Renderer::PlanPages {
 public:
  explicit PlanPages(Renderer& r);

  void home();
  // The pages below need a plan.
  bool has_plan() const { return plan_ != nullptr; }
  void plan();
  void quarter(int n);
  void tasks();

 private:
  // Where a task stands, judged by the units the plan makes responsible for
  // it (records/task_state.h: a report from any other unit is shown but
  // never moves the task).
  using Phase = TaskPhase;
  // What the reporting units say about one task.
  struct TaskState {
    std::vector<const Progress*> reports;  // every unit's, by unit order
    Phase phase = Phase::kNotStarted;
    bool reported = false;  // a responsible unit has reported
    bool overdue = false;   // past its due date and not done
  };
  // Quarters at a glance, counted in tasks (never in reports: a quarter of
  // ten tasks with two reported done is 2/10, not 2/2).
  struct QuarterSum {
    int tasks = 0, done = 0, in_progress = 0, blocked = 0, not_reported = 0, overdue = 0;
  };
  using Changes = std::vector<const ProgressChange*>;

  void gather_states();
  void judge(const Task& t, TaskState& st) const;
  void sum_quarters();
  // Every task of the plan has one (gather_states).
  const TaskState& state(const Task& t) const { return states_.at(t.id); }
  std::string due_of(const Task& t) const;
  Data quarter_data(int n, const std::string& root) const;
  List statuses_of(const TaskState& st) const;
  std::string responsible(const Task& t) const;
  Data task_common(const Task& t) const;
  Data task_data(const Task& t, const Changes& changes) const;
  List notes_of(const TaskState& st) const;
  List history_of(const Changes& all) const;

  Renderer& r_;
  const Plan* plan_;  // the latest year; nullptr when there is none
  std::string year_;
  std::map<std::string, TaskState> states_;
  QuarterSum sums_[4];
  const std::vector<Crumb> plan_crumb_ = {{"Trang chủ", ""}, {"Kế hoạch", "ke-hoach/"}};
};

void Renderer::plan_pages() {
  PlanPages pages(*this);
  pages.home();
  if (!pages.has_plan()) return;
  pages.plan();
  for (int n = 1; n <= 4; ++n) pages.quarter(n);
  pages.tasks();
}

Renderer::PlanPages::PlanPages(Renderer& r)
    : r_(r), plan_(r.data_.plans.empty() ? nullptr : &r.data_.plans.back()) {
  if (!plan_) return;
  year_ = std::to_string(plan_->year);
  gather_states();
  sum_quarters();
}

// Progress by task, reports in the units' order.
void Renderer::PlanPages::gather_states() {
  for (const auto& p : r_.data_.progress) states_[p.task_id].reports.push_back(&p);
  auto unit_order = [&](const Progress* a, const Progress* b) {
    auto ia = r_.unit_index_.count(a->unit_id) ? r_.unit_index_.at(a->unit_id) : SIZE_MAX;
    auto ib = r_.unit_index_.count(b->unit_id) ? r_.unit_index_.at(b->unit_id) : SIZE_MAX;
    return ia != ib ? ia < ib : a->unit_id < b->unit_id;
  };
  for (const auto& t : plan_->tasks) {
    auto& st = states_[t.id];
    std::sort(st.reports.begin(), st.reports.end(), unit_order);
    judge(t, st);
  }
}

// The same judgment as `thidua report` (records/task_state.h).
void Renderer::PlanPages::judge(const Task& t, TaskState& st) const {
  std::vector<TaskReportOf> reports;
  for (const auto* rep : st.reports) reports.push_back({rep->unit_id, rep->status});
  const TaskJudgment j = judge_task(t.units, reports, due_of(t), r_.today_);
  st.phase = j.phase;
  st.reported = j.reported;
  st.overdue = j.overdue;
}

void Renderer::PlanPages::sum_quarters() {
  for (const auto& t : plan_->tasks) {
    if (t.quarter < 1 || t.quarter > 4) continue;
    auto& q = sums_[t.quarter - 1];
    const auto& st = state(t);
    ++q.tasks;
    q.overdue += st.overdue;
    q.not_reported += !st.reported;
    q.done += st.phase == Phase::kDone;
    q.in_progress += st.phase == Phase::kInProgress;
    q.blocked += st.phase == Phase::kBlocked;
  }
}

std::string Renderer::PlanPages::due_of(const Task& t) const {
  return t.due.empty() ? quarter_end(plan_->year, t.quarter) : t.due;
}

Data Renderer::PlanPages::quarter_data(int n, const std::string& root) const {
  const auto& q = sums_[n - 1];
  Data d;
  d.set("root", root);
  d.set("number", std::to_string(n));
  d.set("number_roman", roman(n));
  d.set("task_count", std::to_string(q.tasks));
  d.set("done", std::to_string(q.done));
  if (q.not_reported) d.set("not_reported", std::to_string(q.not_reported));
  if (q.overdue) d.set("overdue", std::to_string(q.overdue));
  d.set("svg", progress_bar_svg(ProgressCounts{q.done, q.in_progress, q.blocked,
                                               q.tasks - q.done - q.in_progress - q.blocked},
                                "Quý " + roman(n)));
  return d;
}

List Renderer::PlanPages::statuses_of(const TaskState& st) const {
  List rows;
  for (const auto* rep : st.reports) {
    Data row;
    row.set("unit_name", r_.unit_name(rep->unit_id));
    row.set("unit_slug", r_.unit_slug(rep->unit_id));
    row.set("status", rep->status);
    row.set("status_label", status_label(rep->status));
    row.set("percent_text", percent_text(rep->percent));
    row.set("reported_date", date_vi(rep->reported_on));
    rows.push_back(row);
  }
  return rows;
}

std::string Renderer::PlanPages::responsible(const Task& t) const {
  std::string out;
  for (const auto& u : t.units) out += (out.empty() ? "" : ", ") + r_.unit_name(u);
  return out.empty() ? std::string("—") : out;
}

void Renderer::PlanPages::home() {
  Data d;
  d.set("plan_title", plan_ ? plan_->title : std::string("Kế hoạch thi đua, khen thưởng"));
  d.set("year", plan_ ? std::to_string(plan_->year) : std::string());
  if (plan_ && !plan_->intro_md.empty()) d.set("intro_html", markdown_to_html(plan_->intro_md));
  List quarters;
  for (int n = 1; n <= 4; ++n) quarters.push_back(quarter_data(n, "./"));
  d.set("quarters", quarters);
  List latest;
  const auto& stories = r_.data_.stories;
  for (std::size_t i = 0; i < stories.size() && i < 6; ++i)
    latest.push_back(r_.card_item(stories[i], "./"));
  d.set("has_latest", flag(!stories.empty()));
  d.set("latest", latest);
  r_.page("", "home", d, "Trang chủ",
          "Tiến độ kế hoạch thi đua, khen thưởng và gương điển hình tiên tiến của tỉnh Hà Giang.",
          {});
}

void Renderer::PlanPages::plan() {
  Data d;
  d.set("plan_title", plan_->title);
  if (!plan_->issued_on.empty()) d.set("issued", date_vi(plan_->issued_on));
  d.set("signed_by", plan_->signed_by);
  d.set("signer_title", plan_->signer_title);
  if (!plan_->purpose_md.empty()) d.set("purpose_html", markdown_to_html(plan_->purpose_md));
  if (!plan_->requirements_md.empty())
    d.set("requirements_html", markdown_to_html(plan_->requirements_md));
  if (!plan_->organisation_md.empty())
    d.set("organisation_html", markdown_to_html(plan_->organisation_md));
  List quarters;
  for (int n = 1; n <= 4; ++n) quarters.push_back(quarter_data(n, "../"));
  d.set("quarters", quarters);
  r_.page("ke-hoach/", "plan", d, plan_->title,
          "Mục đích, yêu cầu, tổ chức thực hiện và nhiệm vụ từng quý.", {{"Trang chủ", ""}});
}

void Renderer::PlanPages::quarter(int n) {
  const std::string dir = "ke-hoach/quy-" + std::to_string(n) + "/";
  Data d = quarter_data(n, root_of(dir));
  d.set("year", year_);
  d.set("end_date", date_vi(quarter_end(plan_->year, n)));
  if (quarter_end(plan_->year, n) < r_.today_) d.set("ended", flag(true));
  List tasks;
  for (const auto& t : plan_->tasks) {
    if (t.quarter != n) continue;
    Data td = task_common(t);
    td.set("slug", t.slug);
    tasks.push_back(td);
  }
  d.set("tasks", tasks);
  r_.page(dir, "quarter", d, "Quý " + roman(n) + " năm " + year_,
          "Nhiệm vụ quý " + roman(n) + " năm " + year_ + " và tình hình thực hiện của từng đơn vị.",
          plan_crumb_);
}

// What a task's entry on its quarter's page and its own page share.
Data Renderer::PlanPages::task_common(const Task& t) const {
  const auto& st = state(t);
  Data d;
  d.set("id", t.id);
  d.set("anchor", "nv-" + t.id);
  d.set("content", t.content);
  d.set("due_date", date_vi(due_of(t)));
  d.set("overdue", flag(st.overdue));
  d.set("responsible", responsible(t));
  d.set("has_statuses", flag(!st.reports.empty()));
  d.set("statuses", statuses_of(st));
  return d;
}

// Task pages with their history.
void Renderer::PlanPages::tasks() {
  std::map<std::string, Changes> history;
  std::map<std::string, std::string> task_of_progress;
  for (const auto& p : r_.data_.progress) task_of_progress[p.id] = p.task_id;
  for (const auto& h : r_.data_.history) {
    auto it = task_of_progress.find(h.progress_id);
    if (it != task_of_progress.end()) history[it->second].push_back(&h);
  }
  for (const auto& t : plan_->tasks) {
    const std::string dir = "nhiem-vu/" + t.slug + "/";
    auto crumbs = plan_crumb_;
    crumbs.push_back(
        {"Quý " + roman(t.quarter), "ke-hoach/quy-" + std::to_string(t.quarter) + "/"});
    r_.page(dir, "task", task_data(t, history[t.id]),
            "Nhiệm vụ " + std::to_string(t.ordinal) + ", quý " + roman(t.quarter),
            markdown_to_text(t.content, 150), crumbs);
  }
}

Data Renderer::PlanPages::task_data(const Task& t, const Changes& changes) const {
  Data d = task_common(t);
  d.set("ordinal", std::to_string(t.ordinal));
  d.set("quarter", std::to_string(t.quarter));
  d.set("number_roman", roman(t.quarter));
  d.set("year", year_);
  List notes = notes_of(state(t));
  d.set("has_notes", flag(!notes.empty()));
  d.set("notes", notes);
  List lines = history_of(changes);
  d.set("has_history", flag(!lines.empty()));
  d.set("history", lines);
  return d;
}

List Renderer::PlanPages::notes_of(const TaskState& st) const {
  List notes;
  for (const auto* rep : st.reports) {
    if (rep->public_note_md.empty()) continue;  // only a note the province published
    Data note;
    note.set("unit_name", r_.unit_name(rep->unit_id));
    note.set("note_html", markdown_to_html(rep->public_note_md));
    notes.push_back(note);
  }
  return notes;
}

// One line per edit (the cells one unit changed at once), showing only what
// changed: the row's own keys and values sent again unchanged are left out.
List Renderer::PlanPages::history_of(const Changes& all) const {
  List lines;
  for (std::size_t i = 0; i < all.size();) {
    const ProgressChange& first = *all[i];
    std::string what;
    for (; i < all.size() && all[i]->edit == first.edit &&
           all[i]->progress_id == first.progress_id && all[i]->unit_id == first.unit_id;
         ++i) {
      const ProgressChange& h = *all[i];
      if (h.column == "task_id" || h.column == "unit_id" || h.old_value == h.new_value) continue;
      if (!what.empty()) what += "; ";
      what += column_label(h.column) + ": " +
              (h.old_value.empty() ? shown_value(h.column, h.new_value)
                                   : shown_value(h.column, h.old_value) + " → " +
                                         shown_value(h.column, h.new_value));
    }
    if (what.empty()) continue;
    Data c;
    c.set("at", first.at);
    c.set("when", datetime_vi(first.at));
    std::string who = first.unit_id.empty() ? std::string("Máy chủ") : r_.unit_name(first.unit_id);
    const std::string progress_unit = first.progress_id.substr(first.progress_id.find(':') + 1);
    if (progress_unit != first.unit_id) who += " (báo cáo của " + r_.unit_name(progress_unit) + ")";
    c.set("unit_name", who);
    c.set("what", what);
    lines.push_back(c);
  }
  return lines;
}

}  // namespace thidua::site
