// Store: photos, node configuration and the change feed.
#include "store/schema.h"
#include "store/store_impl.h"

namespace thidua {
namespace {

std::optional<std::string> opt_text(const sql::Stmt& st, int i) {
  if (st.is_null(i)) return std::nullopt;
  return st.text(i);
}

}  // namespace

Status Store::put_blob(const BlobInfo& info, const std::string& bytes, bool queue_upload) {
  auto st = impl_->cached("INSERT INTO blobs (hash, mime, size, width, height, bytes) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING");
  if (!st) return st.status();
  st->bind(1, info.hash).bind(2, info.mime).bind(3, static_cast<std::int64_t>(bytes.size()));
  info.width ? st->bind(4, *info.width) : st->bind_null(4);
  info.height ? st->bind(5, *info.height) : st->bind_null(5);
  st->bind_blob(6, bytes);
  THIDUA_RETURN_IF_ERROR(st->run());
  if (!queue_upload) return Status::ok();
  auto q = impl_->cached("INSERT OR IGNORE INTO sync_photo_outbox (hash) VALUES (?)");
  if (!q) return q.status();
  q->bind(1, info.hash);
  return q->run();
}

Result<std::optional<BlobInfo>> Store::blob_info(const std::string& hash) {
  auto st = impl_->cached("SELECT hash, mime, size, width, height FROM blobs WHERE hash = ?");
  if (!st) return st.status();
  st->bind(1, hash);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<BlobInfo>();
  BlobInfo b;
  b.hash = st->text(0);
  b.mime = st->text(1);
  b.size = st->int64(2);
  if (!st->is_null(3)) b.width = st->int64(3);
  if (!st->is_null(4)) b.height = st->int64(4);
  return std::optional<BlobInfo>(std::move(b));
}

Result<std::optional<std::string>> Store::blob_bytes(const std::string& hash) {
  auto st = impl_->cached("SELECT bytes FROM blobs WHERE hash = ?");
  if (!st) return st.status();
  st->bind(1, hash);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->blob(0));
}

Result<std::vector<std::string>> Store::photos_to_upload() {
  auto st = impl_->cached("SELECT hash FROM sync_photo_outbox ORDER BY queued_at, hash");
  if (!st) return st.status();
  return first_column_texts(*st);
}

Status Store::photo_uploaded(const std::string& hash) {
  auto st = impl_->cached("DELETE FROM sync_photo_outbox WHERE hash = ?");
  if (!st) return st.status();
  st->bind(1, hash);
  return st->run();
}

