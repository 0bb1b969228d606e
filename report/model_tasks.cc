// Section I (the period's tasks by quarter and by responsible unit) and the
// tasks of section III, judged as the public site judges them
// (records/task_state.h).
#include <algorithm>
#include <map>
#include <set>

#include "records/task_state.h"
#include "report/internal/rows.h"

namespace thidua::report_internal {
namespace {

using report::TaskCounts;
using report::TaskLine;

struct TaskIn {
  TaskLine line;
  std::vector<std::string> responsible;  // unit ids, in the plan's order
  std::vector<TaskReportOf> reports;
};

void count(TaskCounts& c, const TaskJudgment& j) {
  ++c.total;
  c.done += j.phase == TaskPhase::kDone;
  c.in_progress += j.phase == TaskPhase::kInProgress;
  c.blocked += j.phase == TaskPhase::kBlocked;
  c.not_started += j.phase == TaskPhase::kNotStarted;
  c.overdue += j.overdue;
}

int kind_rank(const std::string& kind) {
  if (kind == "province") return 0;
  if (kind == "department") return 1;
  if (kind == "district" || kind == "city") return 2;
  return 3;
}

// The year's tasks with their responsible units and every report on them.
Result<std::vector<TaskIn>> read_tasks(Store& store, const std::vector<std::string>& plan_ids,
                                       std::int64_t year, const Units& units) {
  auto tasks = store.rows_where("tasks", "plan_id", plan_ids);
  if (!tasks) return tasks.status();
  std::vector<TaskIn> out;
  std::vector<std::string> ids;
  std::map<std::string, std::size_t> at;
  for (const auto& t : *tasks) {
    TaskIn in;
    in.line.id = as_text(t, "id");
    in.line.content = as_text(t, "content");
    in.line.quarter = static_cast<int>(int_of(t, "quarter"));
    in.line.ordinal = static_cast<int>(int_of(t, "ordinal"));
    in.line.due = day_of(t, "due");
    if (in.line.due.empty()) in.line.due = quarter_last_day(year, in.line.quarter);
    at[in.line.id] = out.size();
    ids.push_back(in.line.id);
    out.push_back(std::move(in));
  }
  auto links = store.rows_where("task_units", "task_id", ids);
  if (!links) return links.status();
  std::sort(links->begin(), links->end(),
            [](const Row& a, const Row& b) { return int_of(a, "ordinal") < int_of(b, "ordinal"); });
  for (const auto& l : *links) {
    auto it = at.find(as_text(l, "task_id"));
    if (it == at.end() || as_text(l, "role") != "responsible") continue;
    auto& task = out[it->second];
    const std::string unit = as_text(l, "unit_id");
    task.responsible.push_back(unit);
    const auto u = units.find(unit);
    const std::string shown = u == units.end() ? unit : u->second.short_name.empty() ? u->second.name
                                                                                     : u->second.short_name;
    // "; " between units: a unit's own name may hold a comma ("Ban TĐKT, Sở
    // Nội vụ"), so ", " would make two units of one.
    task.line.responsible += (task.line.responsible.empty() ? "" : "; ") + shown;
  }
  auto progress = store.rows_where("progress", "task_id", ids, {"task_id", "unit_id", "status"});
  if (!progress) return progress.status();
  for (const auto& p : *progress) {
    auto it = at.find(as_text(p, "task_id"));
    if (it != at.end()) out[it->second].reports.push_back({as_text(p, "unit_id"), as_text(p, "status")});
  }
  std::sort(out.begin(), out.end(), [](const TaskIn& a, const TaskIn& b) {
    if (a.line.quarter != b.line.quarter) return a.line.quarter < b.line.quarter;
    if (a.line.ordinal != b.line.ordinal) return a.line.ordinal < b.line.ordinal;
    return a.line.id < b.line.id;
  });
  return out;
}

// Each responsible unit's own part of the period's tasks, units in the
// order the progress page uses (kind, then the content's order, then id).
void fill_units(const std::vector<TaskIn>& tasks, int last_quarter, const std::string& today,
                const Units& units, report::Report& out) {
  std::map<std::string, TaskCounts> by_unit;
  for (const auto& t : tasks) {
    if (t.line.quarter > last_quarter) continue;
    for (const auto& u : std::set<std::string>(t.responsible.begin(), t.responsible.end()))
      count(by_unit[u], judge_task({u}, t.reports, t.line.due, today));
  }
  for (const auto& [id, counts] : by_unit) out.units.push_back({id, unit_name(units, id), counts});
  auto rank = [&](const report::UnitRow& r) {
    const auto u = units.find(r.unit_id);
    return u == units.end() ? std::make_pair(4, std::int64_t{0})
                            : std::make_pair(kind_rank(u->second.kind), u->second.ordinal);
  };
  std::stable_sort(out.units.begin(), out.units.end(),
                   [&](const report::UnitRow& a, const report::UnitRow& b) { return rank(a) < rank(b); });
}

}  // namespace

Status fill_tasks(Store& store, const std::vector<std::string>& plan_ids, const Units& units,
                  report::Report& out) {
  auto tasks = read_tasks(store, plan_ids, out.period.year, units);
  if (!tasks) return tasks.status();
  const int last = out.period.last_quarter;
  for (int q = 1; q <= last; ++q) out.quarters.push_back({q, {}});
  for (auto& t : *tasks) {
    if (t.line.quarter < 1 || t.line.quarter > 4) continue;
    if (t.line.quarter > last) {
      out.next_tasks.push_back(t.line);
      continue;
    }
    const TaskJudgment j = judge_task(t.responsible, t.reports, t.line.due, out.today);
    count(out.tasks, j);
    count(out.quarters[t.line.quarter - 1].counts, j);
    t.line.phase = j.phase;
    t.line.overdue = j.overdue;
    if (j.phase != TaskPhase::kDone) out.unfinished.push_back(t.line);
  }
  fill_units(*tasks, last, out.today, units, out);
  return Status::ok();
}

}  // namespace thidua::report_internal
