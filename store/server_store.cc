// The central server's surface of the store (store/server_store.h): the node
// registry, uploads, photo holders and the audit log.
#include "store/server_store.h"

#include "common/hex.h"
#include "store/internal/store_impl.h"

#include <set>

namespace thidua {
namespace {

constexpr const char* kNodeColumns =
    "SELECT id, unit_id, role, name, created_at, revoked_at, last_sync_at, last_cursor FROM server_nodes";

ServerNode node_of(const sql::Stmt& st) {
  ServerNode n;
  n.id = st.text(0);
  n.unit_id = st.text(1);
  n.role = st.text(2);
  n.name = st.text(3);
  n.created_at = st.text(4);
  n.revoked_at = st.text_or_null(5);
  n.last_sync_at = st.text_or_null(6);
  n.last_cursor = st.int64(7);
  return n;
}

}  // namespace

ServerStore::ServerStore(Store& store) : store_(&store), impl_(store.impl_.get()) {}

Status ServerStore::add_server_node(const ServerNode& node, const std::string& token_sha256) {
  auto st = impl_->cached("INSERT INTO server_nodes (id, unit_id, role, name, token_sha256) VALUES (?, ?, ?, ?, ?)");
  if (!st) return st.status();
  st->bind(1, node.id).bind(2, node.unit_id).bind(3, node.role).bind(4, node.name).bind(5, token_sha256);
  return st->run();
}

Status ServerStore::revoke_server_node(const std::string& id) {
  auto st = impl_->cached(
      "UPDATE server_nodes SET revoked_at = coalesce(revoked_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, id);
  THIDUA_RETURN_IF_ERROR(st->run());
  if (sqlite3_changes(impl_->raw()) == 0) return Status::not_found("no node with id " + describe(id));
  return Status::ok();
}

Result<std::optional<ServerNode>> ServerStore::server_node_by_token(const std::string& token_sha256) {
  auto st = impl_->cached(std::string(kNodeColumns) + " WHERE token_sha256 = ?");
  if (!st) return st.status();
  st->bind(1, token_sha256);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<ServerNode>();
  return std::optional<ServerNode>(node_of(*st));
}

Result<std::vector<ServerNode>> ServerStore::server_nodes() {
  auto st = impl_->cached(std::string(kNodeColumns) + " ORDER BY unit_id, created_at, id");
  if (!st) return st.status();
  std::vector<ServerNode> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    out.push_back(node_of(*st));
  }
  return out;
}

Result<std::string> ServerStore::advance_node_lineage(const std::string& id, const std::string& presented,
                                                const std::string& attempt, bool fresh) {
  auto held = impl_->cached("SELECT coalesce(lineage, ''), coalesce(lineage_prev, ''), coalesce(lineage_attempt, '') "
                            "FROM server_nodes WHERE id = ?");
  if (!held) return held.status();
  held->bind(1, id);
  auto row = held->step();
  if (!row) return row.status();
  if (!*row) return Status::not_found("no node with id " + describe(id));
  const std::string current = held->text(0), prev = held->text(1), prev_attempt = held->text(2);
  held->reset();
  const bool ok = (!current.empty() && presented == current) ||
                  (presented == prev && !attempt.empty() && attempt == prev_attempt) ||  // its answer was lost
                  (presented.empty() && (current.empty() || fresh));  // not bound yet, or a new database
  if (!ok) {
    return Status::conflict(
        "cơ sở dữ liệu này là bản sao của máy khác: một máy khác dùng cùng mã nút đã đồng bộ sau khi tệp được "
        "chép hoặc sau khi máy này được thay bằng thidua node init trên máy mới, nên máy chủ không nhận để không "
        "ghi đè dữ liệu của nhau; những thay đổi chưa gửi vẫn còn nguyên trên máy này (thidua node status cho "
        "biết bao nhiêu). Không còn gì chờ gửi: hãy làm việc trên máy kia. Còn: xin người quản trị cấp một mã "
        "truy cập mới cho đơn vị (thidua server add-node), chạy thidua node set-token với mã đó rồi thidua node "
        "sync để gửi chúng đi; sau đó thôi dùng tệp này (cần thêm một máy thì chạy thidua node init với một tệp "
        "mới)");
  }
  std::string next = random_hex(8);  // 64 bits: enough to tell copies apart, small on the wire
  auto save = impl_->cached("UPDATE server_nodes SET lineage = ?, lineage_prev = ?, lineage_attempt = ? WHERE id = ?");
  if (!save) return save.status();
  save->bind(1, next).bind(2, presented).bind(3, attempt).bind(4, id);
  THIDUA_RETURN_IF_ERROR(save->run());
  return next;
}

Status ServerStore::note_node_sync(const std::string& id, std::int64_t cursor) {
  auto st = impl_->cached(
      "UPDATE server_nodes SET last_sync_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), last_cursor = ? WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, cursor).bind(2, id);
  return st->run();
}

// An upload is held as one row per chunk: concatenating BLOBs in SQL
// (`||`) would turn them into text and cut them at the first NUL byte.
Result<std::int64_t> ServerStore::upload_offset(const std::string& node_id, const std::string& hash) {
  auto st = impl_->cached(
      "SELECT coalesce(sum(length(data)), 0) FROM server_uploads WHERE node_id = ? AND hash = ?");
  if (!st) return st.status();
  st->bind(1, node_id).bind(2, hash);
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->int64(0) : 0;
}

Status ServerStore::append_upload(const std::string& node_id, const std::string& hash, std::int64_t total,
                            std::int64_t offset, const std::string& bytes) {
  return store_->transaction([&]() -> Status {
    auto held = upload_offset(node_id, hash);
    if (!held) return held.status();
    if (*held != offset) {
      return Status::conflict("upload of " + hash + " stands at offset " + std::to_string(*held) + ", not " +
                              std::to_string(offset));
    }
    auto declared = impl_->cached("SELECT total FROM server_uploads WHERE node_id = ? AND hash = ? LIMIT 1");
    if (!declared) return declared.status();
    declared->bind(1, node_id).bind(2, hash);
    auto any = declared->step();
    if (!any) return any.status();
    if (*any && declared->int64(0) != total) {
      return Status::conflict("upload of " + hash + " was started with total " +
                              std::to_string(declared->int64(0)) + ", not " + std::to_string(total));
    }
    auto st = impl_->cached(
        "INSERT INTO server_uploads (node_id, hash, offset, total, data, received_at) "
        "VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', ? / 1000.0, 'unixepoch'))");
    if (!st) return st.status();
    st->bind(1, node_id).bind(2, hash).bind(3, offset).bind(4, total).bind_blob(5, bytes);
    st->bind(6, impl_->raw_now_ms());
    return st->run();
  });
}

Result<std::optional<std::string>> ServerStore::upload_data(const std::string& node_id, const std::string& hash) {
  auto st = impl_->cached("SELECT data FROM server_uploads WHERE node_id = ? AND hash = ? ORDER BY offset");
  if (!st) return st.status();
  st->bind(1, node_id).bind(2, hash);
  std::string out;
  bool any = false;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    any = true;
    out += st->blob(0);
  }
  if (!any) return std::optional<std::string>();
  return std::optional<std::string>(std::move(out));
}

Status ServerStore::drop_upload(const std::string& node_id, const std::string& hash) {
  auto st = impl_->cached("DELETE FROM server_uploads WHERE node_id = ? AND hash = ?");
  if (!st) return st.status();
  st->bind(1, node_id).bind(2, hash);
  return st->run();
}

Result<ServerStore::UploadUsage> ServerStore::upload_usage(const std::string& node_id) {
  auto st = impl_->cached(
      "SELECT count(DISTINCT hash), coalesce(sum(length(data)), 0) FROM server_uploads WHERE node_id = ?");
  if (!st) return st.status();
  st->bind(1, node_id);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return UploadUsage{};
  return UploadUsage{st->int64(0), st->int64(1)};
}

Result<std::int64_t> ServerStore::purge_stale_uploads(std::int64_t max_age_ms) {
  // An upload's age is that of its newest chunk: a slow link that keeps
  // sending keeps its upload, however long the photo takes.
  auto st = impl_->cached(
      "DELETE FROM server_uploads WHERE (node_id, hash) IN (SELECT node_id, hash FROM server_uploads "
      "GROUP BY node_id, hash HAVING max(received_at) < strftime('%Y-%m-%dT%H:%M:%fZ', ? / 1000.0, 'unixepoch')) "
      "RETURNING node_id, hash");
  if (!st) return st.status();
  st->bind(1, impl_->raw_now_ms() - max_age_ms);
  std::set<std::pair<std::string, std::string>> gone;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    gone.emplace(st->text(0), st->text(1));
  }
  return static_cast<std::int64_t>(gone.size());
}

