// Vietnamese labels and formats for the public site.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace thidua::site {

// "2021-06-30" -> "30/06/2021"; "" or malformed -> "".
std::string date_vi(std::string_view iso_date);
// "2021-06-30T01:12:05.123Z" (UTC) -> "30/06/2021 08:12" (Vietnam, UTC+7).
std::string datetime_vi(std::string_view iso_utc);
// The last day of a quarter: (2021, 2) -> "2021-06-30".
std::string quarter_end(std::int64_t year, int quarter);
// 1..4 -> "I".."IV".
std::string roman(int n);

std::string status_label(std::string_view status);      // "done" -> "Hoàn thành"
std::string category_label(std::string_view category);  // "individual" -> "Cá nhân"
std::string category_slug(std::string_view category);
std::string nominee_kind_label(std::string_view kind);  // "entrepreneur" -> "Doanh nhân"
std::string signer_label(std::string_view signer);      // "thu-tuong" -> "Thủ tướng Chính phủ"   // "individual" -> "ca-nhan"
std::string column_label(std::string_view column);      // "percent" -> "tiến độ"
std::string percent_text(std::optional<std::int64_t> percent);  // 40 -> "40%", none -> "—"

// Text for XML (Atom, sitemap): & < > " ' escaped.
std::string xml_escape(std::string_view s);

// Appends `s` as a JSON string, quotes included: " \ and control
// characters escaped, each run of bytes that is not UTF-8 replaced by
// U+FFFD (never an exception: story text is the district's).
void append_json_string(std::string& out, std::string_view s);

}  // namespace thidua::site
