// Counts asked of a report's database with SQL, independently of the code
// under test: every number a report prints is pinned against one of these.
#pragma once

#include <sqlite3.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace thidua::testing {

class SqlCounts {
 public:
  explicit SqlCounts(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~SqlCounts() { sqlite3_close(db_); }
  SqlCounts(const SqlCounts&) = delete;
  SqlCounts& operator=(const SqlCounts&) = delete;

  // The integers of the first row of `sql`.
  std::vector<long long> row(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db_));
    std::vector<long long> out;
    if (sqlite3_step(st) == SQLITE_ROW)
      for (int i = 0; i < sqlite3_column_count(st); ++i) out.push_back(sqlite3_column_int64(st, i));
    sqlite3_finalize(st);
    return out;
  }
  long long one(const std::string& sql) {
    auto r = row(sql);
    REQUIRE(!r.empty());
    return r[0];
  }

 private:
  sqlite3* db_ = nullptr;
};

// Each task of the plan of `year` in quarters 1..`last_quarter` with its
// phase ('done', 'blocked', 'in_progress', 'not_started') and overdue
// flag, judged in SQL by the rule of records/task_state.h for tasks that
// name their units: done when every named unit reported done.
inline std::string judged_tasks_sql(int year, int last_quarter, const std::string& today) {
  const std::string y = std::to_string(year);
  return "WITH t AS (SELECT id, quarter, COALESCE(due, '" + y +
         "-' || CASE quarter WHEN 1 THEN '03-31' WHEN 2 THEN '06-30' WHEN 3 THEN '09-30' ELSE '12-31' END) AS due "
         "FROM tasks WHERE plan_id IN (SELECT id FROM plans WHERE year = " + y + ") AND quarter <= " +
         std::to_string(last_quarter) +
         "), r AS (SELECT tu.task_id, tu.unit_id, p.status FROM task_units tu JOIN progress p "
         "ON p.task_id = tu.task_id AND p.unit_id = tu.unit_id WHERE tu.role = 'responsible'), "
         "c AS (SELECT t.id, t.quarter, t.due, "
         "(SELECT COUNT(DISTINCT unit_id) FROM task_units WHERE task_id = t.id AND role = 'responsible') AS named, "
         "(SELECT COUNT(DISTINCT unit_id) FROM r WHERE r.task_id = t.id AND r.status = 'done') AS done_units, "
         "(SELECT COUNT(*) FROM r WHERE r.task_id = t.id AND r.status = 'blocked') AS blocked, "
         "(SELECT COUNT(*) FROM r WHERE r.task_id = t.id AND r.status IN ('in_progress', 'done')) AS started, "
         "(SELECT COUNT(*) FROM r WHERE r.task_id = t.id) AS reported FROM t), "
         "j AS (SELECT id, quarter, due, CASE WHEN reported > 0 AND done_units = named THEN 'done' "
         "WHEN blocked > 0 THEN 'blocked' WHEN started > 0 THEN 'in_progress' ELSE 'not_started' END AS phase "
         "FROM c) SELECT id, quarter, phase, (phase <> 'done' AND due < '" + today + "') AS overdue FROM j";
}

// COUNT(*), done, in_progress, blocked, not_started, overdue over
// judged_tasks_sql, restricted by `where` (e.g. "quarter = 1").
inline std::string task_counts_sql(int year, int last_quarter, const std::string& today,
                                   const std::string& where = "1") {
  return "SELECT COUNT(*), COALESCE(SUM(phase = 'done'), 0), COALESCE(SUM(phase = 'in_progress'), 0), "
         "COALESCE(SUM(phase = 'blocked'), 0), COALESCE(SUM(phase = 'not_started'), 0), "
         "COALESCE(SUM(overdue), 0) FROM (" + judged_tasks_sql(year, last_quarter, today) + ") WHERE " + where;
}

// The same for one unit's own part: each task naming `unit`, judged by
// that unit's report alone.
inline std::string unit_counts_sql(int year, int last_quarter, const std::string& today, const std::string& unit) {
  const std::string y = std::to_string(year);
  return "WITH t AS (SELECT id, COALESCE(due, '" + y +
         "-' || CASE quarter WHEN 1 THEN '03-31' WHEN 2 THEN '06-30' WHEN 3 THEN '09-30' ELSE '12-31' END) AS due "
         "FROM tasks WHERE plan_id IN (SELECT id FROM plans WHERE year = " + y + ") AND quarter <= " +
         std::to_string(last_quarter) +
         " AND id IN (SELECT task_id FROM task_units WHERE role = 'responsible' AND unit_id = '" + unit +
         "')), j AS (SELECT t.due, COALESCE((SELECT status FROM progress p WHERE p.task_id = t.id AND p.unit_id = '" +
         unit + "'), 'none') AS st FROM t) SELECT COUNT(*), COALESCE(SUM(st = 'done'), 0), "
         "COALESCE(SUM(st = 'in_progress'), 0), COALESCE(SUM(st = 'blocked'), 0), "
         "COALESCE(SUM(st IN ('not_started', 'none')), 0), COALESCE(SUM(st <> 'done' AND due < '" + today +
         "'), 0) FROM j";
}

}  // namespace thidua::testing
