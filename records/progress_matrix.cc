#include "records/progress_matrix.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "common/vietnam_time.h"
#include "records/internal/checks.h"
#include "records/internal/task_rows.h"
#include "records/progress.h"
#include "records/task_state.h"

namespace thidua {

using records_internal::int_of;
using records_internal::report_of;
using records_internal::require_row;
using records_internal::task_of;
using records_internal::text_of;

namespace {

MatrixUnit unit_of(const Row& row) {
  MatrixUnit u;
  u.id = text_of(row, "id");
  u.name = text_of(row, "name");
  if (u.name.empty()) u.name = u.id;
  u.short_name = text_of(row, "short_name");
  if (u.short_name.empty()) u.short_name = u.name;
  u.kind = text_of(row, "kind");
  return u;
}

int kind_rank(const std::string& kind) {
  if (kind == "province") return 0;
  if (kind == "department") return 1;
  if (kind == "district") return 2;
  return 3;
}

// The quarter's tasks, by ordinal then id.
Result<std::vector<UnitTask>> quarter_tasks(Store& store, std::int64_t year, std::int64_t quarter) {
  auto plans = store.rows("plans");  // a plan a year: a handful of rows
  if (!plans) return plans.status();
  std::vector<std::string> plan_ids;
  for (const Row& p : *plans)
    if (int_of(p, "year") == year) plan_ids.push_back(text_of(p, "id"));
  std::vector<UnitTask> tasks;
  if (plan_ids.empty()) return tasks;
  auto rows = store.rows_where("tasks", "plan_id", plan_ids);
  if (!rows) return rows.status();
  for (const Row& row : *rows) {
    if (int_of(row, "quarter") == quarter) tasks.push_back(task_of(row));
  }
  std::sort(tasks.begin(), tasks.end(), [](const UnitTask& a, const UnitTask& b) {
    return a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.id < b.id;
  });
  return tasks;
}

}  // namespace

std::string progress_status_words(const std::string& status) {
  static constexpr std::pair<const char*, const char*> kWords[] = {
      {"not_started", "chưa bắt đầu"},
      {"in_progress", "đang thực hiện"},
      {"done", "hoàn thành"},
      {"blocked", "vướng mắc"}};
  for (const auto& [code, words] : kWords)
    if (status == code) return words;
  return status;
}

Result<ProgressMatrix> progress_matrix(Store& store, std::int64_t year, std::int64_t quarter,
                                       const std::string& today) {
  if (quarter < 1 || quarter > 4)
    return Status::invalid("quý phải từ 1 đến 4 (không phải " + std::to_string(quarter) + ")");
  ProgressMatrix m;
  m.year = year;
  m.quarter = quarter;
  m.quarter_end = quarter_last_day(year, quarter);
  m.quarter_ended = (today.empty() ? vietnam_today() : today) > m.quarter_end;
  THIDUA_ASSIGN_OR_RETURN(std::vector<UnitTask> tasks, quarter_tasks(store, year, quarter));
  if (tasks.empty()) return m;
  std::vector<std::string> task_ids;
  for (const auto& t : tasks) task_ids.push_back(t.id);

  std::set<std::pair<std::string, std::string>> responsible;  // (task, unit)
  std::set<std::string> unit_ids;
  auto links = store.rows_where("task_units", "task_id", task_ids, {"task_id", "unit_id", "role"});
  if (!links) return links.status();
  for (const Row& l : *links) {
    if (text_of(l, "role") != "responsible") continue;
    responsible.emplace(text_of(l, "task_id"), text_of(l, "unit_id"));
    unit_ids.insert(text_of(l, "unit_id"));
  }
  std::map<std::pair<std::string, std::string>, TaskReport> reports;  // (task, unit)
  auto progress = store.rows_where("progress", "task_id", task_ids);
  if (!progress) return progress.status();
  for (const Row& p : *progress) {
    reports[{text_of(p, "task_id"), text_of(p, "unit_id")}] = report_of(p);
    unit_ids.insert(text_of(p, "unit_id"));
  }

  auto units = store.rows_where("units", "id", std::vector<std::string>(unit_ids.begin(), unit_ids.end()));
  if (!units) return units.status();
  std::vector<std::pair<std::int64_t, MatrixUnit>> ordered;
  for (const Row& u : *units) ordered.emplace_back(int_of(u, "ordinal"), unit_of(u));
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    const int ka = kind_rank(a.second.kind), kb = kind_rank(b.second.kind);
    if (ka != kb) return ka < kb;
    return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
  });
  for (auto& [ordinal, unit] : ordered) m.units.push_back(std::move(unit));

  for (auto& task : tasks) {
    MatrixRow row;
    for (const auto& unit : m.units) {
      MatrixCell cell;
      cell.responsible = responsible.count({task.id, unit.id}) > 0;
      if (auto it = reports.find({task.id, unit.id}); it != reports.end()) cell.report = it->second;
      cell.overdue = cell.responsible && m.quarter_ended &&
                     !(cell.report && cell.report->status == "done");
      row.cells.push_back(std::move(cell));
    }
    row.task = std::move(task);
    m.rows.push_back(std::move(row));
  }
  return m;
}

Result<UnitTaskProgress> unit_task_progress(Store& store, const std::string& task_id,
                                            const std::string& unit_id) {
  THIDUA_ASSIGN_OR_RETURN(Row task, require_row(store, "tasks", task_id, "nhiệm vụ"));
  THIDUA_ASSIGN_OR_RETURN(Row unit, require_row(store, "units", unit_id, "đơn vị"));
  UnitTaskProgress out;
  out.task = task_of(task);
  out.unit = unit_of(unit);
  auto plan = store.get("plans", out.task.plan_id);
  if (!plan) return plan.status();
  if (*plan) out.year = int_of(**plan, "year");
  auto links = store.rows_where("task_units", "task_id", {task_id}, {"unit_id", "role"});
  if (!links) return links.status();
  for (const Row& l : *links) {
    if (text_of(l, "unit_id") == unit_id && text_of(l, "role") == "responsible") out.task.own = true;
  }
  auto report = store.get("progress", progress_id(task_id, unit_id));
  if (!report) return report.status();
  if (*report) out.task.report = report_of(**report);
  return out;
}

}  // namespace thidua