Status ServerStore::add_blob_holder(const std::string& hash, const std::string& unit_id) {
  auto st = impl_->cached("INSERT OR IGNORE INTO server_blob_holders (hash, unit_id) VALUES (?, ?)");
  if (!st) return st.status();
  st->bind(1, hash).bind(2, unit_id);
  return st->run();
}

Result<bool> ServerStore::unit_holds_blob(const std::string& hash, const std::string& unit_id) {
  auto st = impl_->cached("SELECT 1 FROM server_blob_holders WHERE hash = ? AND unit_id = ?");
  if (!st) return st.status();
  st->bind(1, hash).bind(2, unit_id);
  auto row = st->step();
  if (!row) return row.status();
  return *row;
}

Result<bool> ServerStore::story_may_show_blob(const std::string& hash, const std::string& story_unit) {
  auto st = impl_->cached(
      "SELECT 1 FROM server_blob_holders WHERE hash = ? AND (unit_id = ? OR unit_id IN "
      "(SELECT unit_id FROM server_nodes WHERE role = 'province'))");
  if (!st) return st.status();
  st->bind(1, hash).bind(2, story_unit);
  auto row = st->step();
  if (!row) return row.status();
  return *row;
}

Result<std::int64_t> ServerStore::audit_count() {
  return sql::query_int(impl_->raw(), "SELECT coalesce(sum(n), 0) FROM server_audit");
}

// A record holds the cells of one merged row (migration 5); each comes
// back as an entry of its own, in the order the merge wrote them.
Result<std::vector<AuditEntry>> ServerStore::audit_of(const std::string& table) {
  auto st = impl_->cached(
      "SELECT a.id, a.at, a.node_id, a.tbl, a.pk, c.value ->> 0, c.value ->> 1, c.value ->> 2, c.value ->> 3 "
      "FROM server_audit a, json_each(a.cells) c WHERE a.tbl = ? ORDER BY a.id, c.key");
  if (!st) return st.status();
  st->bind(1, table);
  std::vector<AuditEntry> out;
  for (;;) {
    auto more = st->step();
    if (!more) return more.status();
    if (!*more) break;
    AuditEntry e;
    e.id = st->int64(0);
    e.at = st->text(1);
    e.node_id = st->text(2);
    e.table = st->text(3);
    e.pk = st->text(4);
    e.column = st->text(5);
    e.old_value = st->value(6);
    e.new_value = st->value(7);
    e.hlc = static_cast<Hlc>(st->int64(8));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace thidua
