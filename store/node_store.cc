// The node's surface of the store (store/node_store.h): identity, clock
// correction, lineage, configuration and settling what was sent.
#include "store/node_store.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

#include "common/hex.h"
#include "store/internal/row_clocks.h"
#include "store/internal/store_impl.h"
#include "store/schema.h"

namespace thidua {

NodeStore::NodeStore(Store& store) : store_(&store), impl_(store.impl_.get()) {}

Status NodeStore::adopt_node_id(const std::string& node_id) {
  if (node_id.empty() || node_id.size() > 64) return Status::invalid("invalid node id " + describe(node_id));
  auto cells = sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_rows");
  if (!cells) return cells.status();
  if (*cells != 0) return Status::conflict("this database already holds data; a node id can only be set on a new one");
  auto st = impl_->cached("UPDATE sync_meta SET node_id = ? WHERE id = 1");
  if (!st) return st.status();
  st->bind(1, node_id);
  THIDUA_RETURN_IF_ERROR(st->run());
  impl_->node_id = node_id;
  return Status::ok();
}

// The cells this node stamped `from` get the clock `to`, each numbered anew
// in the feed (in the order of their table, row and column).
Status NodeStore::restamp_own_cells(Hlc from, Hlc to) {
  auto st = impl_->cached("SELECT tbl, pk, col FROM sync_cells WHERE hlc = ? AND node = ? ORDER BY tbl, pk, col");
  if (!st) return st.status();
  st->bind(1, static_cast<std::int64_t>(from)).bind(2, impl_->node_id);
  std::vector<std::array<std::string, 3>> cells;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    cells.push_back({st->text(0), st->text(1), st->text(2)});
  }
  st->reset();
  for (const auto& [table, pk, column] : cells) {
    THIDUA_RETURN_IF_ERROR(restamp_cell(*impl_, table, pk, column, CellClock{to, impl_->node_id}));
  }
  return Status::ok();
}

std::int64_t NodeStore::raw_clock_ms() const { return impl_->raw_now_ms(); }

Result<int> NodeStore::correct_clock(std::int64_t server_time_ms) {
  int restamped = 0;
  Status st = store_->transaction([&]() -> Status {
    std::int64_t offset = server_time_ms - impl_->raw_now_ms();
    // Network delay makes small offsets noise: keep the clock as it is then.
    if (std::llabs(offset) < 2000) offset = 0;
    auto save = impl_->cached("UPDATE sync_node SET clock_offset_ms = ? WHERE id = 1");
    if (!save) return save.status();
    save->bind(1, offset);
    THIDUA_RETURN_IF_ERROR(save->run());
    impl_->clock_offset_ms = offset;

    const Hlc limit = hlc_pack(server_time_ms + kMaxClockDriftMs / 2, 0);
    auto clock = store_->clock();
    if (!clock) return clock.status();
    if (*clock <= limit) return Status::ok();
    // Every pending edit past the limit gets a new stamp, in the order made,
    // one stamp per edit (entries of one edit share a stamp).
    auto pending = impl_->cached("SELECT DISTINCT hlc FROM sync_outbox WHERE hlc > ? ORDER BY hlc");
    if (!pending) return pending.status();
    pending->bind(1, static_cast<std::int64_t>(limit));
    std::vector<Hlc> old;
    for (;;) {
      auto row = pending->step();
      if (!row) return row.status();
      if (!*row) break;
      old.push_back(static_cast<Hlc>(pending->int64(0)));
    }
    Hlc next = hlc_pack(server_time_ms, 0);
    for (Hlc h : old) {
      next = hlc_next(next, server_time_ms);
      auto up = impl_->cached("UPDATE sync_outbox SET hlc = ? WHERE hlc = ?");
      if (!up) return up.status();
      up->bind(1, static_cast<std::int64_t>(next)).bind(2, static_cast<std::int64_t>(h));
      THIDUA_RETURN_IF_ERROR(up->run());
      THIDUA_RETURN_IF_ERROR(restamp_own_cells(h, next));
      ++restamped;
    }
    auto reset = impl_->cached("UPDATE sync_meta SET hlc = ? WHERE id = 1");
    if (!reset) return reset.status();
    reset->bind(1, static_cast<std::int64_t>(std::max(next, hlc_pack(server_time_ms, 0))));
    return reset->run();
  });
  if (!st.is_ok()) return st;
  return restamped;
}

