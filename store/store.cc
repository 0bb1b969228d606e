#include "store/store.h"

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "store/migrations.h"
#include "store/schema.h"
#include "store/store_impl.h"

namespace thidua {
namespace {

// thidua_hlc_next(prev): the next local HLC. Called by the capture
// triggers; the wall clock comes from the Store that registered it.
void sql_hlc_next(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* impl = static_cast<Store::Impl*>(sqlite3_user_data(ctx));
  auto prev = static_cast<Hlc>(sqlite3_value_int64(argv[0]));
  sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(hlc_next(prev, impl->now_ms())));
}

Status configure(Store::Impl& impl, const OpenOptions& options) {
  sqlite3* db = impl.raw();
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  // Schema SQL runs only what thidua registered; data never reaches a
  // function that was not made for triggers.
  THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;"));
  if (!impl.read_only) {
    // WAL lets the site generator read while the server writes. FULL
    // syncs every commit: a district PC that loses power keeps what the
    // clerk saw saved.
    THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"));
    if (!options.auto_checkpoint) THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA wal_autocheckpoint = 0"));
  }
  const int cache_kib = std::clamp(options.cache_mib, 1, 1024) * 1024;
  THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA cache_size = -" + std::to_string(cache_kib)));
  if (options.mmap_mib > 0) {
    const std::int64_t bytes = std::int64_t{std::clamp(options.mmap_mib, 1, 4096)} << 20;
    THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA mmap_size = " + std::to_string(bytes)));
  }
  int rc = sqlite3_create_function_v2(db, "thidua_hlc_next", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                      &impl, sql_hlc_next, nullptr, nullptr, nullptr);
  return sql::to_status(rc, db, "register thidua_hlc_next");
}

// Every row a statement yields, as column name -> value.
Result<std::vector<Row>> read_rows(sql::Stmt& st) {
  std::vector<Row> out;
  for (;;) {
    auto more = st.step();
    if (!more) return more.status();
    if (!*more) break;
    Row row;
    for (int i = 0; i < st.columns(); ++i) row[st.column_name(i)] = st.value(i);
    out.push_back(std::move(row));
  }
  return out;
}

// "INSERT INTO t(id, a, b) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET a = excluded.a, ..."
std::string upsert_sql(const TableSpec& t, const Row& row) {
  std::string cols = "id", params = "?", sets;
  for (const auto& [name, value] : row) {
    if (name == "id") continue;
    std::string q = sql::quote_ident(name);
    cols += ", " + q;
    params += ", ?";
    if (!sets.empty()) sets += ", ";
    sets += q + " = excluded." + q;
  }
  std::string sql = "INSERT INTO " + sql::quote_ident(t.name) + " (" + cols + ") VALUES (" +
                    params + ") ON CONFLICT (id) DO ";
  sql += sets.empty() ? "NOTHING" : "UPDATE SET " + sets;
  return sql;
}

std::string not_thidua_message(const std::string& path) {
  return path + ": không phải cơ sở dữ liệu của thidua; tạo mới bằng `thidua server init` (máy chủ) "
                "hoặc `thidua node init` (máy của đơn vị)";
}

// What an existing file holds, learnt through a read-only connection so
// that looking never changes it (a write open would migrate, that is, add
// thidua's tables to another program's database or fill an empty file).
enum class FileKind { kThidua, kEmpty, kForeign };

Result<FileKind> probe_existing(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  sql::DbHandle db(raw);
  if (rc != SQLITE_OK) return sql::to_status(rc, raw, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  // user_version first: it reads the header, and fails on a file that is
  // not a database at all.
  auto version = sql::query_int(raw, "PRAGMA user_version");
  if (!version) {
    if (version.status().code() == Status::Code::kCorrupt) {
      return Status::corrupt(path + ": không phải cơ sở dữ liệu, hoặc tệp đã hỏng");
    }
    return version.status().with_context(path);
  }
  auto objects = sql::query_int(raw, "SELECT count(*) FROM sqlite_schema");
  if (!objects) return objects.status().with_context(path);
  if (*version == 0 && *objects == 0) return FileKind::kEmpty;  // a 0-byte file, or a database with nothing in it
  auto ours = sql::query_int(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sync_meta'");
  if (!ours) return ours.status().with_context(path);
  // Another program may set user_version too: thidua's own table decides.
  return *version > 0 && *ours == 1 ? FileKind::kThidua : FileKind::kForeign;
}

}  // namespace

int latest_schema_version() { return migrations_latest_version(); }

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& path, OpenOptions options) {
  // Process-wide, before SQLite's first use: no memory statistics, whose
  // global mutex every allocation took (a tenth of a large merge).
  static std::once_flag configured;
  std::call_once(configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = options.read_only;
  impl->clock_ms = std::move(options.clock_ms);
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && (!options.create || options.read_only)) {
    return Status::not_found(path + ": không có tệp cơ sở dữ liệu này");
  }
  if (exists && path != ":memory:") {
    auto kind = probe_existing(path);
    if (!kind) return kind.status();
    // Only a caller asked to create may fill an empty file; nobody writes
    // into a database that thidua did not make.
    if (*kind == FileKind::kForeign || (*kind == FileKind::kEmpty && (!options.create || options.read_only))) {
      return Status::invalid(not_thidua_message(path));
    }
  }
  int flags = options.read_only ? SQLITE_OPEN_READONLY
                                : SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) return sql::to_status(rc, raw, "open " + path);
  Status st = configure(*impl, options);
  if (st.code() == Status::Code::kCorrupt) {  // SQLite's "file is not a database": say it to the clerk
    return Status::corrupt(path + ": không phải cơ sở dữ liệu, hoặc tệp đã hỏng");
  }
  if (!st.is_ok()) return st.with_context(path);

