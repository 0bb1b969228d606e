#include "records/conflict_view.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "records/internal/checks.h"
#include "records/node.h"
#include "store/schema.h"

namespace thidua {
namespace {

using records_internal::text_of;

struct FieldWords {
  const char* table;
  const char* column;
  const char* words;
};

constexpr FieldWords kFields[] = {
    {"stories", "title", "tiêu đề"},
    {"stories", "subject", "người hoặc tập thể được viết"},
    {"stories", "body_md", "nội dung"},
    {"stories", "category", "loại bài"},
    {"stories", "status", "trạng thái"},
    {"stories", "review_note", "ý kiến của cấp tỉnh"},
    {"story_photos", "alt", "chú thích ảnh"},
    {"nominations", "nominee", "người hoặc tập thể được đề nghị"},
    {"nominations", "nominee_kind", "loại đối tượng (cá nhân, tập thể, doanh nghiệp hay doanh nhân)"},
    {"nominations", "award", "hình thức khen thưởng"},
    {"nominations", "achievement_md", "thành tích"},
    {"nominations", "status", "trạng thái"},
    {"nominations", "review_note", "ý kiến của cấp tỉnh"},
    {"nominations", "award_kind", "loại khen thưởng"},
    {"nominations", "session_id", "phiên họp hội đồng"},
    {"nominations", "appraisal_note", "ý kiến thẩm định"},
    {"nominations", "appraised_on", "ngày thẩm định"},
    {"nominations", "council_session", "phiên họp hội đồng (ghi tay)"},
    {"nominations", "decision_no", "số quyết định"},
    {"nominations", "decided_on", "ngày quyết định"},
    {"nominations", "signing_level", "cấp ký quyết định"},
    {"nominations", "forwarded_on", "ngày trình Trung ương"},
    {"nominations", "centre_result", "kết quả của Trung ương"},
    {"progress", "status", "trạng thái"},
    {"progress", "percent", "tỷ lệ hoàn thành"},
    {"progress", "note_md", "ghi chú"},
};

constexpr std::pair<const char*, const char*> kValueWords[] = {
    {"not_started", "chưa bắt đầu"}, {"in_progress", "đang thực hiện"},
    {"done", "hoàn thành"},          {"blocked", "vướng mắc"},
    {"draft", "bản nháp"},           {"submitted", "đã gửi"},
    {"rejected", "bị trả lại"},      {"approved", "đã duyệt"},
    {"published", "đã đăng"},        {"appraised", "đã thẩm định"},
    {"forwarded", "đã trình lên cấp trên"},
    {"individual", "cá nhân"},       {"collective", "tập thể"},
    {"business", "doanh nghiệp"},   {"entrepreneur", "doanh nhân"},
    {"conferred", "được khen thưởng"}, {"declined", "không được khen thưởng"},
    {"chu-tich-ubnd-tinh", "Chủ tịch UBND tỉnh"}, {"thu-tuong", "Thủ tướng Chính phủ"},
    {"chu-tich-nuoc", "Chủ tịch nước"}};


// The value for a person: an enumerated column's code in words, a percent
// with its sign, an empty cell said as such.
std::string value_text(const std::string& column, const Value& v) {
  if (is_null(v)) return "(trống)";
  const std::string text = as_text(v);
  if (column == "percent" && std::holds_alternative<std::int64_t>(v)) return text + " %";
  if (column == "status" || column == "category" || column == "nominee_kind" || column == "centre_result" ||
      column == "signing_level") {
    for (const auto& [code, words] : kValueWords)
      if (text == code) return words;
  }
  return text.empty() ? "(trống)" : text;
}

// The record a conflict's row belongs to: its kind, its name and its unit.
struct Record {
  std::string kind, name, unit_id;
  std::vector<std::pair<std::string, std::string>> rows;  // (table, id) holding its cells
};

Result<Record> record_of(Store& store, const Conflict& c) {
  Record r;
  r.rows.emplace_back(c.table, c.pk);
  auto row = store.get(c.table, c.pk);
  if (!row) return row.status();
  const Row none;
  const Row& here = *row ? **row : none;
  if (c.table == "stories") {
    r.kind = "Bài điển hình";
    r.name = text_of(here, "title");
    r.unit_id = text_of(here, "unit_id");
  } else if (c.table == "story_photos") {
    r.kind = "Ảnh của bài điển hình";
    const std::string story_id = text_of(here, "story_id");
    auto story = store.get("stories", story_id);
    if (!story) return story.status();
    if (*story) {
      r.name = text_of(**story, "title");
      r.unit_id = text_of(**story, "unit_id");
      r.rows.emplace_back("stories", story_id);
    }
  } else if (c.table == "nominations") {
    r.kind = "Đề nghị khen thưởng";
    r.name = text_of(here, "nominee");
    r.unit_id = text_of(here, "unit_id");
  } else if (c.table == "progress") {
    r.kind = "Báo cáo tiến độ";
    r.unit_id = text_of(here, "unit_id");
    auto task = store.get("tasks", text_of(here, "task_id"));
    if (!task) return task.status();
    if (*task) r.name = text_of(**task, "content");
  } else {
    r.kind = "Dữ liệu " + c.table;
    r.name = c.pk;
  }
  return r;
}

// How many decided records of each status are looked at for who decided:
// enough to meet every province machine that decides, few enough that the
// page stays fast with 10,000 published stories.
constexpr std::size_t kDecisionsSampled = 20;

// The nodes that hold the clock of a decision (a story approved, a
// nomination forwarded...) somewhere in this copy: only the province
// decides (sync/server/authz), so these are the province's machines.
Result<std::set<std::string>> deciding_nodes(Store& store) {
  std::set<std::string> nodes;
  for (const char* table : {"stories", "nominations"}) {
    const ColumnSpec* status = find_table(table)->find("status");
    for (std::string_view decision : status->decisions) {
      // Only the sampled ids are read: 8,000 published stories are not.
      auto ids = store.ids_where(table, "status", Value(std::string(decision)),
                                 static_cast<std::int64_t>(kDecisionsSampled));
      if (!ids) return ids.status();
      for (std::size_t i = 0; i < ids->size() && i < kDecisionsSampled; ++i) {
        auto clock = store.cell_clock(table, (*ids)[i], "status");
        if (!clock) return clock.status();
        if (*clock) nodes.insert((*clock)->node);
      }
    }
  }
  return nodes;
}

// True when `node` holds, on the record's rows, a cell only the province
// writes: a review-only column with a value, or a decision status.
Result<bool> wrote_as_province(Store& store, const Record& record, const std::string& node) {
  for (const auto& [table, id] : record.rows) {
    const TableSpec* spec = find_table(table);
    if (!spec) continue;
    auto cells = store.cells_of_row(table, id);
    if (!cells) return cells.status();
    for (const FeedCell& f : *cells) {
      if (f.cell.node != node) continue;
      const ColumnSpec* col = spec->find(f.cell.column);
      if (!col) continue;
      const std::string value = as_text(f.cell.value);
      if (col->review_only && !value.empty()) return true;
      if (std::find(col->decisions.begin(), col->decisions.end(), value) != col->decisions.end())
        return true;
    }
  }
  return false;
}

// What every side of every conflict is judged by.
struct Judge {
  NodeIdentity me;
  std::set<std::string> deciders;  // deciding_nodes()
};

Result<ConflictSide> side_of(Store& store, const Judge& judge, const Record& record,
                             const std::string& unit_name, const std::string& column,
                             const Value& value, Hlc hlc, const std::string& node) {
  const NodeIdentity& me = judge.me;
  ConflictSide s;
  s.value = value;
  s.text = value_text(column, value);
  s.hlc = hlc;
  s.node = node;
  if (node == me.node_id) {
    s.writer = Writer::kThisMachine;
    s.who = "Máy này";
    return s;
  }
  auto province = judge.deciders.count(node) > 0 ? Result<bool>(true)
                                                : wrote_as_province(store, record, node);
  if (!province) return province.status();
  if (*province) {
    s.writer = Writer::kProvince;
    s.who = "Cấp tỉnh";
  } else if (me.is_province()) {
    s.writer = Writer::kUnit;
    s.who = unit_name.empty() ? "Đơn vị" : unit_name;
  } else {
    s.writer = Writer::kOther;
    s.who = "Máy khác (của đơn vị hoặc của cấp tỉnh)";
  }
  return s;
}

Result<ConflictView> view_of(Store& store, const Judge& judge, const Conflict& c) {
  const NodeIdentity& me = judge.me;
  THIDUA_ASSIGN_OR_RETURN(Record record, record_of(store, c));
  std::string unit_name;
  if (!record.unit_id.empty()) {
    auto unit = store.get("units", record.unit_id);
    if (!unit) return unit.status();
    unit_name = *unit ? text_of(**unit, "name") : record.unit_id;
    if (unit_name.empty()) unit_name = record.unit_id;
  }
  ConflictView v;
  v.id = c.id;
  v.table = c.table;
  v.pk = c.pk;
  v.column = c.column;
  v.kind = record.kind;
  v.name = record.name;
  v.field = field_words(c.table, c.column);
  // A province node holds every unit's records: say whose.
  const std::string whose = me.is_province() && !unit_name.empty() ? " của " + unit_name : "";
  v.what = v.kind + whose + (v.name.empty() ? "" : " «" + v.name + "»") + ", " + v.field;
  const TableSpec* spec = find_table(c.table);
  const ColumnSpec* col = spec ? spec->find(c.column) : nullptr;
  v.mergeable = col && col->merge == MergeKind::kText;
  THIDUA_ASSIGN_OR_RETURN(v.kept, side_of(store, judge, record, unit_name, c.column, c.kept_value,
                                          c.kept_hlc, c.kept_node));
  THIDUA_ASSIGN_OR_RETURN(v.lost, side_of(store, judge, record, unit_name, c.column, c.lost_value,
                                          c.lost_hlc, c.lost_node));
  v.mine_is_lost = c.lost_node == me.node_id;
  v.has_mine = v.mine_is_lost || c.kept_node == me.node_id;
  return v;
}

Result<Judge> judge_of(Store& store) {
  Judge judge;
  THIDUA_ASSIGN_OR_RETURN(judge.me, node_identity(store));
  THIDUA_ASSIGN_OR_RETURN(judge.deciders, deciding_nodes(store));
  return judge;
}

}  // namespace

std::string field_words(const std::string& table, const std::string& column) {
  for (const auto& f : kFields)
    if (table == f.table && column == f.column) return f.words;
  return column;
}

Result<std::vector<ConflictView>> describe_conflicts(Store& store) {
  THIDUA_ASSIGN_OR_RETURN(std::vector<Conflict> open, store.conflicts());
  std::vector<ConflictView> out;
  if (open.empty()) {
    THIDUA_RETURN_IF_ERROR(node_identity(store).status());
    return out;
  }
  THIDUA_ASSIGN_OR_RETURN(Judge judge, judge_of(store));
  out.reserve(open.size());
  for (const Conflict& c : open) {
    THIDUA_ASSIGN_OR_RETURN(ConflictView v, view_of(store, judge, c));
    out.push_back(std::move(v));
  }
  return out;
}

Result<ConflictView> describe_conflict(Store& store, std::int64_t id) {
  THIDUA_ASSIGN_OR_RETURN(std::vector<Conflict> open, store.conflicts());
  for (const Conflict& c : open) {
    if (c.id != id) continue;
    THIDUA_ASSIGN_OR_RETURN(Judge judge, judge_of(store));
    return view_of(store, judge, c);
  }
  THIDUA_RETURN_IF_ERROR(node_identity(store).status());
  return Status::not_found("không có xung đột đang mở số " + std::to_string(id));
}

}  // namespace thidua