Result<std::optional<NodeConfig>> Store::node_config() {
  auto st = impl_->cached("SELECT unit_id, role, server_url, token, last_sync_at, last_error "
                               "FROM sync_node WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<NodeConfig>();
  NodeConfig c{st->text(0), st->text(1), st->text(2), st->text(3), opt_text(*st, 4), opt_text(*st, 5)};
  return std::optional<NodeConfig>(std::move(c));
}

Status Store::set_node_config(const NodeConfig& c) {
  auto st = impl_->cached("INSERT INTO sync_node (id, unit_id, role, server_url, token) VALUES (1, ?, ?, ?, ?) "
                               "ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, role = excluded.role, "
                               "server_url = excluded.server_url, token = excluded.token");
  if (!st) return st.status();
  st->bind(1, c.unit_id).bind(2, c.role).bind(3, c.server_url).bind(4, c.token);
  return st->run();
}

Status Store::record_sync_outcome(const Status& outcome) {
  const char* sql = outcome.is_ok()
                        ? "UPDATE sync_node SET last_sync_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                          "last_error = NULL WHERE id = 1"
                        : "UPDATE sync_node SET last_error = ? WHERE id = 1";
  auto st = impl_->cached(sql);
  if (!st) return st.status();
  if (!outcome.is_ok()) st->bind(1, outcome.message());
  return st->run();
}

namespace {

Result<std::vector<FeedCell>> read_feed(Store::Impl& impl, sql::Stmt& st) {
  std::vector<FeedCell> out;
  for (;;) {
    auto row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    FeedCell f;
    f.seq = st.int64(0);
    f.cell.table = st.text(1);
    f.cell.pk = st.text(2);
    f.cell.column = st.text(3);
    f.cell.hlc = static_cast<Hlc>(st.int64(4));
    f.cell.node = st.text(5);
    out.push_back(std::move(f));
  }
  st.reset();
  // Values are read from the tables: the feed carries the latest value of
  // each cell, never its history.
  for (auto& f : out) {
    const TableSpec* t = find_table(f.cell.table);
    if (!t) return Status::corrupt("sync_cells names unknown table " + f.cell.table);
    bool is_row = f.cell.column == kRowColumn;
    if (!is_row && !t->find(f.cell.column)) return Status::corrupt("sync_cells names unknown column " + f.cell.column);
    std::string what = is_row ? "1" : sql::quote_ident(f.cell.column);
    auto v = impl.cached("SELECT " + what + " FROM " + sql::quote_ident(t->name) + " WHERE id = ?");
    if (!v) return v.status();
    v->bind(1, f.cell.pk);
    auto found = v->step();
    if (!found) return found.status();
    if (*found) {
      f.cell.value = v->value(0);
    } else {
      f.cell.value = is_row ? Value(std::int64_t{0}) : Value();
    }
  }
  return out;
}

}  // namespace

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit) {
  auto st = impl_->cached("SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  return read_feed(*impl_, *st);
}

Result<std::vector<FeedCell>> Store::changes_since(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                                  std::int64_t up_to_seq) {
  auto st = impl_->cached(
      "SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE seq > ? AND seq <= ? AND node != ? "
      "ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, up_to_seq).bind(3, exclude_node).bind(4, static_cast<std::int64_t>(limit));
  return read_feed(*impl_, *st);
}

Result<std::vector<FeedCell>> Store::cells_of_row(const std::string& table, const std::string& pk) {
  auto st = impl_->cached("SELECT seq, tbl, pk, col, hlc, node FROM sync_cells WHERE tbl = ? AND pk = ? ORDER BY seq");
  if (!st) return st.status();
  st->bind(1, table).bind(2, pk);
  return read_feed(*impl_, *st);
}

Result<std::vector<std::string>> Store::ids_where(const std::string& table, const std::string& column,
                                                  const Value& value) {
  const TableSpec* t = find_table(table);
  if (!t || !t->find(column)) return Status::invalid("unknown table or column " + table + "." + column);
  auto st = impl_->cached("SELECT id FROM " + sql::quote_ident(t->name) + " WHERE " + sql::quote_ident(column) +
                          " = ? ORDER BY id");
  if (!st) return st.status();
  st->bind(1, value);
  return first_column_texts(*st);
}

Status Store::resolve_conflict(std::int64_t id, bool keep_lost) {
  return transaction([&]() -> Status {
    auto st = impl_->cached("SELECT tbl, pk, col, lost_val FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL");
    if (!st) return st.status();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) return Status::not_found("no open conflict with id " + std::to_string(id));
    std::string table = st->text(0), pk = st->text(1), column = st->text(2);
    Value lost = st->value(3);
    st->reset();
    if (keep_lost) {
      auto current = get(table, pk);
      if (!current) return current.status();
      if (!*current) return Status::not_found(table + " " + describe(pk) + " no longer exists");
      THIDUA_RETURN_IF_ERROR(write(table, Row{{"id", pk}, {column, lost}}));
    }
    auto done = impl_->cached("UPDATE sync_conflicts SET resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
                                   "resolution = ? WHERE id = ?");
    if (!done) return done.status();
    done->bind(1, keep_lost ? "kept_lost" : "kept_current").bind(2, id);
    return done->run();
  });
}

Result<std::int64_t> Store::feed_head() {
  return sql::query_int(impl_->raw(), "SELECT seq FROM sync_meta WHERE id = 1");
}

Result<std::int64_t> Store::cursor(const std::string& peer) {
  auto st = impl_->cached("SELECT cursor FROM sync_cursors WHERE peer = ?");
  if (!st) return st.status();
  st->bind(1, peer);
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->int64(0) : 0;
}

Status Store::set_cursor(const std::string& peer, std::int64_t cursor) {
  auto st = impl_->cached("INSERT INTO sync_cursors (peer, cursor, updated_at) VALUES (?, ?, "
                               "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (peer) DO UPDATE SET "
                               "cursor = excluded.cursor, updated_at = excluded.updated_at");
  if (!st) return st.status();
  st->bind(1, peer).bind(2, cursor);
  return st->run();
}

Status Store::forget_rows(const std::vector<std::pair<std::string, std::string>>& rows) {
  if (rows.empty()) return Status::ok();
  return transaction([&]() -> Status {
    std::vector<std::pair<std::string, std::string>> all;
    for (const auto& [table, pk] : rows) {
      if (!find_table(table)) return Status::invalid("unknown table \"" + table + "\"");
      if (table == "stories") {
        auto photos = ids_where("story_photos", "story_id", Value(pk));
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
      for (const char* sql : {"DELETE FROM sync_cells WHERE tbl = ? AND pk = ?", "DELETE FROM sync_outbox WHERE tbl = ? AND pk = ?"}) {
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
