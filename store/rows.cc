// Store: reading and writing the rows of synced tables (every write is
// captured by the triggers into the outbox).
#include "store/schema.h"
#include "store/internal/store_impl.h"

namespace thidua {
namespace {

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

// A reference column must name an existing row of the table it refers to.
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
      return Status::invalid(std::string(t.name) + "." + std::string(name) + ": không có dòng " +
                             std::string(c->references) + " nào có mã " + describe(value));
    }
  }
  return Status::ok();
}

// "SELECT * FROM t WHERE id = ?" for each synced table, by its index in
// synced_tables(): built once, as a sync's checks call Store::get for each
// row they touch.
const std::string& select_row_sql(const TableSpec& t) {
  static const std::vector<std::string> sqls = [] {
    std::vector<std::string> out;
    for (const auto& spec : synced_tables()) out.push_back("SELECT * FROM " + sql::quote_ident(spec.name) + " WHERE id = ?");
    return out;
  }();
  return sqls[static_cast<std::size_t>(&t - synced_tables().data())];
}

// "SELECT c FROM t WHERE id = ?" for `column` of `t` (nullptr: the id),
// every one built once, as Store::get_value runs for each row a push touches.
const std::string& select_value_sql(const TableSpec& t, const ColumnSpec* column) {
  static const std::vector<std::vector<std::string>> sqls = [] {
    std::vector<std::vector<std::string>> out;
    for (const auto& spec : synced_tables()) {
      const std::string from = " FROM " + sql::quote_ident(spec.name) + " WHERE id = ?";
      auto& of = out.emplace_back();
      of.push_back("SELECT id" + from);
      for (const auto& c : spec.columns) of.push_back("SELECT " + sql::quote_ident(c.name) + from);
    }
    return out;
  }();
  const auto& of = sqls[static_cast<std::size_t>(&t - synced_tables().data())];
  return of[column ? static_cast<std::size_t>(column - t.columns.data()) + 1 : 0];
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
  auto st = impl_->cached(select_row_sql(*t));
  if (!st) return st.status();
  st->bind(1, id);
  auto found = st->step();
  if (!found) return found.status();
  if (!*found) return std::optional<Row>();
  Row row;
  for (int i = 0; i < st->columns(); ++i) row[st->column_name(i)] = st->value(i);
  return std::optional<Row>(std::move(row));
}

Result<std::optional<Value>> Store::get_value(const std::string& table, const std::string& id,
                                              std::string_view column) {
  const TableSpec* t = find_table(table);
  if (!t) return Status::invalid("unknown table \"" + table + "\"");
  const ColumnSpec* c = column == "id" ? nullptr : t->find(column);
  if (column != "id" && !c) {
    return Status::invalid("unknown column \"" + std::string(column) + "\" in table " + table);
  }
  auto st = impl_->cached(select_value_sql(*t, c));
  if (!st) return st.status();
  st->bind(1, id);
  auto found = st->step();
  if (!found) return found.status();
  if (!*found) return std::optional<Value>();
  return std::optional<Value>(st->value(0));
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
  auto st = impl_->cached("SELECT pk, seq FROM sync_rows WHERE tbl = ?");
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

Result<std::vector<std::pair<std::string, std::int64_t>>> Store::row_versions_where(
    const std::string& table, const std::string& column, const Value& value) {
  const TableSpec* t = find_table(table);
  if (!t || !t->find(column)) return Status::invalid("unknown table or column " + table + "." + column);
  // One probe of sync_rows' primary key (tbl, pk) per row.
  auto st = impl_->cached(
      "SELECT r.id, coalesce((SELECT c.seq FROM sync_rows c WHERE c.tbl = ? AND c.pk = r.id), 0) FROM " +
      sql::quote_ident(t->name) + " r WHERE r." + sql::quote_ident(column) + " = ?");
  if (!st) return st.status();
  st->bind(1, table).bind(2, value);
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (;;) {
    auto more = st->step();
    if (!more) return more.status();
    if (!*more) break;
    out.emplace_back(st->text(0), st->int64(1));
  }
  return out;
}

Result<std::int64_t> Store::count(const std::string& table) {
  if (!find_table(table) && table != "blobs") return Status::invalid("unknown table \"" + table + "\"");
  return sql::query_int(impl_->raw(), "SELECT count(*) FROM " + sql::quote_ident(table));
}

}  // namespace thidua
