#include "records/progress.h"

#include "records/internal/checks.h"
#include "records/node.h"

namespace thidua {

using namespace records_internal;

std::string progress_id(const std::string& task_id, const std::string& unit_id) {
  return task_id + ":" + unit_id;
}

Result<std::string> report_progress(Store& store, const ProgressReport& report) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  THIDUA_RETURN_IF_ERROR(check_one_of("trạng thái", report.status, kProgressStatuses));
  if (report.percent && (*report.percent < 0 || *report.percent > 100)) {
    return Status::invalid("phần trăm hoàn thành phải từ 0 đến 100 (không phải " +
                           std::to_string(*report.percent) + ")");
  }
  if (report.note_md) THIDUA_RETURN_IF_ERROR(check_text("ghi chú", *report.note_md, false));

  const std::string id = progress_id(report.task_id, node.unit_id);
  Status written = store.transaction([&]() -> Status {
    // Checked inside the transaction: the task cannot vanish before the write.
    auto task = require_row(store, "tasks", report.task_id, "nhiệm vụ");
    if (!task) return task.status();
    THIDUA_RETURN_IF_ERROR(require_unit(store, node.unit_id));
    Row row{{"id", id},
            {"task_id", report.task_id},
            {"unit_id", node.unit_id},
            {"status", report.status},
            {"reported_on", date_or_today(report.today)}};
    if (report.percent) row["percent"] = *report.percent;
    if (report.note_md) row["note_md"] = *report.note_md;
    return store.write("progress", row);
  });
  if (!written.is_ok()) return written;
  return id;
}

}  // namespace thidua
