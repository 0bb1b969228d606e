#include "sitegen/internal/format.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

#include "common/vietnam_time.h"
#include "records/task_state.h"

namespace thidua::site {
namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// The value of a run of ASCII digits already checked by digits().
int number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

std::string date_vi(std::string_view d) {
  if (d.size() < 10 || d[4] != '-' || d[7] != '-' || !digits(d.substr(0, 4)) || !digits(d.substr(5, 2)) ||
      !digits(d.substr(8, 2))) {
    return {};
  }
  return std::string(d.substr(8, 2)) + "/" + std::string(d.substr(5, 2)) + "/" + std::string(d.substr(0, 4));
}

std::string datetime_vi(std::string_view t) {
  if (t.size() < 16 || t[10] != 'T' || !digits(t.substr(11, 2)) || !digits(t.substr(14, 2)) || date_vi(t).empty()) {
    return date_vi(t);
  }
  using namespace std::chrono;
  const int h = number(t.substr(11, 2));
  const int mi = number(t.substr(14, 2));
  // A stored time is written by the store's clock; a hand-edited one with
  // an hour past 23 would roll into the next day, so it shows as a date.
  if (h > 23 || mi > 59) return date_vi(t);
  const year_month_day ymd{year{number(t.substr(0, 4))}, month{static_cast<unsigned>(number(t.substr(5, 2)))},
                           day{static_cast<unsigned>(number(t.substr(8, 2)))}};
  if (!ymd.ok()) return date_vi(t);
  auto local = sys_days{ymd} + kVietnamUtcOffset + hours{h} + minutes{mi};
  const auto day_start = floor<days>(local);
  const year_month_day out{day_start};
  const auto hm = hh_mm_ss{local - day_start};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d %02d:%02d", static_cast<unsigned>(out.day()),
                static_cast<unsigned>(out.month()), static_cast<int>(out.year()), static_cast<int>(hm.hours().count()),
                static_cast<int>(hm.minutes().count()));
  return buf;
}

std::string quarter_end(std::int64_t year, int quarter) {
  return quarter_last_day(year, quarter >= 1 && quarter <= 4 ? quarter : 4);
}

std::string roman(int n) {
  static const char* r[] = {"I", "II", "III", "IV"};
  return n >= 1 && n <= 4 ? r[n - 1] : std::to_string(n);
}

std::string status_label(std::string_view s) {
  if (s == "done") return "Hoàn thành";
  if (s == "in_progress") return "Đang thực hiện";
  if (s == "blocked") return "Gặp vướng mắc";
  if (s == "not_started") return "Chưa thực hiện";
  return std::string(s);
}

std::string category_label(std::string_view c) {
  if (c == "individual") return "Cá nhân";
  if (c == "collective") return "Tập thể";
  if (c == "business") return "Doanh nghiệp";
  return std::string(c);
}

std::string nominee_kind_label(std::string_view k) {
  if (k == "entrepreneur") return "Doanh nhân";
  return category_label(k);
}

std::string signer_label(std::string_view s) {
  if (s == "chu-tich-ubnd-tinh") return "Chủ tịch UBND tỉnh";
  if (s == "thu-tuong") return "Thủ tướng Chính phủ";
  if (s == "chu-tich-nuoc") return "Chủ tịch nước";
  return std::string(s);
}

std::string category_slug(std::string_view c) {
  if (c == "individual") return "ca-nhan";
  if (c == "collective") return "tap-the";
  if (c == "business") return "doanh-nghiep";
  return "khac";
}

std::string column_label(std::string_view c) {
  if (c == "status") return "trạng thái";
  if (c == "percent") return "tiến độ";
  if (c == "note_md" || c == "public_note_md") return "ghi chú";
  if (c == "reported_on") return "ngày báo cáo";
  return std::string(c);
}

std::string percent_text(std::optional<std::int64_t> p) { return p ? std::to_string(*p) + "%" : "—"; }

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace thidua::site
