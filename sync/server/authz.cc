// The write guard: what a node may write, per pushed cell (authz.h). What
// a node may read is in read_filter.cc.
#include "sync/server/internal/authz.h"

#include <algorithm>

#include "common/hex.h"
#include "store/nomination_path.h"
#include "store/schema.h"
#include "store/server_store.h"
#include "sync/server/internal/cell_text.h"

namespace thidua {
namespace {

// Columns only the province sets, as the schema marks them (review notes,
// decision details): the merge's conflict rules read the same flag.
bool is_review_field(const TableSpec& table, const std::string& column) {
  const ColumnSpec* c = table.find(column);
  return c && c->review_only;
}

// A status a unit may set on its own row: one of the schema's allowed
// values that is not a decision (those are the province's).
bool unit_may_set_status(const TableSpec& table, const std::string& value) {
  const ColumnSpec* c = table.find("status");
  auto has = [&](const std::vector<std::string_view>& set) {
    return std::find(set.begin(), set.end(), value) != set.end();
  };
  return c && has(c->allowed) && !has(c->decisions);
}

Status refuse(const std::string& why) { return Status::invalid(why); }

}  // namespace

WriteGuard::WriteGuard(Store& store, Principal who, const std::vector<RemoteCell>& batch)
    : store_(store), who_(std::move(who)) {
  for (const auto& c : batch) {
    if (c.column == "unit_id" || c.column == "story_id" || c.column == "nomination_id") {
      batch_[{c.table, c.pk, c.column}] = c.value;
    }
    if (c.table == "nominations" && c.column != kRowColumn) nomination_cells_[c.pk][c.column] = c.value;
    if (c.column == "_row" && c.value == Value{std::int64_t{1}} && find_table(c.table)) {
      auto existing = store_.get(c.table, c.pk);
      if (existing && !*existing) created_.insert({c.table, c.pk});
    }
  }
}

Result<std::optional<Row>> WriteGuard::row(const std::string& table, const std::string& pk) {
  if (read_ && read_->first.first == table && read_->first.second == pk) return read_->second;
  auto stored = store_.get(table, pk);
  if (!stored) return stored.status();
  read_.emplace(RowKey{table, pk}, *stored);
  return *stored;
}

// The unit a row belongs to: from the stored row, else from this batch.
Result<std::optional<std::string>> WriteGuard::unit_of(const std::string& table, const std::string& pk) {
  if (last_unit_ && last_unit_->first.second == pk && last_unit_->first.first == table) {
    return std::optional<std::string>(last_unit_->second);
  }
  auto known = units_.find({table, pk});
  if (known != units_.end()) {
    last_unit_ = &*known;
    return std::optional<std::string>(known->second);
  }
  if (table == "story_photos") {
    auto story = photo_story(pk);
    if (!story) return story.status();
    if (story->empty()) return std::optional<std::string>();
    return unit_of("stories", *story);
  }
  if (table == "nomination_documents") {
    auto nomination = document_nomination(pk);
    if (!nomination) return nomination.status();
    if (nomination->empty()) return std::optional<std::string>();
    return unit_of("nominations", *nomination);
  }
  auto stored = row(table, pk);
  if (!stored) return stored.status();
  std::string unit = text_of(*stored, "unit_id");
  if (unit.empty()) {
    auto it = batch_.find({table, pk, "unit_id"});
    if (it != batch_.end()) unit = text_of(it->second);
  }
  if (unit.empty()) return std::optional<std::string>();
  last_unit_ = &*units_.insert_or_assign(RowKey{table, pk}, unit).first;
  return std::optional<std::string>(unit);
}

Result<std::string> WriteGuard::stored_status(const std::string& table, const std::string& pk) {
  if (last_status_ && last_status_->first.second == pk && last_status_->first.first == table) {
    return last_status_->second;
  }
  auto key = std::pair{table, pk};
  auto it = statuses_.find(key);
  if (it == statuses_.end()) {
    auto stored = row(table, pk);
    if (!stored) return stored.status();
    it = statuses_.emplace(std::move(key), text_of(*stored, "status")).first;
  }
  last_status_ = &*it;
  return it->second;
}

Result<std::string> WriteGuard::photo_story(const std::string& pk) {
  auto photo = row("story_photos", pk);
  if (!photo) return photo.status();
  std::string story = text_of(*photo, "story_id");
  if (story.empty()) {
    auto it = batch_.find({"story_photos", pk, "story_id"});
    if (it != batch_.end()) story = text_of(it->second);
  }
  return story;
}

// Dossier documents (issue 13): a nomination_documents row is its
// nomination's, as a story_photos row is its story's.
Result<std::string> WriteGuard::document_nomination(const std::string& pk) {
  auto doc = row("nomination_documents", pk);
  if (!doc) return doc.status();
  std::string nomination = text_of(*doc, "nomination_id");
  if (nomination.empty()) {
    auto it = batch_.find({"nomination_documents", pk, "nomination_id"});
    if (it != batch_.end()) nomination = text_of(it->second);
  }
  return nomination;
}

// Ok when `nomination` is the writer's own and still open to a district
// (submitted or rejected: records/nominations.h, nomination_open_to_unit).
Status WriteGuard::check_nomination_writable(const std::string& nomination) {
  auto unit = unit_of("nominations", nomination);
  if (!unit) return unit.status();
  if (!*unit) return refuse("không xác định được đơn vị của đề nghị " + describe(nomination));
  if (**unit != who_.unit_id) return refuse("đề nghị " + describe(nomination) + " thuộc đơn vị khác (" + **unit + ")");
  auto status = stored_status("nominations", nomination);
  if (!status) return status.status();
  if (!nomination_path::open_to_unit(*status)) {
    return refuse("đề nghị " + describe(nomination) + " đã được xét (" + *status + "); không thêm, bỏ hay sửa tài liệu được nữa");
  }
  return Status::ok();
}

// A document cell: the nomination it hangs on now and the one the cell
// moves it to are both the writer's own and open; its hash is a SHA-256.
Status WriteGuard::check_document_cell(const RemoteCell& cell) {
  auto current = document_nomination(cell.pk);
  if (!current) return current.status();
  THIDUA_RETURN_IF_ERROR(check_nomination_writable(*current));
  const std::string& value = text_of(cell.value);
  if (cell.column == "nomination_id") {
    if (value.empty()) return refuse("tài liệu " + describe(cell.pk) + " phải thuộc một đề nghị");
    THIDUA_RETURN_IF_ERROR(check_nomination_writable(value));
  }
  if (cell.column == "blob_hash" && !is_sha256_hex(value)) {
    return refuse("nomination_documents.blob_hash phải là mã SHA-256 của tài liệu (64 chữ số hex)");
  }
  return Status::ok();
}

Status WriteGuard::check_story_writable(const std::string& story) {
  auto unit = unit_of("stories", story);
  if (!unit) return unit.status();
  if (!*unit) return refuse("không xác định được đơn vị của bài " + describe(story));
  if (**unit != who_.unit_id) return refuse("bài " + describe(story) + " thuộc đơn vị khác (" + **unit + ")");
  auto status = stored_status("stories", story);
  if (!status) return status.status();
  if (*status == "approved" || *status == "published") {
    return refuse("bài " + describe(story) + " đã được duyệt; muốn sửa, xin liên hệ cấp tỉnh");
  }
  return Status::ok();
}

// The columns that point elsewhere, judged on the value the cell brings
// (the row's current owner was checked by the caller). See authz.h.
Status WriteGuard::check_reference_columns(const RemoteCell& cell) {
  const std::string& value = text_of(cell.value);
  if (cell.table == "story_photos" && cell.column == "story_id") {
    if (value.empty()) return refuse("ảnh " + describe(cell.pk) + " phải thuộc một bài");
    THIDUA_RETURN_IF_ERROR(check_story_writable(value));
  }
  if ((cell.table == "story_photos" && cell.column == "blob_hash") ||
      (cell.table == "stories" && cell.column == "cover_hash")) {
    if (!is_null(cell.value) && !value.empty() && !is_sha256_hex(value)) {
      return refuse(cell.table + "." + cell.column + " phải là mã SHA-256 của ảnh (64 chữ số hex)");
    }
  }
  if (cell.table == "progress" && cell.column == "task_id") {
    const std::string task = cell.pk.substr(0, cell.pk.size() - who_.unit_id.size() - 1);
    if (value != task) return refuse("tiến độ " + describe(cell.pk) + " chỉ thuộc nhiệm vụ " + task);
  }
  return Status::ok();
}

// --- The province's nominations path (issue 13; rules in authz.h) ---
// Judged by the one table records/ judges by too (store/nomination_path.h).

namespace {

namespace path = nomination_path;

std::string cell_text(const Row& row, const char* column) {
  auto it = row.find(column);
  return it == row.end() ? std::string() : text_of(it->second);
}

// What the server judges of a status's needs: all of them once the agenda
// rule holds on every path (nomination_path.h, kAgendaOnEveryPath).
constexpr unsigned kJudgedNeeds =
    path::kAgendaOnEveryPath ? ~0u : ~static_cast<unsigned>(path::kOnAgenda);

// Why a path field may not hold a value on the row as it stands.
std::string field_refusal(const std::string& c, const path::Facts& row) {
  if (c == "appraised_on" || c == "appraisal_note" || c == "session_id") {
    return c + " chỉ ghi cho đề nghị đã thẩm định (đang " + row.status + ")";
  }
  if (c == "forwarded_on" || c == "centre_result") {
    return c + " chỉ ghi cho đề nghị cấp nhà nước đã trình Trung ương";
  }
  if (c == "decided_on") {
    return "ngày quyết định chỉ ghi khi hội đồng đã quyết định (đang " + row.status + ")";
  }
  return c + " chỉ ghi cho quyết định của tỉnh (đã duyệt, cấp tỉnh) hoặc của Trung ương";
}

}  // namespace

Result<Row> WriteGuard::nomination_after(const std::string& pk) {
  auto stored = row("nominations", pk);
  if (!stored) return stored.status();
  Row after = *stored ? **stored : Row{};
  auto it = nomination_cells_.find(pk);
  if (it != nomination_cells_.end()) {
    for (const auto& [column, value] : it->second) after[column] = value;
  }
  return after;
}

Result<std::string> WriteGuard::award_level(const Row& nomination) {
  const std::string kind = cell_text(nomination, "award_kind");
  if (kind.empty()) return std::string("province");
  auto stored = row("award_kinds", kind);
  if (!stored) return stored.status();
  return *stored ? text_of(*stored, "level") : std::string("province");
}

Status WriteGuard::check_province_nomination(const RemoteCell& cell) {
  const std::string& value = text_of(cell.value);
  if (value.empty() || !path::is_path_field(cell.column)) return Status::ok();
  const std::string& c = cell.column;
  THIDUA_ASSIGN_OR_RETURN(Row after, nomination_after(cell.pk));
  THIDUA_ASSIGN_OR_RETURN(std::string before, stored_status("nominations", cell.pk));
  THIDUA_ASSIGN_OR_RETURN(std::string level, award_level(after));
  path::Facts row = path::facts_of(after, level);
  const std::string what = "đề nghị " + describe(cell.pk) + ": ";
  if (c == "status") {
    if (!path::reachable(before, value, path::Actor::kProvince)) {
      return refuse(what + "không chuyển ngược từ " + before + " về " + value);
    }
    row.status = value;
    const unsigned lacks = path::missing(row) & kJudgedNeeds;
    if (lacks & path::kAppraisedOn) return refuse(what + value + " cần ngày thẩm định (appraised_on)");
    if (lacks & (path::kStateLevel | path::kForwardedOn)) {
      return refuse(what + "chỉ trình Trung ương khen thưởng cấp nhà nước, có ngày trình (forwarded_on)");
    }
    if (lacks & path::kOnAgenda) {
      return refuse(what + value +
                    " cần được đưa vào một phiên họp hội đồng (session_id): hội đồng chỉ xét hồ "
                    "sơ có trong chương trình phiên họp");
    }
    return Status::ok();
  }
  if (!path::field_allowed(c, row)) return refuse(what + field_refusal(c, row));
  if (c == "signing_level") {
    const path::Decider by = path::decider(row);
    const auto levels = path::signing_levels(by);
    if (std::find(levels.begin(), levels.end(), value) == levels.end()) {
      return refuse(what + "cấp ký " + value + " không hợp với " +
                    (by == path::Decider::kProvince ? "khen thưởng cấp tỉnh" : "quyết định của Trung ương"));
    }
  }
  return Status::ok();
}

// --- end of the province's nominations path ---

Status WriteGuard::check(const RemoteCell& cell) {
  read_.reset();
  if (who_.is_province()) {
    return cell.table == "nominations" ? check_province_nomination(cell) : Status::ok();
  }
  const TableSpec* t = find_table(cell.table);
  if (!t) return Status::ok();  // validation rejects it with its own reason
  if (t->reference) return refuse("dữ liệu kế hoạch và đơn vị chỉ cấp tỉnh được sửa (" + cell.table + ")");
  if (is_review_field(*t, cell.column)) {
    // A district creating a row sends its empty review fields along (the
    // insert captures every non-NULL column); that writes nothing a
    // reviewer wrote. Anything else is the province's.
    // The same cells resent after a lost answer find the row already there:
    // an empty value where the server holds an empty one is still no write.
    bool empty = is_null(cell.value) || text_of(cell.value).empty();
    bool allowed = empty && created_.count({cell.table, cell.pk});
    if (empty && !allowed) {
      auto stored = row(cell.table, cell.pk);
      if (!stored) return stored.status();
      allowed = *stored && text_of(*stored, cell.column.c_str()).empty();
    }
    if (!allowed) {
      return refuse("trường " + cell.table + "." + cell.column + " chỉ cấp tỉnh được ghi");
    }
  }
  auto unit = unit_of(cell.table, cell.pk);
  if (!unit) return unit.status();
  if (!*unit) return refuse("không xác định được đơn vị của " + cell.table + " " + describe(cell.pk));
  if (**unit != who_.unit_id) {
    return refuse(cell.table + " " + describe(cell.pk) + " thuộc đơn vị khác (" + **unit + ")");
  }
  if (cell.column == "unit_id" && text_of(cell.value) != who_.unit_id) {
    return refuse("không thể chuyển " + cell.table + " sang đơn vị khác");
  }
  if (cell.table == "progress") {
    // The id names the task and the unit: one row per task and unit.
    const std::string suffix = ":" + who_.unit_id;
    if (cell.pk.size() <= suffix.size() || cell.pk.compare(cell.pk.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return refuse("mã tiến độ phải có dạng <nhiệm vụ>:" + who_.unit_id);
    }
  }
  THIDUA_RETURN_IF_ERROR(check_reference_columns(cell));
  if (cell.table == "stories" || cell.table == "story_photos") {
    if (cell.table == "story_photos") {
      auto current = photo_story(cell.pk);
      if (!current) return current.status();
      THIDUA_RETURN_IF_ERROR(check_story_writable(*current));
    } else {
      THIDUA_RETURN_IF_ERROR(check_story_writable(cell.pk));
    }
    if (cell.table == "stories" && cell.column == "status") {
      const std::string& to = text_of(cell.value);
      if (!unit_may_set_status(*t, to)) return refuse("chỉ cấp tỉnh được đặt trạng thái bài là " + to);
    }
  }
  if (cell.table == "nomination_documents") THIDUA_RETURN_IF_ERROR(check_document_cell(cell));
  if (cell.table == "nominations") {
    auto stored = stored_status("nominations", cell.pk);
    if (!stored) return stored.status();
    const std::string& status = *stored;
    // The rule records/nominations.h's nomination_open_to_unit reads too.
    if (!nomination_path::open_to_unit(status)) {
      return refuse("đề nghị " + describe(cell.pk) + " đã được xét (" + status + "); không sửa được nữa");
    }
    if (cell.column == "status" && !unit_may_set_status(*t, text_of(cell.value))) {
      return refuse("chỉ cấp tỉnh được đặt trạng thái đề nghị là " + text_of(cell.value));
    }
  }
  return Status::ok();
}

}  // namespace thidua
