#include "sync/client/internal/settle.h"

#include <map>
#include <string>
#include <vector>

#include "store/node_store.h"
#include "sync/client/internal/client_trust.h"
#include "sync/client/internal/restart.h"

namespace thidua::client_internal {

Status settle(Store& store, const Batch& batch, const SyncResponse& res, SyncReport* report, bool* outbox_kept,
              bool while_next_flies) {
  *outbox_kept = false;
  const bool restarted = server_restarted(batch.request, res);
  if (restarted) {
    THIDUA_RETURN_IF_ERROR(check_restarted_answer(store, res));
  } else if (!while_next_flies) {  // else checked before the next request left
    THIDUA_RETURN_IF_ERROR(check_answer(store, batch.request, res));
  }
  auto catch_up = CatchUp::open(store, restarted);
  if (!catch_up) return catch_up.status();
  return store.transaction([&]() -> Status {
    Result<int> restamped = 0;
    if (!while_next_flies) restamped = NodeStore(store).correct_clock(res.server_time_ms);
    if (!restamped) return restamped.status();
    std::map<std::size_t, std::string> rejected;
    for (const auto& r : res.rejected) {
      if (r.index >= batch.request.cells.size()) return Status::invalid("server rejected an unknown cell index");
      rejected[r.index] = r.reason;
    }
    std::vector<std::int64_t> done;
    for (std::size_t i = 0; i < batch.entries.size(); ++i) {
      const auto& group = batch.entries[i];
      auto why = rejected.find(i);
      if (why != rejected.end() && *restamped > 0) {
        // Refused because our clock ran ahead? Then the entry was just
        // re-stamped and goes out again in the next batch.
        auto still = store.outbox(group.back().seq - 1, 1);
        if (!still) return still.status();
        if (!still->empty() && still->front().seq == group.back().seq && still->front().hlc != group.back().hlc) {
          for (std::size_t k = 0; k + 1 < group.size(); ++k) done.push_back(group[k].seq);
          continue;
        }
      }
      if (why != rejected.end()) {
        THIDUA_RETURN_IF_ERROR(NodeStore(store).record_rejection(group.back(), why->second));
        report->rejections.push_back(group.back().table + " " + group.back().pk + " " + group.back().column + ": " +
                                     why->second);
        ++report->cells_rejected;
      } else {
        ++report->cells_pushed;
      }
      for (const auto& e : group) done.push_back(e.seq);
    }
    auto forget = retractions_to_honour(store, res, report);
    if (!forget) return forget.status();
    THIDUA_RETURN_IF_ERROR(NodeStore(store).drop_outbox(done));
    auto pulled = catch_up->to_merge(store, res);
    if (!pulled) return pulled.status();
    THIDUA_RETURN_IF_ERROR(apply_pulled(store, **pulled, report, batch.request.own));
    THIDUA_RETURN_IF_ERROR(NodeStore(store).forget_rows(*forget));
    report->rows_withdrawn += static_cast<std::int64_t>(forget->size());
    *outbox_kept = *restamped == 0 && forget->empty() && !restarted;
    if (!res.lineage.empty() && !while_next_flies) {
      THIDUA_RETURN_IF_ERROR(NodeStore(store).set_node_lineage(res.lineage));
    }
    // After the outbox is settled: what a restart queues again must stay.
    THIDUA_RETURN_IF_ERROR(keep_generation(store, batch.request, res, restarted, report));
    if (res.site) {
      const SiteBuildSeen seen{res.site->built_at_ms, res.site->failed_at_ms, res.site->error};
      THIDUA_RETURN_IF_ERROR(NodeStore(store).set_site_build_seen(seen));
    }
    THIDUA_RETURN_IF_ERROR(catch_up->settle(store, res));
    return store.set_cursor("server", res.cursor);
  });
}

Status fill_request(Store& store, SyncRequest* r, int pull_limit, bool own) {
  auto cursor = store.cursor("server");
  if (!cursor) return cursor.status();
  r->schema = latest_schema_version();
  r->cursor = *cursor;
  r->limit = pull_limit;
  auto lineage = NodeStore(store).node_lineage();
  if (!lineage) return lineage.status();
  r->lineage = lineage->first;
  r->own = own;
  auto generation = NodeStore(store).server_generation_seen();
  if (!generation) return generation.status();
  r->generation = *generation;
  return Status::ok();
}

}  // namespace thidua::client_internal
