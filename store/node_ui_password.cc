// The web app's password on a node (store/node_store.h, "The web app's
// password").
//
// Why a table made on first use and not a migration: the password is this
// PC's alone; no synced table, no cell and nothing the server reads changes.
// A migration would raise the schema version, and with it what every sync
// claims: districts could not set a password until the server was upgraded
// first (a server refuses nodes newer than itself), and the upgrade fixtures
// would have to be remade, for a table the server never sees. An older
// thidua opening the file ignores the table. No migration may create a
// table named node_ui_password (store/migrations.cc says so); one that
// takes it over must make it exactly as kCreate does, with IF NOT EXISTS.
#include <string>

#include "common/password.h"
#include "store/internal/store_impl.h"
#include "store/node_store.h"

namespace thidua {
namespace {

constexpr const char* kCreate =
    "CREATE TABLE IF NOT EXISTS node_ui_password (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  hash TEXT NOT NULL,\n"
    "  set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))\n"
    ")";

Result<bool> table_exists(sqlite3* db) {
  auto n = sql::query_int(
      db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'node_ui_password'");
  if (!n) return n.status();
  return *n > 0;
}

}  // namespace

Result<std::optional<std::string>> NodeStore::ui_password_hash() {
  auto exists = table_exists(impl_->raw());
  if (!exists) return exists.status();
  if (!*exists) return std::optional<std::string>();
  auto st = impl_->cached("SELECT hash FROM node_ui_password WHERE id = 1");
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->text(0));
}

Status NodeStore::set_ui_password_hash(const std::string& hash) {
  if (!is_password_hash(hash)) return Status::invalid("not an Argon2id password hash");
  return store_->transaction([&]() -> Status {
    auto nodes = sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_node");
    if (!nodes) return nodes.status();
    if (*nodes == 0) {
      return Status::invalid(
          "cơ sở dữ liệu này chưa là một nút (máy chủ trung tâm không có ứng dụng văn phòng); "
          "hãy chạy thidua node init trước");
    }
    THIDUA_RETURN_IF_ERROR(sql::exec(impl_->raw(), kCreate));
    auto st = impl_->cached(
        "INSERT INTO node_ui_password (id, hash) VALUES (1, ?) ON CONFLICT (id) "
        "DO UPDATE SET hash = excluded.hash, set_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
    if (!st) return st.status();
    st->bind(1, hash);
    return st->run();
  });
}

Status NodeStore::clear_ui_password() {
  auto exists = table_exists(impl_->raw());
  if (!exists) return exists.status();
  if (!*exists) return Status::ok();
  return sql::exec(impl_->raw(), "DELETE FROM node_ui_password");
}

Result<bool> NodeStore::verify_ui_password(std::string_view password) {
  auto hash = ui_password_hash();
  if (!hash) return hash.status();
  if (!*hash) return false;
  const PasswordCheck check = check_password(**hash, password);
  if (check == PasswordCheck::kWrong) return false;
  if (check == PasswordCheck::kRightRehash && !impl_->read_only) {
    // Best effort: the login stands either way, and the next one tries again.
    auto fresh = hash_password(password);
    if (fresh) (void)set_ui_password_hash(*fresh);
  }
  return true;
}

}  // namespace thidua
