// Writes loaded content into a store.
#pragma once

#include "common/status.h"
#include "plan/plan.h"
#include "store/store.h"

namespace thidua {

struct ImportStats {
  int units = 0;
  int plans = 0;
  int tasks = 0;
  int task_units = 0;
  int award_kinds = 0;
};

// Writes every unit, plan, task, task_unit and award kind in one transaction (through
// the captured write path, so the rows sync like any edit). Re-importing
// the same content changes nothing; all or nothing on failure.
Result<ImportStats> import_content(Store& store, const Content& content);

}  // namespace thidua
