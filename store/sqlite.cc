#include "store/internal/sqlite.h"

namespace thidua::sql {

Status to_status(int rc, sqlite3* db, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::ok();
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return Status::invalid(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::busy(msg + " (another program is writing; try again)");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::corrupt(msg);
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Status::io(msg);
    case SQLITE_NOTFOUND:
      return Status::not_found(msg);
    default:
      return Status::internal(msg);
  }
}

Result<Stmt> Stmt::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return to_status(rc, db, "prepare `" + std::string(sql.substr(0, 80)) + "`");
  }
  Stmt s;
  s.stmt_.reset(raw);
  s.db_ = db;
  return s;
}

Stmt Stmt::borrow() const {
  Stmt s;
  s.stmt_ = std::unique_ptr<sqlite3_stmt, StmtFinalizer>(stmt_.get(), StmtFinalizer{false});
  s.db_ = db_;
  return s;
}

Stmt& Stmt::bind(int i, const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) {
    sqlite3_bind_int64(stmt_.get(), i, *n);
  } else if (const auto* d = std::get_if<double>(&v)) {
    sqlite3_bind_double(stmt_.get(), i, *d);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    sqlite3_bind_text(stmt_.get(), i, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt_.get(), i);
  }
  return *this;
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_.get(), i, v);
  return *this;
}

Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(stmt_.get(), i);
  return *this;
}

Stmt& Stmt::bind_blob(int i, const std::string& bytes) {
  sqlite3_bind_blob64(stmt_.get(), i, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Result<bool> Stmt::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status st = to_status(rc, db_, "run `" + std::string(sqlite3_sql(stmt_.get())).substr(0, 80) + "`");
  sqlite3_reset(stmt_.get());
  return st;
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.status();
    if (!*r) break;
  }
  reset();
  return Status::ok();
}

void Stmt::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

Value Stmt::value(int i) const {
  switch (sqlite3_column_type(stmt_.get(), i)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(stmt_.get(), i));
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt_.get(), i);
    case SQLITE_NULL:
      return std::monostate{};
    default:
      return text(i);
  }
}

std::string Stmt::text(int i) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), i));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), i)));
}

std::string Stmt::blob(int i) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), i));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), i)));
}

Status exec(sqlite3* db, std::string_view sql) {
  char* err = nullptr;
  std::string owned(sql);
  int rc = sqlite3_exec(db, owned.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  return to_status(rc, db, "run `" + owned.substr(0, 80) + "`");
}

Result<std::int64_t> query_int(sqlite3* db, std::string_view sql) {
  auto st = Stmt::prepare(db, sql);
  if (!st) return st.status();
  auto row = st->step();
  if (!row) return row.status();
  return *row ? st->int64(0) : 0;
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace thidua::sql
