// The server database's generation and what a restore leaves for each node
// (store/server_store.h; issue 11 item 3). Kept in sync_cursors, a table
// every schema has, so that no migration is needed: the row "generation"
// holds the generation, a row "restored-node:<id>" marks a node whose
// lineage a restore made stale.
#include "store/server_store.h"

#include "common/hex.h"
#include "store/internal/generation.h"
#include "store/internal/store_impl.h"

namespace thidua {

namespace generation {

std::string renew_sql(bool has_nodes) {
  // Below 2^53, so that any JSON reader keeps it exact; never 0 (none).
  std::string sql = std::string("INSERT INTO sync_cursors (peer, cursor, updated_at) VALUES ('") + kPeer +
         "', abs(random() % 9007199254740991) + 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) "
         "ON CONFLICT (peer) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at;";
  if (!has_nodes) return sql;
  return sql + "INSERT INTO sync_cursors (peer, cursor, updated_at) SELECT '" + kRestoredPrefix +
         "' || id, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM server_nodes WHERE true "
         "ON CONFLICT (peer) DO NOTHING;";
}

}  // namespace generation

using generation::kRestoredPrefix;

Result<std::int64_t> ServerStore::server_generation() {
  auto held = store_->cursor(generation::kPeer);
  if (!held) return held.status();
  if (*held > 0) return *held;
  // A database made before generations existed: it gets its first one
  // (and no node of it is marked restored: none is).
  auto st = impl_->cached(std::string("INSERT INTO sync_cursors (peer, cursor, updated_at) VALUES ('") +
                          generation::kPeer +
                          "', abs(random() % 9007199254740991) + 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
  if (!st) return st.status();
  THIDUA_RETURN_IF_ERROR(st->run());
  return store_->cursor(generation::kPeer);
}

Result<bool> ServerStore::take_restore_mark(const std::string& node_id) {
  auto st = impl_->cached("DELETE FROM sync_cursors WHERE peer = ?");
  if (!st) return st.status();
  st->bind(1, std::string(kRestoredPrefix) + node_id);
  THIDUA_RETURN_IF_ERROR(st->run());
  return sqlite3_changes(impl_->raw()) > 0;
}

Result<std::string> ServerStore::bind_node_lineage(const std::string& id, const std::string& presented,
                                                   const std::string& attempt) {
  std::string next = random_hex(8);
  auto save = impl_->cached("UPDATE server_nodes SET lineage = ?, lineage_prev = ?, lineage_attempt = ? WHERE id = ?");
  if (!save) return save.status();
  save->bind(1, next).bind(2, presented).bind(3, attempt).bind(4, id);
  THIDUA_RETURN_IF_ERROR(save->run());
  if (sqlite3_changes(impl_->raw()) == 0) return Status::not_found("no node with id " + describe(id));
  return next;
}

}  // namespace thidua
