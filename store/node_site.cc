// What a province node last heard of the public site the server rebuilds
// (store/node_store.h, SiteBuildSeen), in the one-row table node_site
// (migration 6; before it, two rows of sync_cursors, moved by the migration).
#include "store/internal/store_impl.h"
#include "store/node_store.h"

namespace thidua {

Result<std::optional<SiteBuildSeen>> NodeStore::site_build_seen() {
  auto st = impl_->cached("SELECT built_at_ms, failed_at_ms, error FROM node_site WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<SiteBuildSeen>();
  SiteBuildSeen seen;
  seen.built_at_ms = st->int64(0);
  seen.failed_at_ms = st->int64(1);
  seen.error = st->text(2);
  return std::optional<SiteBuildSeen>(std::move(seen));
}

Status NodeStore::set_site_build_seen(const SiteBuildSeen& seen) {
  auto st = impl_->cached(
      "INSERT INTO node_site (id, built_at_ms, failed_at_ms, error) VALUES (1, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET built_at_ms = excluded.built_at_ms, "
      "failed_at_ms = excluded.failed_at_ms, error = excluded.error");
  if (!st) return st.status();
  st->bind(1, seen.built_at_ms).bind(2, seen.failed_at_ms).bind(3, seen.error);
  return st->run();
}

}  // namespace thidua
