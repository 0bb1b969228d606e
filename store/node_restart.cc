// The node's side of a server restored from a backup (store/node_store.h;
// issue 11 item 3): the generation it last saw, and queuing again all it
// ever wrote. The generation is kept in sync_cursors (row
// "server-generation"), a table every schema has: no migration.
#include "store/node_store.h"

#include <tuple>
#include <vector>

#include "store/internal/store_impl.h"
#include "store/schema.h"

namespace thidua {
namespace {

constexpr const char* kSeenPeer = "server-generation";

struct OwnCell {
  std::string table, pk, column;
  std::int64_t hlc = 0;
};

}  // namespace

Result<std::int64_t> NodeStore::server_generation_seen() { return store_->cursor(kSeenPeer); }

Status NodeStore::set_server_generation_seen(std::int64_t generation) {
  return store_->set_cursor(kSeenPeer, generation);
}

Result<std::int64_t> NodeStore::requeue_own_writes() {
  std::int64_t queued = 0;
  Status st = store_->transaction([&]() -> Status {
    // Read first: each insert below stamps its cell again.
    std::vector<OwnCell> own;
    auto cells = impl_->cached("SELECT tbl, pk, col, hlc FROM sync_cells WHERE node = ? ORDER BY seq");
    if (!cells) return cells.status();
    cells->bind(1, store_->node_id());
    for (;;) {
      auto row = cells->step();
      if (!row) return row.status();
      if (!*row) break;
      own.push_back({cells->text(0), cells->text(1), cells->text(2), cells->int64(3)});
    }
    cells->reset();
    auto put = impl_->cached("INSERT INTO sync_outbox (tbl, pk, col, val, hlc, base) VALUES (?, ?, ?, ?, ?, NULL)");
    if (!put) return put.status();
    for (const auto& c : own) {
      auto value = value_now(c.table, c.pk, c.column);
      if (!value) return value.status();
      put->bind(1, c.table).bind(2, c.pk).bind(3, c.column).bind(4, *value).bind(5, c.hlc);
      THIDUA_RETURN_IF_ERROR(put->run());
      ++queued;
    }
    // Photos this node put on a row: the upload asks the server which of
    // them it lacks, and sends only those.
    auto photos = impl_->cached(
        "INSERT OR IGNORE INTO sync_photo_outbox (hash) "
        "SELECT p.blob_hash FROM story_photos p JOIN sync_cells c ON c.tbl = 'story_photos' AND c.pk = p.id "
        "AND c.col = 'blob_hash' WHERE c.node = ?1 AND p.blob_hash IN (SELECT hash FROM blobs) "
        "UNION SELECT s.cover_hash FROM stories s JOIN sync_cells c ON c.tbl = 'stories' AND c.pk = s.id "
        "AND c.col = 'cover_hash' WHERE c.node = ?1 AND s.cover_hash IN (SELECT hash FROM blobs)");
    if (!photos) return photos.status();
    photos->bind(1, store_->node_id());
    return photos->run();
  });
  if (!st.is_ok()) return st;
  return queued;
}

// The value a cell holds now: the feed's rule (store/feed.cc), `_row` 1
// while the row exists and 0 once deleted.
Result<Value> NodeStore::value_now(const std::string& table, const std::string& pk, const std::string& column) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::corrupt("sync_cells names unknown table " + table);
  const bool is_row = column == kRowColumn;
  if (!is_row && !t->find(column)) return Status::corrupt("sync_cells names unknown column " + column);
  const std::string what = is_row ? "1" : sql::quote_ident(column);
  auto st = impl_->cached("SELECT " + what + " FROM " + sql::quote_ident(t->name) + " WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, pk);
  auto found = st->step();
  if (!found) return found.status();
  Value v = *found ? st->value(0) : (is_row ? Value(std::int64_t{0}) : Value());
  st->reset();
  return v;
}

}  // namespace thidua
