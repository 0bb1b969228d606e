// Internal to records/: a tasks row and a progress row as the read side
// returns them (records/tasks.h), shared by the task list and the
// province's progress matrix.
#pragma once

#include "records/tasks.h"
#include "store/store.h"

namespace thidua::records_internal {

UnitTask task_of(const Row& row);
TaskReport report_of(const Row& row);

}  // namespace thidua::records_internal
