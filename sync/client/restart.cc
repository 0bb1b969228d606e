#include "sync/client/internal/restart.h"

#include "store/node_store.h"
#include "sync/client/internal/client_trust.h"

namespace thidua::client_internal {

bool server_restarted(const SyncRequest& req, const SyncResponse& res) {
  if (req.generation == 0) return false;
  // An answer leaves the generation out when it is the node's own.
  return (res.generation != 0 && res.generation != req.generation) || res.cursor < req.cursor;
}

Status check_restarted_answer(Store& store, const SyncResponse& res) {
  THIDUA_RETURN_IF_ERROR(check_server_time(res.server_time_ms, NodeStore(store).raw_clock_ms()));
  if (res.more && res.cursor == 0) {
    return Status::invalid("máy chủ báo còn dữ liệu nhưng không đi tiếp từ vị trí 0; không nhận câu trả lời này");
  }
  return Status::ok();
}

Status keep_generation(Store& store, const SyncRequest& req, const SyncResponse& res, bool restarted,
                       SyncReport* report) {
  if (res.generation != 0 && res.generation != req.generation) {
    THIDUA_RETURN_IF_ERROR(NodeStore(store).set_server_generation_seen(res.generation));
  }
  if (!restarted) return Status::ok();
  auto queued = NodeStore(store).requeue_own_writes();
  if (!queued) return queued.status();
  report->cells_requeued += *queued;
  ++report->restarts;
  return Status::ok();
}

namespace {

constexpr const char* kCatchUpPeer = "server-catch-up";

// (hlc, node) order, the merge's.
bool newer(Hlc a, const std::string& an, Hlc b, const std::string& bn) { return a != b ? a > b : an > bn; }

}  // namespace

Result<CatchUp> CatchUp::open(Store& store, bool restarted) {
  CatchUp c;
  auto held = store.cursor(kCatchUpPeer);
  if (!held) return held.status();
  c.was_on_ = *held != 0;
  c.on_ = c.was_on_ || restarted;
  return c;
}

Result<const SyncResponse*> CatchUp::to_merge(Store& store, const SyncResponse& res) {
  if (!on_) return &res;
  trimmed_ = res;
  trimmed_.cells.clear();
  for (const auto& c : res.cells) {
    auto mine = store.cell_clock(c.table, c.pk, c.column);
    if (!mine) return mine.status();
    if (*mine && newer((*mine)->hlc, (*mine)->node, c.hlc, c.node)) continue;
    trimmed_.cells.push_back(c);
  }
  return &trimmed_;
}

Status CatchUp::settle(Store& store, const SyncResponse& res) {
  const bool still = on_ && res.more;
  if (still == was_on_) return Status::ok();
  return store.set_cursor(kCatchUpPeer, still ? 1 : 0);
}

}  // namespace thidua::client_internal