  int target = options.target_version ? options.target_version : latest_schema_version();
  if (!options.read_only) {
    st = migrate(impl->raw(), target);
    if (!st.is_ok()) return st.with_context(path);
  }
  auto version = sql::query_int(impl->raw(), "PRAGMA user_version");
  if (!version) return version.status().with_context(path);
  impl->version = static_cast<int>(*version);
  if (impl->version == 0) {
    return Status::invalid(not_thidua_message(path));
  }
  if (options.read_only && impl->version != latest_schema_version()) {
    return Status::conflict(path + ": cơ sở dữ liệu có phiên bản lược đồ " + std::to_string(impl->version) +
                            ", bản thidua này cần " + std::to_string(latest_schema_version()) +
                            "; hãy mở nó một lần để ghi (chạy máy chủ bằng bản này) hoặc nâng cấp thidua");
  }
  auto node = sql::Stmt::prepare(impl->raw(), "SELECT node_id FROM sync_meta WHERE id = 1");
  if (!node) return node.status().with_context(path);
  auto row = node->step();
  if (!row) return row.status().with_context(path);
  if (!*row) return Status::corrupt(path + ": sync_meta has no node id");
  impl->node_id = node->text(0);
  node->reset();
  if (impl->version >= 2) {
    auto offset = sql::query_int(impl->raw(), "SELECT clock_offset_ms FROM sync_node WHERE id = 1");
    if (!offset) return offset.status().with_context(path);
    impl->clock_offset_ms = *offset;
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

int Store::schema_version() const { return impl_->version; }
const std::string& Store::node_id() const { return impl_->node_id; }

Status Store::read_snapshot(const std::function<Status()>& body) {
  if (impl_->tx_depth > 0) return body();  // already inside one
  THIDUA_RETURN_IF_ERROR(sql::exec(impl_->raw(), "BEGIN"));  // deferred: a read transaction at the first read
  impl_->tx_depth = 1;
  Status st;
  try {
    st = body();
  } catch (const std::exception& e) {
    st = Status::internal(std::string("unexpected exception: ") + e.what());
  }
  impl_->tx_depth = 0;
  Status end = sql::exec(impl_->raw(), "COMMIT");
  return st.is_ok() ? end : st;
}

Status Store::transaction(const std::function<Status()>& body) {
  auto run_body = [&]() -> Status {
    try {
      return body();
    } catch (const std::exception& e) {
      return Status::internal(std::string("unexpected exception: ") + e.what());
    }
  };
  if (impl_->tx_depth > 0) {  // joins the open transaction
    ++impl_->tx_depth;
    Status st = run_body();
    --impl_->tx_depth;
    if (!st.is_ok() && impl_->tx_failure.is_ok()) impl_->tx_failure = st;
    return st;
  }
  // Cached statements: parsing these each time shows in small syncs.
  auto run = [&](const char* sql) -> Status {
    auto st = impl_->cached(sql);
    if (!st) return st.status();
    return st->run();
  };
  THIDUA_RETURN_IF_ERROR(run("BEGIN IMMEDIATE"));
  impl_->tx_depth = 1;
  impl_->tx_failure = Status::ok();
  Status st = run_body();
  impl_->tx_depth = 0;
  if (st.is_ok()) st = impl_->tx_failure;  // a nested body failed
  impl_->tx_failure = Status::ok();
  if (st.is_ok()) {
    st = run("COMMIT");
    if (st.is_ok()) return st;
  }
  (void)run("ROLLBACK");
  return st;
}

namespace {

Status check_references(Store::Impl& impl, const TableSpec& t, const Row& row) {
  for (const auto& [name, value] : row) {
    const ColumnSpec* c = t.find(name);
    if (!c || c->references.empty() || is_null(value)) continue;
    auto st = impl.cached("SELECT 1 FROM " + sql::quote_ident(c->references) + " WHERE id = ?");
    if (!st) return st.status();
    st->bind(1, value);
    auto found = st->step();
    if (!found) return found.status();
    if (!*found) {
      return Status::invalid(std::string(t.name) + "." + std::string(name) + ": no " +
                             std::string(c->references) + " row with id " + describe(value));
    }
  }
  return Status::ok();
}

}  // namespace

Status Store::write(const std::string& table, const Row& row) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  auto id = row.find("id");
  if (id == row.end() || !std::holds_alternative<std::string>(id->second)) {
    return Status::invalid(table + ": a row needs a text \"id\"");
  }
  THIDUA_RETURN_IF_ERROR(check_id(*t, std::get<std::string>(id->second)));
  for (const auto& [name, value] : row) {
    if (name == "id") continue;
    const ColumnSpec* c = t->find(name);
    if (!c) return Status::invalid("unknown column \"" + name + "\" in table " + table);
    THIDUA_RETURN_IF_ERROR(check_value(*t, *c, value));
  }
  THIDUA_RETURN_IF_ERROR(check_references(*impl_, *t, row));
  auto st = impl_->cached(upsert_sql(*t, row));
  if (!st) return st.status();
  int i = 1;
  st->bind(i++, id->second);
  for (const auto& [name, value] : row)
    if (name != "id") st->bind(i++, value);
  return st->run();
}

Status Store::remove(const std::string& table, const std::string& id) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  auto st = impl_->cached("DELETE FROM " + sql::quote_ident(t->name) + " WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, id);
  THIDUA_RETURN_IF_ERROR(st->run());
  if (sqlite3_changes(impl_->raw()) == 0) return Status::not_found(table + " has no row " + describe(id));
  return Status::ok();
}

Result<std::optional<Row>> Store::get(const std::string& table, const std::string& id) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  auto st = impl_->cached("SELECT * FROM " + sql::quote_ident(t->name) + " WHERE id = ?");
  if (!st) return st.status();
  st->bind(1, id);
  auto found = st->step();
  if (!found) return found.status();
  if (!*found) return std::optional<Row>();
  Row row;
  for (int i = 0; i < st->columns(); ++i) row[st->column_name(i)] = st->value(i);
  return std::optional<Row>(std::move(row));
}

