// What a province node last heard of the public site the server rebuilds
// (store/node_store.h, SiteBuildSeen). Kept in sync_cursors, a table every
// schema has, so no migration: row "site-built-at" holds the last build's
// time as its cursor; row "site-failed-at" the last failure's time as its
// cursor and, in updated_at (free text), its reason. A table of its own can
// take them with the next migration.
#include "store/internal/store_impl.h"
#include "store/node_store.h"

namespace thidua {
namespace {

constexpr const char* kBuilt = "site-built-at";
constexpr const char* kFailed = "site-failed-at";

}  // namespace

Result<std::optional<SiteBuildSeen>> NodeStore::site_build_seen() {
  auto st = impl_->cached("SELECT peer, cursor, updated_at FROM sync_cursors WHERE peer IN (?, ?)");
  if (!st) return st.status();
  st->bind(1, kBuilt).bind(2, kFailed);
  std::optional<SiteBuildSeen> seen;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (!seen) seen.emplace();
    if (st->text(0) == kBuilt) {
      seen->built_at_ms = st->int64(1);
    } else {
      seen->failed_at_ms = st->int64(1);
      seen->error = st->text_or_null(2).value_or("");
    }
  }
  return seen;
}

Status NodeStore::set_site_build_seen(const SiteBuildSeen& seen) {
  THIDUA_RETURN_IF_ERROR(store_->set_cursor(kBuilt, seen.built_at_ms));
  auto st = impl_->cached(
      "INSERT INTO sync_cursors (peer, cursor, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (peer) DO UPDATE SET cursor = excluded.cursor, updated_at = "
      "excluded.updated_at");
  if (!st) return st.status();
  st->bind(1, kFailed).bind(2, seen.failed_at_ms).bind(3, seen.error);
  return st->run();
}

}  // namespace thidua
