#include "records/conflicts.h"

#include "records/node.h"

namespace thidua {

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
  return store.resolve_conflict(id, keep_lost);
}

}  // namespace thidua