Result<std::vector<Row>> Store::rows(const std::string& table) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  auto st = impl_->cached("SELECT * FROM " + sql::quote_ident(t->name) + " ORDER BY id");
  if (!st) return st.status();
  return read_rows(*st);
}

Result<std::vector<Row>> Store::rows_where(const std::string& table, const std::string& column,
                                           const std::vector<std::string>& values, const std::vector<std::string>& only) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  std::vector<std::string> columns = {"id"};
  if (only.empty()) {
    for (const auto& c : t->columns) columns.emplace_back(c.name);
  } else {
    for (const auto& c : only)
      if (c != "id") columns.push_back(c);
  }
  std::vector<Row> out;
  Status st = each_where(table, column, values, columns, [&](std::vector<Value>& cells) {
    Row row;
    for (std::size_t i = 0; i < columns.size(); ++i) row.emplace(columns[i], std::move(cells[i]));
    out.push_back(std::move(row));
  });
  if (!st.is_ok()) return st;
  return out;
}

Status Store::each_where(const std::string& table, const std::string& column, const std::vector<std::string>& values,
                         const std::vector<std::string>& columns, const std::function<void(std::vector<Value>&)>& fn) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  if (column != "id" && !t->find(column)) return Status::invalid("unknown column \"" + column + "\" in table " + table);
  if (columns.empty()) return Status::invalid("no columns to read from table " + table);
  std::string list;
  for (const auto& c : columns) {
    if (c != "id" && !t->find(c)) return Status::invalid("unknown column \"" + c + "\" in table " + table);
    list += (list.empty() ? "" : ", ") + sql::quote_ident(c);
  }
  if (values.empty()) return Status::ok();
  std::string params = "?";
  for (std::size_t i = 1; i < values.size(); ++i) params += ", ?";
  auto st = impl_->cached("SELECT " + list + " FROM " + sql::quote_ident(t->name) + " WHERE " +
                          sql::quote_ident(column) + " IN (" + params + ") ORDER BY id");
  if (!st) return st.status();
  for (std::size_t i = 0; i < values.size(); ++i) st->bind(static_cast<int>(i + 1), values[i]);
  std::vector<Value> cells(columns.size());
  for (;;) {
    auto more = st->step();
    if (!more) return more.status();
    if (!*more) return Status::ok();
    for (std::size_t i = 0; i < cells.size(); ++i) cells[i] = st->value(static_cast<int>(i));
    fn(cells);
  }
}

