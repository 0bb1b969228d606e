#include "records/progress.h"

#include "records/internal/checks.h"
#include "records/node.h"

namespace thidua {

using namespace records_internal;

std::string progress_id(const std::string& task_id, const std::string& unit_id) {
  return task_id + ":" + unit_id;
}

namespace {

// Issue 13: a task reported "done" at 60 % made the public site count it
// done. The percent that would stand after the report (the one given, else
// the one reported before) must be 100; a row with no percent at all says
// nothing below 100 and is let through.
Status check_done_is_whole(Store& store, const std::string& id, const ProgressReport& report) {
  if (report.status != "done") return Status::ok();
  std::optional<std::int64_t> percent = report.percent;
  if (!percent) {
    auto before = store.get("progress", id);
    if (!before) return before.status();
    if (*before && (*before)->count("percent") && std::holds_alternative<std::int64_t>((*before)->at("percent")))
      percent = std::get<std::int64_t>((*before)->at("percent"));
  }
  if (percent && *percent < 100) {
    return Status::invalid("đã chọn “hoàn thành” thì tỷ lệ hoàn thành phải là 100 (đang là " +
                           std::to_string(*percent) + "%); hãy báo cáo tỷ lệ 100 hoặc chọn “đang thực hiện”");
  }
  return Status::ok();
}

}  // namespace

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
    THIDUA_RETURN_IF_ERROR(check_done_is_whole(store, id, report));
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

Status publish_progress_note(Store& store, const std::string& id, const std::optional<std::string>& text) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  if (!node.is_province()) {
    return Status::invalid("chỉ cấp tỉnh được công bố ghi chú tiến độ; nút này thuộc " + node.unit_id +
                           " (cấp huyện)");
  }
  if (text) THIDUA_RETURN_IF_ERROR(check_text("ghi chú công bố", *text, false));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "progress", id, "báo cáo tiến độ"));
    std::string published = text ? *text : text_of(row, "note_md");
    if (!text && published.empty()) {
      return Status::invalid("báo cáo tiến độ " + id +
                             " chưa có ghi chú để công bố; hãy nhập nội dung công bố (--text)");
    }
    return store.write("progress", Row{{"id", id}, {"public_note_md", std::move(published)}});
  });
}

}  // namespace thidua
