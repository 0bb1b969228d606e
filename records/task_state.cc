#include "records/task_state.h"

#include <cstdio>
#include <set>

namespace thidua {

TaskJudgment judge_task(const std::vector<std::string>& responsible, const std::vector<TaskReportOf>& reports,
                        const std::string& due, const std::string& today) {
  const std::set<std::string> named(responsible.begin(), responsible.end());
  std::set<std::string> done;
  bool started = false, blocked = false;
  TaskJudgment j;
  for (const auto& rep : reports) {
    if (!named.empty() && !named.count(rep.unit_id)) continue;
    j.reported = true;
    if (rep.status == "done") done.insert(rep.unit_id);
    started = started || rep.status == "in_progress" || rep.status == "done";
    blocked = blocked || rep.status == "blocked";
  }
  const std::size_t needed = named.empty() ? reports.size() : named.size();
  if (j.reported && done.size() == needed) {
    j.phase = TaskPhase::kDone;
  } else if (blocked) {
    j.phase = TaskPhase::kBlocked;
  } else if (started) {
    j.phase = TaskPhase::kInProgress;
  }
  j.overdue = j.phase != TaskPhase::kDone && due < today;
  return j;
}

std::string quarter_last_day(std::int64_t year, std::int64_t quarter) {
  static const char* kEnds[] = {"03-31", "06-30", "09-30", "12-31"};
  if (quarter < 1 || quarter > 4) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-", static_cast<long long>(year));
  return buf + std::string(kEnds[quarter - 1]);
}

}  // namespace thidua
