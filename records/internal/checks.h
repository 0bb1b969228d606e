// Validation and lookups shared by the records operations. Internal to
// records/: messages are Vietnamese sentences for the clerk.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"

namespace thidua::records_internal {

// kInvalid "<label> không được để trống" when `required` and `value` is
// blank (common/text.h's is_blank: Unicode's spaces too); kInvalid when it
// is not UTF-8 or longer than a text cell holds.
Status check_text(const std::string& label, const std::string& value, bool required);

// kInvalid "<label> phải là một trong: a, b, c (không phải "x")".
template <typename List>
Status check_one_of(const std::string& label, const std::string& value, const List& allowed) {
  std::string list;
  for (std::string_view a : allowed) {
    if (value == a) return Status::ok();
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return Status::invalid(label + " phải là một trong: " + list + " (không phải \"" + value + "\")");
}

// `date` when set, else today's date in UTC.
std::string date_or_today(const std::string& date);

// kInvalid naming `label` unless `date` is a real calendar date written
// YYYY-MM-DD, from 1945 on and not after `today` (date_or_today's rule).
Status check_past_date(const std::string& label, const std::string& date, const std::string& today);

// The row, or kNotFound "không có <what> <id>".
Result<Row> require_row(Store& store, const std::string& table, const std::string& id,
                        const std::string& what);

// Text of a column ("" when NULL or absent).
std::string text_of(const Row& row, const std::string& column);
// Integer of a column (0 when NULL, absent or not an integer).
std::int64_t int_of(const Row& row, const std::string& column);

// kInvalid naming the unit when this node's unit is not in `units` yet
// (rows of the unit could not refer to it).
Status require_unit(Store& store, const std::string& unit_id);

// kInvalid "chỉ cấp tỉnh được <action>; nút này thuộc <unit> (cấp huyện)"
// unless this node is the province's; kNotFound without a node identity.
Status require_province(Store& store, const std::string& action);

// kInvalid unless award kind `kind_id` is in this copy and allows
// `nominee_kind` (records/commendation.cc).
Status check_award_kind(Store& store, const std::string& kind_id, const std::string& nominee_kind);

// kConflict: nomination `id` is on no council session's agenda, and the
// council decides only what is (store/nomination_path.h, kOnAgenda).
Status refuse_off_agenda(const std::string& id);

// kConflict: nomination `id` has no appraisal date (store/nomination_path.h,
// kAppraisedOn), so the server would refuse a decision on it; appraise it
// (again) first.
Status refuse_unappraised(const std::string& id);

// "đã duyệt (approved)": a status for people, with its code.
std::string status_label(const std::string& status);

}  // namespace thidua::records_internal