Status NodeStore::drop_outbox(const std::vector<std::int64_t>& seqs) {
  std::vector<std::int64_t> sorted = seqs;
  std::sort(sorted.begin(), sorted.end());
  return store_->transaction([&]() -> Status {
    // Contiguous runs go in one statement: a settled batch is mostly one run.
    for (std::size_t i = 0; i < sorted.size();) {
      std::size_t j = i;
      while (j + 1 < sorted.size() && sorted[j + 1] <= sorted[j] + 1) ++j;
      auto st = impl_->cached("DELETE FROM sync_outbox WHERE seq BETWEEN ? AND ?");
      if (!st) return st.status();
      st->bind(1, sorted[i]).bind(2, sorted[j]);
      THIDUA_RETURN_IF_ERROR(st->run());
      i = j + 1;
    }
    return Status::ok();
  });
}

}  // namespace thidua

namespace thidua {

Result<std::pair<std::string, std::string>> NodeStore::node_lineage() {
  auto st = impl_->cached("SELECT coalesce(lineage, ''), coalesce(lineage_attempt, '') FROM sync_node WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::pair<std::string, std::string>();
  return std::pair<std::string, std::string>(st->text(0), st->text(1));
}

Result<std::string> NodeStore::sync_attempt() { return sync_attempt(random_hex(8)); }

Result<std::string> NodeStore::sync_attempt(const std::string& fresh) {
  auto held = node_lineage();
  if (!held) return held.status();
  if (!held->second.empty()) return held->second;
  const std::string& attempt = fresh;
  auto st = impl_->cached("UPDATE sync_node SET lineage_attempt = ? WHERE id = 1");
  if (!st) return st.status();
  st->bind(1, attempt);
  THIDUA_RETURN_IF_ERROR(st->run());
  return attempt;
}

Status NodeStore::set_node_lineage(const std::string& lineage) {
  auto st = impl_->cached("UPDATE sync_node SET lineage = ?, lineage_attempt = NULL WHERE id = 1");
  if (!st) return st.status();
  st->bind(1, lineage);
  return st->run();
}

Result<std::optional<NodeConfig>> NodeStore::node_config() {
  auto st = impl_->cached("SELECT unit_id, role, server_url, token, last_sync_at, last_error "
                               "FROM sync_node WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<NodeConfig>();
  NodeConfig c{st->text(0), st->text(1), st->text(2), st->text(3), st->text_or_null(4), st->text_or_null(5)};
  return std::optional<NodeConfig>(std::move(c));
}

Status NodeStore::set_node_config(const NodeConfig& c) {
  auto st = impl_->cached("INSERT INTO sync_node (id, unit_id, role, server_url, token) VALUES (1, ?, ?, ?, ?) "
                               "ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, role = excluded.role, "
                               "server_url = excluded.server_url, token = excluded.token");
  if (!st) return st.status();
  st->bind(1, c.unit_id).bind(2, c.role).bind(3, c.server_url).bind(4, c.token);
  return st->run();
}

Status NodeStore::record_sync_outcome(const Status& outcome) {
  const char* sql = outcome.is_ok()
                        ? "UPDATE sync_node SET last_sync_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                          "last_error = NULL WHERE id = 1"
                        : "UPDATE sync_node SET last_error = ? WHERE id = 1";
  auto st = impl_->cached(sql);
  if (!st) return st.status();
  if (!outcome.is_ok()) st->bind(1, outcome.message());
  return st->run();
}

Result<std::vector<std::string>> NodeStore::photos_to_upload() {
  auto st = impl_->cached("SELECT hash FROM sync_photo_outbox ORDER BY queued_at, hash");
  if (!st) return st.status();
  return first_column_texts(*st);
}

Status NodeStore::photo_uploaded(const std::string& hash) {
  auto st = impl_->cached("DELETE FROM sync_photo_outbox WHERE hash = ?");
  if (!st) return st.status();
  st->bind(1, hash);
  return st->run();
}

// The photos of the stories `stories_where` selects that this copy lacks:
// story_photos' and covers, each hash once. Both arguments are constants of
// this file, never input.
Result<std::vector<std::string>> NodeStore::photos_missing(const char* stories_where,
                                                           const char* order_by) {
  auto st = impl_->cached(
      std::string("WITH chosen AS (SELECT id, cover_hash FROM stories WHERE ") + stories_where +
      "), wanted(hash) AS (SELECT p.blob_hash FROM story_photos p JOIN chosen ON chosen.id = "
      "p.story_id UNION SELECT cover_hash FROM chosen) "
      "SELECT hash FROM wanted WHERE length(hash) = 64 AND hash NOT IN (SELECT hash FROM blobs) "
      "ORDER BY " + order_by);
  if (!st) return st.status();
  return first_column_texts(*st);
}

Result<std::vector<std::string>> NodeStore::own_photos_missing() {
  return photos_missing("unit_id = (SELECT unit_id FROM sync_node WHERE id = 1)", "hash");
}

Result<std::vector<std::string>> NodeStore::review_photos_missing() {
  return photos_missing("status IN ('submitted', 'approved', 'published')", "random()");
}

Result<std::vector<std::string>> NodeStore::documents_missing() {
  auto st = impl_->cached(
      "SELECT DISTINCT d.blob_hash FROM nomination_documents d JOIN nominations n ON n.id = d.nomination_id, "
      "sync_node k WHERE k.id = 1 AND (k.role = 'province' OR n.unit_id = k.unit_id) "
      "AND length(d.blob_hash) = 64 AND d.blob_hash NOT IN (SELECT hash FROM blobs) ORDER BY 1");
  if (!st) return st.status();
  return first_column_texts(*st);
}

Status NodeStore::forget_rows(const std::vector<std::pair<std::string, std::string>>& rows) {
  if (rows.empty()) return Status::ok();
  return store_->transaction([&]() -> Status {
    std::vector<std::pair<std::string, std::string>> all;
    for (const auto& [table, pk] : rows) {
      if (!find_table(table)) return Status::invalid("unknown table \"" + table + "\"");
      if (table == "stories") {
        auto photos = store_->ids_where("story_photos", "story_id", Value(pk));
        if (!photos) return photos.status();
        for (const auto& id : *photos) all.emplace_back("story_photos", id);
      }
      all.emplace_back(table, pk);
    }
    THIDUA_RETURN_IF_ERROR(sql::exec(impl_->raw(), "UPDATE sync_meta SET applying = 1"));  // capture stands still
    for (const auto& [table, pk] : all) {
      auto del = impl_->cached("DELETE FROM " + sql::quote_ident(table) + " WHERE id = ?");
      if (!del) return del.status();
      del->bind(1, pk);
      THIDUA_RETURN_IF_ERROR(del->run());
      for (const char* sql : {"DELETE FROM sync_rows WHERE tbl = ? AND pk = ?", "DELETE FROM sync_outbox WHERE tbl = ? AND pk = ?"}) {
        auto st = impl_->cached(sql);
        if (!st) return st.status();
        st->bind(1, table).bind(2, pk);
        THIDUA_RETURN_IF_ERROR(st->run());
      }
    }
    return sql::exec(impl_->raw(), "UPDATE sync_meta SET applying = 0");
  });
}

}  // namespace thidua
