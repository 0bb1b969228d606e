// Store::export_json: canonical JSON of every domain table.
#include <nlohmann/json.hpp>

#include "store/schema.h"
#include "store/internal/store_impl.h"

namespace thidua {
namespace {

nlohmann::json to_json(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

Result<nlohmann::json> rows_of(sqlite3* db, const std::string& sql) {
  auto st = sql::Stmt::prepare(db, sql);
  if (!st) return st.status();
  auto rows = nlohmann::json::array();
  for (;;) {
    auto more = st->step();
    if (!more) return more.status();
    if (!*more) break;
    nlohmann::json row = nlohmann::json::object();
    for (int i = 0; i < st->columns(); ++i) row[st->column_name(i)] = to_json(st->value(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<std::string> Store::export_json() {
  // One read transaction: the export is a consistent snapshot even while
  // another connection writes.
  THIDUA_RETURN_IF_ERROR(sql::exec(impl_->raw(), "BEGIN"));
  nlohmann::json out = nlohmann::json::object();
  Status failed;
  for (const auto& t : synced_tables()) {
    auto rows = rows_of(impl_->raw(), "SELECT * FROM " + sql::quote_ident(t.name) + " ORDER BY id");
    if (!rows) {
      failed = rows.status();
      break;
    }
    out[std::string(t.name)] = std::move(*rows);
  }
  if (failed.is_ok()) {
    // Photos by hash and size, never their bytes.
    auto blobs = rows_of(impl_->raw(), "SELECT hash, mime, size, width, height FROM blobs ORDER BY hash");
    if (blobs) {
      out["blobs"] = std::move(*blobs);
    } else {
      failed = blobs.status();
    }
  }
  (void)sql::exec(impl_->raw(), "COMMIT");
  if (!failed.is_ok()) return failed.with_context("export " + impl_->path);
  // nlohmann's object keys are sorted, so the text is canonical.
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace thidua