Result<std::map<std::string, std::int64_t>> Store::row_versions(const std::string& table) {
  if (!find_table(table)) return Status::invalid("unknown table \"" + table + "\"");
  auto st = impl_->cached("SELECT pk, max(seq) FROM sync_cells WHERE tbl = ? GROUP BY pk");
  if (!st) return st.status();
  st->bind(1, table);
  std::map<std::string, std::int64_t> out;
  for (;;) {
    auto more = st->step();
    if (!more) return more.status();
    if (!*more) break;
    out.emplace(st->text(0), st->int64(1));
  }
  return out;
}

Result<std::int64_t> Store::count(const std::string& table) {
  if (!find_table(table) && table != "blobs") return Status::invalid("unknown table \"" + table + "\"");
  return sql::query_int(impl_->raw(), "SELECT count(*) FROM " + sql::quote_ident(table));
}

Result<std::vector<OutboxEntry>> Store::outbox(std::int64_t after_seq, int limit) {
  auto st = impl_->cached("SELECT seq, tbl, pk, col, val, hlc, base FROM sync_outbox "
                               "WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!st) return st.status();
  st->bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  std::vector<OutboxEntry> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    OutboxEntry e;
    e.seq = st->int64(0);
    e.table = st->text(1);
    e.pk = st->text(2);
    e.column = st->text(3);
    e.value = st->value(4);
    e.hlc = static_cast<Hlc>(st->int64(5));
    if (!st->is_null(6)) e.base = static_cast<Hlc>(st->int64(6));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::int64_t> Store::outbox_count() {
  return sql::query_int(impl_->raw(), "SELECT count(*) FROM sync_outbox");
}

Status Store::ack_outbox(std::int64_t seq) {
  auto st = impl_->cached("DELETE FROM sync_outbox WHERE seq <= ?");
  if (!st) return st.status();
  st->bind(1, seq);
  return st->run();
}

Result<std::optional<CellClock>> Store::cell_clock(const std::string& table, const std::string& pk,
                                                   const std::string& column) {
  return impl_->cell_clock(table, pk, column);
}

Result<Hlc> Store::clock() {
  auto v = sql::query_int(impl_->raw(), "SELECT hlc FROM sync_meta WHERE id = 1");
  if (!v) return v.status();
  return static_cast<Hlc>(*v);
}

Result<std::vector<Conflict>> Store::conflicts(bool include_resolved) {
  std::string sql =
      "SELECT id, tbl, pk, col, kept_val, kept_hlc, kept_node, lost_val, lost_hlc, lost_node, "
      "resolved_at IS NOT NULL FROM sync_conflicts";
  if (!include_resolved) sql += " WHERE resolved_at IS NULL";
  sql += " ORDER BY id";
  auto st = impl_->cached(sql);
  if (!st) return st.status();
  std::vector<Conflict> out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    Conflict c;
    c.id = st->int64(0);
    c.table = st->text(1);
    c.pk = st->text(2);
    c.column = st->text(3);
    c.kept_value = st->value(4);
    c.kept_hlc = static_cast<Hlc>(st->int64(5));
    c.kept_node = st->text(6);
    c.lost_value = st->value(7);
    c.lost_hlc = static_cast<Hlc>(st->int64(8));
    c.lost_node = st->text(9);
    c.resolved = st->int64(10) != 0;
    out.push_back(std::move(c));
  }
  return out;
}

Status Store::checkpoint() {
  if (impl_->read_only) return Status::ok();
  return sql::exec(impl_->raw(), "PRAGMA wal_checkpoint(TRUNCATE)");
}

Status Store::checkpoint_passive() {
  if (impl_->read_only) return Status::ok();
  return sql::exec(impl_->raw(), "PRAGMA wal_checkpoint(PASSIVE)");
}

Result<std::string> Store::integrity_check() {
  auto st = impl_->cached("PRAGMA integrity_check");
  if (!st) return st.status();
  std::string out;
  for (;;) {
    auto row = st->step();
    if (!row) return row.status();
    if (!*row) break;
    if (!out.empty()) out += "\n";
    out += st->text(0);
  }
  return out;
}

}  // namespace thidua
