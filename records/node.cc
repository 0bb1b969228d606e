#include "records/node.h"

#include <algorithm>
#include <chrono>
#include <string_view>

#include "common/text.h"
#include "common/vietnam_time.h"
#include "records/internal/checks.h"
#include "store/node_store.h"
#include "store/schema.h"

namespace thidua {

Result<NodeIdentity> node_identity(Store& store) {
  auto config = NodeStore(store).node_config();
  if (!config) return config.status();
  if (!*config) {
    return Status::not_found(
        "cơ sở dữ liệu này chưa được thiết lập cho một đơn vị; hãy chạy `thidua node init` trước");
  }
  return NodeIdentity{store.node_id(), (*config)->unit_id, (*config)->role};
}

namespace records_internal {

Status check_text(const std::string& label, const std::string& value, bool required) {
  if (required && is_blank(value)) {
    return Status::invalid(label + " không được để trống");
  }
  if (!is_valid_utf8(value)) return Status::invalid(label + " không phải văn bản UTF-8 hợp lệ");
  if (value.size() > kMaxTextBytes) {
    return Status::invalid(label + " dài quá " + std::to_string(kMaxTextBytes / 1024) + " KB (" +
                           std::to_string(value.size()) + " byte)");
  }
  return Status::ok();
}

// Vietnam's date, not UTC's: from midnight to 07:00 in Hà Giang UTC still
// has yesterday, and a clerk's record is dated on the clerk's calendar.
std::string date_or_today(const std::string& date) { return date.empty() ? vietnam_today() : date; }

Status check_past_date(const std::string& label, const std::string& date,
                       const std::string& today) {
  const std::string what =
      label + " phải là một ngày có thật, dạng NĂM-THÁNG-NGÀY (ví dụ 2021-12-02), không phải \"" +
      date + "\"";
  const bool shape = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                     std::all_of(date.begin(), date.end(),
                                 [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shape) return Status::invalid(what);
  const std::chrono::year_month_day ymd{
      std::chrono::year{std::stoi(date.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
  if (!ymd.ok() || ymd.year() < std::chrono::year{1945}) return Status::invalid(what);
  // ISO dates of one shape order as text.
  if (date > date_or_today(today)) {
    return Status::invalid(label + " " + date + " chưa tới (hôm nay là " + date_or_today(today) +
                           ")");
  }
  return Status::ok();
}

Result<Row> require_row(Store& store, const std::string& table, const std::string& id,
                        const std::string& what) {
  auto row = store.get(table, id);
  if (!row) return row.status();
  if (!*row) return Status::not_found("không có " + what + " " + id);
  return std::move(**row);
}

std::string text_of(const Row& row, const std::string& column) {
  auto it = row.find(column);
  if (it == row.end()) return {};
  const auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : std::string();
}

std::int64_t int_of(const Row& row, const std::string& column) {
  auto it = row.find(column);
  if (it == row.end()) return 0;
  const auto* i = std::get_if<std::int64_t>(&it->second);
  return i ? *i : 0;
}

Status require_unit(Store& store, const std::string& unit_id) {
  auto unit = store.get("units", unit_id);
  if (!unit) return unit.status();
  if (!*unit) {
    return Status::invalid(
        "đơn vị " + unit_id +
        " của nút này chưa có trong danh mục đơn vị; hãy đồng bộ (`thidua node sync`) "
        "để nhận danh mục rồi làm lại");
  }
  return Status::ok();
}

Status require_province(Store& store, const std::string& action) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  if (node.is_province()) return Status::ok();
  return Status::invalid("chỉ cấp tỉnh được " + action + "; nút này thuộc " + node.unit_id +
                         " (cấp huyện)");
}

std::string status_label(const std::string& status) {
  static const std::pair<const char*, const char*> kLabels[] = {
      {"draft", "bản nháp"},
      {"submitted", "đã gửi"},
      {"rejected", "bị trả lại"},
      {"approved", "đã duyệt"},
      {"published", "đã đăng"},
      {"appraised", "đã thẩm định"},
      {"forwarded", "đã trình lên cấp trên"}};
  for (const auto& [code, label] : kLabels)
    if (status == code) return std::string(label) + " (" + status + ")";
  return "\"" + status + "\"";
}

}  // namespace records_internal
}  // namespace thidua
