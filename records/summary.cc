#include "records/summary.h"

#include "records/internal/checks.h"
#include "records/node.h"
#include "store/node_store.h"

namespace thidua {

using namespace records_internal;

Result<NodeSummary> node_summary(Store& store) {
  auto config = NodeStore(store).node_config();
  if (!config) return config.status();
  if (!*config) return node_identity(store).status();  // the "run node init" refusal
  const NodeConfig& c = **config;
  NodeSummary s;
  s.node_id = store.node_id();
  s.unit_id = c.unit_id;
  s.role = c.role;
  s.server_url = c.server_url;
  s.last_sync_at = c.last_sync_at;
  s.last_error = c.last_error;
  auto unit = store.get("units", c.unit_id);
  if (!unit) return unit.status();
  if (*unit) s.unit_name = text_of(**unit, "name");
  auto pending = store.outbox_count();  // a count, not the entries and their Markdown
  if (!pending) return pending.status();
  s.pending_cells = *pending;
  auto photos = NodeStore(store).photos_to_upload();
  if (!photos) return photos.status();
  s.pending_photos = static_cast<std::int64_t>(photos->size());
  auto conflicts = store.conflicts();
  if (!conflicts) return conflicts.status();
  s.open_conflicts = static_cast<std::int64_t>(conflicts->size());
  auto refused = NodeStore(store).rejections();
  if (!refused) return refused.status();
  s.refused = refused->first;
  s.last_refusal = refused->second;
  auto differing = NodeStore(store).cells_differing_from_server();
  if (!differing) return differing.status();
  s.differing = std::move(*differing);
  return s;
}

}  // namespace thidua
