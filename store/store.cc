#include "store/store.h"

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "store/internal/migrations.h"
#include "store/internal/open_upgrade.h"
#include "store/internal/store_impl.h"
#include "store/internal/row_clocks.h"
#include "store/schema.h"

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
  sqlite3_busy_timeout(db, sql::kBusyTimeoutMs);
  // Schema SQL runs only what thidua registered; data never reaches a
  // function that was not made for triggers.
  THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;"));
  // Statement journals in memory. Every write to a synced table fires
  // triggers and checks CHECK constraints, so SQLite keeps the original of
  // each page it changes in a statement journal, a temp file once it passes
  // 64 KiB: four 16 KiB pages, which one merged row reaches. On disk that
  // cost a push a quarter of its merge in write() calls (docs/benchmarks.md,
  // sixth session).
  // A statement's journal holds only the pages that statement changed (the
  // merge's statements change one row; the largest, a batch's outbox
  // entries), and thidua's sorts are of pages of a few thousand rows.
  THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA temp_store = MEMORY"));
  if (!impl.read_only) {
    // WAL lets the site generator read while the server writes. FULL
    // syncs every commit: a district PC that loses power keeps what the
    // clerk saw saved.
    // A new database gets 16 KiB pages (SQLite's default is 4 KiB): a
    // push's commit writes its pages to the WAL one frame at a time, two
    // system calls each, and a batch of 1,400 new rows dirtied ~1,400
    // pages (docs/benchmarks.md, fifth session). An existing database
    // keeps the page size it was made with: the pragma changes only an
    // empty file.
    THIDUA_RETURN_IF_ERROR(sql::exec(db, "PRAGMA page_size = " + std::to_string(kPageSizeBytes)));
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
  THIDUA_RETURN_IF_ERROR(sql::to_status(rc, db, "register thidua_hlc_next"));
  return register_row_clock_functions(db);
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
  // Another process may be migrating the file (a write lock held through the
  // copy and the steps): wait for it as the write connection below would.
  sqlite3_busy_timeout(raw, sql::kBusyTimeoutMs);
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

// A read-only open never migrates: a file of another schema is read only
// when the caller reads nothing that differs from the latest.
Status check_readable(const std::string& path, int version, const OpenOptions& options) {
  const int latest = latest_schema_version();
  const int oldest = options.read_compatible_schema ? oldest_compatible_schema_version() : latest;
  if (version > latest) {
    return Status::conflict(path + ": cơ sở dữ liệu có lược đồ phiên bản " +
                            std::to_string(version) + ", mới hơn bản thidua này (" +
                            std::to_string(latest) + "); hãy cài bản thidua mới hơn");
  }
  if (version < oldest) {
    return Status::conflict(
        path + ": cơ sở dữ liệu có lược đồ phiên bản " + std::to_string(version) +
        ", cũ hơn bản thidua này (" + std::to_string(latest) +
        ") và lệnh này chỉ đọc, không nâng cấp tệp; hãy chạy một lệnh ghi bằng bản "
        "này trước (máy chủ: thidua server run; máy đơn vị: thidua node sync), lệnh "
        "đó giữ bản sao " +
        path + ".bak-v" + std::to_string(version) + " rồi nâng cấp tệp");
  }
  return Status::ok();
}

}  // namespace

int latest_schema_version() { return migrations_latest_version(); }
int oldest_compatible_schema_version() { return migrations_oldest_compatible_version(); }

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
    Store::Impl& i = *impl;
    BeforeMigrating keep_copy;
    if (path != ":memory:") {
      keep_copy = [&i](int from) {
        auto copy = copy_before_migration(i.path, from);
        if (!copy) return copy.status();
        i.upgrade_copy = *copy;
        return Status::ok();
      };
    }
    st = migrate(impl->raw(), target, keep_copy);
    if (!st.is_ok()) return st.with_context(path);
  }
  auto version = sql::query_int(impl->raw(), "PRAGMA user_version");
  if (!version) return version.status().with_context(path);
  impl->version = static_cast<int>(*version);
  if (impl->version == 0) {
    return Status::invalid(not_thidua_message(path));
  }
  if (options.read_only) THIDUA_RETURN_IF_ERROR(check_readable(path, impl->version, options));
  if (options.read_only && impl->version < 7) {
    // A file at 6 read as it is (read_compatible_schema): its per-cell
    // clocks seen as the per-row records of migration 7, in a temporary
    // view of this connection only; the file is not touched.
    THIDUA_RETURN_IF_ERROR(sql::exec(
        impl->raw(),
        "CREATE TEMP VIEW sync_rows (tbl, pk, seq, lo, cells) AS SELECT tbl, pk, max(seq), min(seq), "
        "json_group_object(col, json_array(hlc, node, seq)) FROM main.sync_cells GROUP BY tbl, pk"));
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
const std::string& Store::upgrade_copy() const { return impl_->upgrade_copy; }
const std::string& Store::node_id() const { return impl_->node_id; }
const std::string& Store::path() const { return impl_->path; }

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

Status Store::transaction_group(const std::vector<std::function<Status()>>& bodies, std::vector<Status>* each) {
  auto run = [&](const char* sql) -> Status {
    auto st = impl_->cached(sql);
    if (!st) return st.status();
    return st->run();
  };
  Status begun = impl_->tx_depth > 0 ? Status::internal("transaction_group inside an open transaction")
                                     : run("BEGIN IMMEDIATE");
  each->assign(bodies.size(), begun);  // none ran when it failed
  if (!begun.is_ok()) return begun;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    Status st = run("SAVEPOINT one_body");
    if (st.is_ok()) {
      impl_->tx_depth = 1;
      impl_->tx_failure = Status::ok();
      try {
        st = bodies[i]();
      } catch (const std::exception& e) {
        st = Status::internal(std::string("unexpected exception: ") + e.what());
      }
      impl_->tx_depth = 0;
      if (st.is_ok()) st = impl_->tx_failure;  // a nested body failed
      impl_->tx_failure = Status::ok();
      // RELEASE after ROLLBACK TO closes the undone savepoint.
      Status closed = st.is_ok() ? run("RELEASE one_body") : run("ROLLBACK TO one_body");
      if (!st.is_ok() && closed.is_ok()) closed = run("RELEASE one_body");
      if (!closed.is_ok()) {  // the transaction itself is in doubt: nothing of it stays
        (void)run("ROLLBACK");
        for (auto& e : *each) e = closed;
        return closed;
      }
    }
    (*each)[i] = st;
  }
  Status committed = run("COMMIT");
  if (committed.is_ok()) return committed;
  (void)run("ROLLBACK");
  for (auto& e : *each)
    if (e.is_ok()) e = committed;
  return committed;
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
