#include "records/tasks.h"

#include <algorithm>
#include <map>
#include <set>

#include "records/internal/checks.h"
#include "records/internal/task_rows.h"
#include "records/progress.h"

namespace thidua {

using namespace records_internal;

namespace records_internal {

UnitTask task_of(const Row& row) {
  UnitTask t;
  t.id = text_of(row, "id");
  t.plan_id = text_of(row, "plan_id");
  t.quarter = int_of(row, "quarter");
  t.ordinal = int_of(row, "ordinal");
  t.content = text_of(row, "content");
  t.due = text_of(row, "due");
  return t;
}

TaskReport report_of(const Row& row) {
  TaskReport r;
  r.status = text_of(row, "status");
  auto it = row.find("percent");
  if (it != row.end()) {
    if (const auto* p = std::get_if<std::int64_t>(&it->second)) r.percent = *p;
  }
  r.note_md = text_of(row, "note_md");
  r.reported_on = text_of(row, "reported_on");
  r.public_note_md = text_of(row, "public_note_md");
  return r;
}

}  // namespace records_internal

namespace {

// The ids of the tasks `unit_id` is responsible for.
Result<std::set<std::string>> own_task_ids(Store& store, const std::string& unit_id) {
  auto links = store.rows_where("task_units", "unit_id", {unit_id}, {"task_id", "role"});
  if (!links) return links.status();
  std::set<std::string> own;
  for (const Row& l : *links) {
    if (text_of(l, "role") == "responsible") own.insert(text_of(l, "task_id"));
  }
  return own;
}

}  // namespace

Result<std::vector<std::int64_t>> plan_years(Store& store) {
  auto plans = store.rows("plans");
  if (!plans) return plans.status();
  std::set<std::int64_t> years;
  for (const Row& p : *plans) years.insert(int_of(p, "year"));
  return std::vector<std::int64_t>(years.rbegin(), years.rend());
}

Result<std::vector<QuarterTasks>> unit_tasks_of_year(Store& store, const std::string& unit_id,
                                                     std::int64_t year) {
  auto plans = store.rows("plans");  // a plan a year: a handful of rows
  if (!plans) return plans.status();
  std::vector<std::string> plan_ids;
  for (const Row& p : *plans) {
    if (int_of(p, "year") == year) plan_ids.push_back(text_of(p, "id"));
  }
  if (plan_ids.empty()) return std::vector<QuarterTasks>{};
  auto rows = store.rows_where("tasks", "plan_id", plan_ids);
  if (!rows) return rows.status();
  auto own = own_task_ids(store, unit_id);
  if (!own) return own.status();
  auto reports = store.rows_where("progress", "unit_id", {unit_id});
  if (!reports) return reports.status();
  std::map<std::string, TaskReport> by_task;
  for (const Row& r : *reports) by_task[text_of(r, "task_id")] = report_of(r);

  std::map<std::int64_t, std::vector<UnitTask>> quarters;
  for (const Row& row : *rows) {
    UnitTask t = task_of(row);
    t.own = own->count(t.id) > 0;
    if (auto it = by_task.find(t.id); it != by_task.end()) t.report = it->second;
    quarters[t.quarter].push_back(std::move(t));
  }
  std::vector<QuarterTasks> out;
  for (auto& [quarter, tasks] : quarters) {
    std::sort(tasks.begin(), tasks.end(), [](const UnitTask& a, const UnitTask& b) {
      if (a.own != b.own) return a.own;
      if (a.ordinal != b.ordinal) return a.ordinal < b.ordinal;
      return a.id < b.id;
    });
    out.push_back({quarter, std::move(tasks)});
  }
  return out;
}

Result<UnitTask> unit_task(Store& store, const std::string& unit_id, const std::string& task_id) {
  auto row = require_row(store, "tasks", task_id, "nhiệm vụ");
  if (!row) return row.status();
  UnitTask t = task_of(*row);
  auto own = own_task_ids(store, unit_id);
  if (!own) return own.status();
  t.own = own->count(t.id) > 0;
  auto report = store.get("progress", progress_id(task_id, unit_id));
  if (!report) return report.status();
  if (*report) t.report = report_of(**report);
  return t;
}

}  // namespace thidua
