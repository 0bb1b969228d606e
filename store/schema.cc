#include "store/schema.h"

#include <bit>
#include <cstring>

#include "store/internal/sqlite.h"

namespace thidua {
namespace {

using CT = ColumnType;
using MK = MergeKind;

std::vector<TableSpec> make_tables() {
  return {
      {"units",
       {{"name", CT::kText}, {"short_name", CT::kText}, {"kind", CT::kText},
        {"parent_id", CT::kText, MK::kPlain, {}, {}, {}, "units"}, {"ordinal", CT::kInteger}},
       true},
      {"plans",
       {{"year", CT::kInteger}, {"title", CT::kText}, {"issuer_id", CT::kText, MK::kPlain, {}, {}, {}, "units"},
        {"issued_on", CT::kText}, {"signed_by", CT::kText}, {"signer_title", CT::kText},
        {"intro_md", CT::kText}, {"purpose_md", CT::kText}, {"requirements_md", CT::kText},
        {"organisation_md", CT::kText}},
       true},
      {"tasks",
       {{"plan_id", CT::kText, MK::kPlain, {}, {}, {}, "plans"}, {"quarter", CT::kInteger, MK::kPlain, {}, 1, 4},
        {"ordinal", CT::kInteger}, {"content", CT::kText}, {"due", CT::kText}},
       true},
      {"award_kinds",
       {{"name", CT::kText},
        {"level", CT::kText, MK::kPlain, {"province", "state"}},
        {"signer", CT::kText, MK::kPlain, {"chu-tich-ubnd-tinh", "thu-tuong", "chu-tich-nuoc"}},
        {"nominee_kinds", CT::kText},
        {"ordinal", CT::kInteger}},
       true},
      {"council_sessions",
       {{"year", CT::kInteger},
        {"quarter", CT::kInteger, MK::kPlain, {}, 1, 4},
        {"held_on", CT::kText},
        {"title", CT::kText},
        {"place", CT::kText},
        {"status", CT::kText, MK::kPlain, {"planned", "held"}}},
       true},
      {"task_units",
       {{"task_id", CT::kText, MK::kPlain, {}, {}, {}, "tasks"}, {"unit_id", CT::kText, MK::kPlain, {}, {}, {}, "units"}, {"role", CT::kText},
        {"ordinal", CT::kInteger}},
       true},
      {"progress",
       {{"task_id", CT::kText, MK::kPlain, {}, {}, {}, "tasks"},
        {"unit_id", CT::kText, MK::kPlain, {}, {}, {}, "units"},
        {"status", CT::kText, MK::kProgress, {"not_started", "blocked", "in_progress", "done"}},
        {"percent", CT::kInteger, MK::kProgress, {}, 0, 100},
        {"note_md", CT::kText, MK::kText},
        {"reported_on", CT::kText},
        {.name = "public_note_md", .type = CT::kText, .merge = MK::kText, .review_only = true}},
       false},
      {"stories",
       {{"unit_id", CT::kText, MK::kPlain, {}, {}, {}, "units"},
        {"title", CT::kText, MK::kText},
        {"subject", CT::kText, MK::kText},
        {"category", CT::kText, MK::kPlain, {"individual", "collective", "business"}},
        {"body_md", CT::kText, MK::kText},
        {"cover_hash", CT::kText},
        {.name = "status",
         .type = CT::kText,
         .merge = MK::kProgress,
         .allowed = {"draft", "submitted", "rejected", "approved", "published"},
         .decisions = {"rejected", "approved", "published"}},
        {.name = "review_note", .type = CT::kText, .merge = MK::kText, .review_only = true},
        {"created_on", CT::kText},
        {.name = "published_on", .type = CT::kText, .review_only = true}},
       false},
      {"story_photos",
       {{"story_id", CT::kText, MK::kPlain, {}, {}, {}, "stories"}, {"blob_hash", CT::kText}, {"alt", CT::kText, MK::kText},
        {"ordinal", CT::kInteger}},
       false},
      {"nominations",
       {{"unit_id", CT::kText, MK::kPlain, {}, {}, {}, "units"},
        {"nominee", CT::kText, MK::kText},
        {"nominee_kind", CT::kText, MK::kPlain, {"individual", "collective", "business", "entrepreneur"}},
        {"award", CT::kText, MK::kText},
        {"achievement_md", CT::kText, MK::kText},
        {.name = "status",
         .type = CT::kText,
         .merge = MK::kProgress,
         .allowed = {"submitted", "rejected", "appraised", "approved", "forwarded"},
         .decisions = {"rejected", "appraised", "approved", "forwarded"}},
        {.name = "council_session", .type = CT::kText, .review_only = true},
        {.name = "decision_no", .type = CT::kText, .review_only = true},
        {.name = "decided_on", .type = CT::kText, .review_only = true},
        {.name = "review_note", .type = CT::kText, .merge = MK::kText, .review_only = true},
        {"award_kind", CT::kText, MK::kPlain, {}, {}, {}, "award_kinds"},
        {.name = "session_id", .type = CT::kText, .references = "council_sessions", .review_only = true},
        {.name = "appraisal_note", .type = CT::kText, .merge = MK::kText, .review_only = true},
        {.name = "appraised_on", .type = CT::kText, .review_only = true},
        {.name = "signing_level",
         .type = CT::kText,
         .allowed = {"chu-tich-ubnd-tinh", "thu-tuong", "chu-tich-nuoc"},
         .review_only = true},
        {.name = "forwarded_on", .type = CT::kText, .review_only = true},
        {.name = "centre_result", .type = CT::kText, .allowed = {"conferred", "declined"}, .review_only = true}},
       false},
      {"nomination_documents",
       {{"nomination_id", CT::kText, MK::kPlain, {}, {}, {}, "nominations"},
        {"blob_hash", CT::kText},
        {"kind", CT::kText, MK::kPlain, {"to-trinh", "bien-ban", "bao-cao-thanh-tich", "khac"}},
        {"file_name", CT::kText, MK::kText},
        {"ordinal", CT::kInteger}},
       false},
  };
}

// SELECT that yields the HLC the cell had before this edit, or NULL.
std::string base_of(std::string_view table, std::string_view column) {
  return "(SELECT thidua_cell_hlc(cells, '" + std::string(column) + "') FROM sync_rows WHERE tbl='" +
         std::string(table) + "' AND pk=NEW.id)";
}

std::string outbox_insert(std::string_view table, std::string_view column, std::string_view value,
                          std::string_view where) {
  std::string sql = "  INSERT INTO sync_outbox(tbl, pk, col, val, hlc, base) SELECT '";
  sql += table;
  sql += "', NEW.id, '";
  sql += column;
  sql += "', ";
  sql += value;
  sql += ", m.hlc, ";
  sql += base_of(table, column);
  sql += " FROM sync_meta m";
  if (!where.empty()) {
    sql += " WHERE ";
    sql += where;
  }
  sql += ";\n";
  return sql;
}

std::string triggers_for(const TableSpec& t) {
  const std::string name(t.name);
  const std::string capturing = "(SELECT applying FROM sync_meta) = 0";
  const std::string tick = "  UPDATE sync_meta SET hlc = thidua_hlc_next(hlc);\n";
  std::string sql;

  sql += "DROP TRIGGER IF EXISTS " + name + "_capture_insert;\n";
  sql += "CREATE TRIGGER " + name + "_capture_insert AFTER INSERT ON " + name + " WHEN " +
         capturing + " BEGIN\n" + tick;
  sql += outbox_insert(name, kRowColumn, "1", "");
  for (const auto& c : t.columns) {
    std::string col = sql::quote_ident(c.name);
    // A new row's NULL cells carry nothing a peer does not already assume.
    sql += outbox_insert(name, c.name, "NEW." + col, "NEW." + col + " IS NOT NULL");
  }
  sql += "END;\n";

  std::string changed;
  for (const auto& c : t.columns) {
    std::string col = sql::quote_ident(c.name);
    if (!changed.empty()) changed += " OR ";
    changed += "OLD." + col + " IS NOT NEW." + col;
  }
  sql += "DROP TRIGGER IF EXISTS " + name + "_capture_update;\n";
  sql += "CREATE TRIGGER " + name + "_capture_update AFTER UPDATE ON " + name + " WHEN " +
         capturing + " AND (" + changed + ") BEGIN\n" + tick;
  for (const auto& c : t.columns) {
    std::string col = sql::quote_ident(c.name);
    sql += outbox_insert(name, c.name, "NEW." + col, "OLD." + col + " IS NOT NEW." + col);
  }
  sql += "END;\n";

  sql += "DROP TRIGGER IF EXISTS " + name + "_capture_delete;\n";
  sql += "CREATE TRIGGER " + name + "_capture_delete AFTER DELETE ON " + name + " WHEN " +
         capturing + " BEGIN\n" + tick;
  // NEW is not available in a delete trigger; the base subquery needs it.
  std::string del = outbox_insert(name, kRowColumn, "0", "");
  for (size_t p; (p = del.find("NEW.id")) != std::string::npos;) del.replace(p, 6, "OLD.id");
  sql += del + "END;\n";

  // Ids name a row on every node; changing one would orphan its cells.
  sql += "DROP TRIGGER IF EXISTS " + name + "_id_immutable;\n";
  sql += "CREATE TRIGGER " + name + "_id_immutable BEFORE UPDATE OF id ON " + name +
         " WHEN OLD.id IS NOT NEW.id BEGIN SELECT RAISE(ABORT, 'the id of a " + name +
         " row cannot change'); END;\n";
  return sql;
}

}  // namespace

const ColumnSpec* TableSpec::find(std::string_view column) const {
  for (const auto& c : columns)
    if (c.name == column) return &c;
  return nullptr;
}

const std::vector<TableSpec>& synced_tables() {
  static const std::vector<TableSpec> tables = make_tables();
  return tables;
}

const TableSpec* find_table(std::string_view name) {
  for (const auto& t : synced_tables())
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

// The length of the well-formed sequence that starts at p (its lead byte
// not ASCII), or 0 when there is none: the ranges of the Unicode standard's
// table 3-7, which leave out overlong forms, surrogates and values past
// U+10FFFF.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  auto in = [&](std::size_t k, unsigned lo, unsigned hi) { return p + k < end && p[k] >= lo && p[k] <= hi; };
  const unsigned c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

}  // namespace

// Every pushed text cell passes here (issue 10): ASCII is read eight bytes
// at a time, and a word holding another byte skips its ASCII head at once.
bool is_valid_utf8(std::string_view s) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & kHigh) == 0) {
        p += 8;
        continue;
      }
      if constexpr (std::endian::native == std::endian::little) p += std::countr_zero(w & kHigh) / 8;
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const std::size_t n = utf8_sequence(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

// The messages name "table.column"; it is built only for a refusal, as
// these checks run for every cell a sync merges.
Status check_id(const TableSpec& table, const std::string& id, bool utf8_known) {
  auto refuse = [&](std::string_view why) { return Status::invalid(std::string(table.name) + ".id" + std::string(why)); };
  if (id.empty()) return refuse(" để trống");
  if (id.size() > 200) return refuse(" dài quá 200 byte");
  if (!utf8_known && !is_valid_utf8(id)) return refuse(" không phải văn bản UTF-8 hợp lệ");
  return Status::ok();
}

Status check_value(const TableSpec& table, const ColumnSpec& column, const Value& value, bool utf8_known) {
  auto refuse = [&](const std::string& why) {
    return Status::invalid(std::string(table.name) + "." + std::string(column.name) + why);
  };
  if (is_null(value)) return Status::ok();
  if (column.type == ColumnType::kInteger) {
    const auto* n = std::get_if<std::int64_t>(&value);
    if (!n) return refuse(" phải là số nguyên, không phải " + describe(value));
    if ((column.min && *n < *column.min) || (column.max && *n > *column.max)) {
      return refuse(" phải từ " + std::to_string(column.min.value_or(0)) + " đến " +
                    std::to_string(column.max.value_or(0)) + ", không phải " + std::to_string(*n));
    }
    return Status::ok();
  }
  const auto* s = std::get_if<std::string>(&value);
  if (!s) return refuse(" phải là văn bản, không phải " + describe(value));
  if (!utf8_known && !is_valid_utf8(*s)) return refuse(" không phải văn bản UTF-8 hợp lệ");
  if (s->size() > kMaxTextBytes) return refuse(" dài quá " + std::to_string(kMaxTextBytes) + " byte");
  if (!column.allowed.empty()) {
    for (auto a : column.allowed)
      if (a == *s) return Status::ok();
    std::string list;
    for (auto a : column.allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return refuse(" phải là một trong các giá trị " + list + ", không phải " + describe(value));
  }
  return Status::ok();
}

std::string capture_triggers_sql() {
  std::string sql;
  for (const auto& t : synced_tables()) sql += triggers_for(t);
  return sql;
}

}  // namespace thidua
