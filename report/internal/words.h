// Internal to report/: the model's codes in the words of an administrative
// report, shared by the HTML and .xlsx writers so both say the same.
#pragma once

#include <string>

#include "report/model.h"

namespace thidua::report_internal {

std::string phase_words(TaskPhase phase);     // "Hoàn thành", ...
std::string level_words(const std::string& level);  // "Cấp tỉnh", "Cấp Nhà nước"
std::string nominee_kind_words(const std::string& kind);  // "Cá nhân", ...
std::string category_words(const std::string& category);  // a story's
std::string signer_words(const std::string& signing_level);  // "Chủ tịch UBND tỉnh", ...
std::string centre_result_words(const std::string& result);  // "" -> "Chưa có kết quả"
std::string date_vi(const std::string& iso);  // "2021-06-30" -> "30/06/2021"; other text as is
std::string roman(int n);                     // 1..4 -> "I".."IV"

// "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2021 và ...".
std::string report_title(const report::Period& p);
// "6 tháng đầu năm 2021", "9 tháng đầu năm 2021", "năm 2021".
std::string period_words(const report::Period& p);
// Section III's heading, without its number: "PHƯƠNG HƯỚNG, NHIỆM VỤ ...".
std::string next_heading(const report::Period& p);
// "6 tháng cuối năm 2021", "quý IV năm 2021", "năm 2022".
std::string next_period_words(const report::Period& p);

// Vietnamese text in capitals (the issuing body in the heading): the
// letters of Vietnamese, with their diacritics; everything else as is.
std::string upper_vi(const std::string& text);

}  // namespace thidua::report_internal
