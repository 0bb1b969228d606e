#include "records/conflicts.h"

#include "records/internal/checks.h"
#include "records/node.h"
#include "records/nominations.h"
#include "store/schema.h"

namespace thidua {
namespace {

using records_internal::check_text;
using records_internal::status_label;
using records_internal::text_of;

// Ok unless this node is a district and the conflict's row is one the
// province has closed to it (a story approved or published, a nomination
// decided: sync/server/authz.h): the server would refuse the value written
// back, so it is refused here, before anything is written.
Status check_still_writable(Store& store, const NodeIdentity& node, const Conflict& c) {
  if (node.is_province()) return Status::ok();
  std::string table = c.table, id = c.pk;
  if (table == "story_photos") {
    auto photo = store.get(table, id);
    if (!photo) return photo.status();
    if (!*photo) return Status::ok();  // resolve_conflict says it is gone
    table = "stories";
    id = text_of(**photo, "story_id");
  }
  if (table != "stories" && table != "nominations") return Status::ok();
  auto row = store.get(table, id);
  if (!row) return row.status();
  if (!*row) return Status::ok();
  const std::string status = text_of(**row, "status");
  const bool closed = table == "stories" ? (status == "approved" || status == "published")
                                         : !nomination_open_to_unit(status);
  if (!closed) return Status::ok();
  const std::string what = table == "stories" ? "bài " : "đề nghị khen thưởng ";
  return Status::conflict("xung đột số " + std::to_string(c.id) + ": " + what + id + " đang ở trạng thái " +
                          status_label(status) +
                          ", máy chủ sẽ không nhận giá trị ghi lại từ máy này; hãy giữ giá trị đang có "
                          "(--keep current), hoặc đề nghị cấp tỉnh trả lại rồi sửa");
}

}  // namespace

Result<std::vector<Conflict>> open_conflicts(Store& store) {
  auto node = node_identity(store);
  if (!node) return node.status();
  return store.conflicts();
}

Status settle_conflict(Store& store, std::int64_t id, Keep keep) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  THIDUA_ASSIGN_OR_RETURN(std::vector<Conflict> open, store.conflicts());
  const Conflict* c = nullptr;
  for (const auto& candidate : open)
    if (candidate.id == id) c = &candidate;
  if (!c) return Status::not_found("không có xung đột đang mở số " + std::to_string(id));

  bool keep_lost = false;
  switch (keep) {
    case Keep::kCurrent:
      keep_lost = false;
      break;
    case Keep::kLost:
      keep_lost = true;
      break;
    case Keep::kMine:
    case Keep::kTheirs: {
      const bool lost_is_mine = c->lost_node == node.node_id;
      if (!lost_is_mine && c->kept_node != node.node_id) {
        return Status::invalid(
            "xung đột số " + std::to_string(id) + " là giữa hai nút khác (" + c->kept_node +
            " và " + c->lost_node +
            "), không có giá trị nào của nút này; hãy chọn --keep current hoặc --keep lost");
      }
      // "Mine" is the lost value exactly when this node wrote the loser.
      keep_lost = (keep == Keep::kMine) == lost_is_mine;
      break;
    }
  }
  if (keep_lost) THIDUA_RETURN_IF_ERROR(check_still_writable(store, node, *c));
  return store.resolve_conflict(id, keep_lost);
}

Status settle_conflict_merged(Store& store, std::int64_t id, const std::string& merged) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  THIDUA_ASSIGN_OR_RETURN(std::vector<Conflict> open, store.conflicts());
  const Conflict* c = nullptr;
  for (const auto& candidate : open)
    if (candidate.id == id) c = &candidate;
  if (!c) return Status::not_found("không có xung đột đang mở số " + std::to_string(id));
  const TableSpec* table = find_table(c->table);
  const ColumnSpec* column = table ? table->find(c->column) : nullptr;
  if (!column || column->merge != MergeKind::kText) {
    return Status::invalid("xung đột số " + std::to_string(id) +
                           " không phải về một đoạn văn bản, không gộp được; hãy giữ một trong hai "
                           "giá trị");
  }
  THIDUA_RETURN_IF_ERROR(check_text("giá trị đã gộp", merged, false));
  THIDUA_RETURN_IF_ERROR(check_still_writable(store, node, *c));
  return store.transaction([&]() -> Status {
    auto row = store.get(c->table, c->pk);
    if (!row) return row.status();
    if (!*row) return Status::not_found(c->table + " " + c->pk + " không còn trên máy này");
    THIDUA_RETURN_IF_ERROR(store.write(c->table, Row{{"id", c->pk}, {c->column, merged}}));
    // Closes the conflict: the table now holds the merged value, so "keep
    // the current value" is what the record of the settlement says.
    return store.resolve_conflict(id, false);
  });
}

}  // namespace thidua
