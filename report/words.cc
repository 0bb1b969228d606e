#include "report/internal/words.h"

namespace thidua::report_internal {
namespace {

// The capital of a lower-case letter Vietnamese writes, else `c`.
char32_t upper_of(char32_t c) {
  if (c >= U'a' && c <= U'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;  // à..þ, not ÷
  if (c == 0x103 || c == 0x111 || c == 0x129 || c == 0x169) return c - 1;  // ă đ ĩ ũ
  if (c == 0x1A1 || c == 0x1B0) return c - 1;  // ơ ư
  if (c >= 0x1EA0 && c <= 0x1EF9 && (c & 1)) return c - 1;  // ạ..ỹ
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string upper_vi(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 0;
    if (len == 0 || i + len > text.size()) {  // four-byte or broken sequences: as they are
      out += text[i++];
      continue;
    }
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : (b & 0x0F);
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    append_utf8(out, upper_of(c));
    i += len;
  }
  return out;
}

std::string phase_words(TaskPhase phase) {
  switch (phase) {
    case TaskPhase::kDone: return "Hoàn thành";
    case TaskPhase::kInProgress: return "Đang thực hiện";
    case TaskPhase::kBlocked: return "Gặp vướng mắc";
    case TaskPhase::kNotStarted: return "Chưa thực hiện";
  }
  return {};
}

std::string level_words(const std::string& level) {
  return level == "state" ? "Cấp Nhà nước" : "Cấp tỉnh";
}

std::string nominee_kind_words(const std::string& kind) {
  if (kind == "individual") return "Cá nhân";
  if (kind == "collective") return "Tập thể";
  if (kind == "business") return "Doanh nghiệp";
  if (kind == "entrepreneur") return "Doanh nhân";
  return kind;
}

std::string category_words(const std::string& category) { return nominee_kind_words(category); }

std::string signer_words(const std::string& signing_level) {
  if (signing_level == "chu-tich-ubnd-tinh") return "Chủ tịch UBND tỉnh";
  if (signing_level == "thu-tuong") return "Thủ tướng Chính phủ";
  if (signing_level == "chu-tich-nuoc") return "Chủ tịch nước";
  return signing_level;
}

std::string centre_result_words(const std::string& result) {
  if (result == "conferred") return "Được khen thưởng";
  if (result == "declined") return "Không được khen thưởng";
  return "Chưa có kết quả";
}

std::string date_vi(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string roman(int n) {
  static const char* kRoman[] = {"I", "II", "III", "IV"};
  return n >= 1 && n <= 4 ? kRoman[n - 1] : std::to_string(n);
}

std::string period_words(const report::Period& p) {
  const std::string y = std::to_string(p.year);
  switch (p.kind) {
    case report::Kind::kSixMonths: return "6 tháng đầu năm " + y;
    case report::Kind::kNineMonths: return "9 tháng đầu năm " + y;
    case report::Kind::kYear: return "năm " + y;
  }
  return {};
}

std::string next_period_words(const report::Period& p) {
  const std::string y = std::to_string(p.year);
  switch (p.kind) {
    case report::Kind::kSixMonths: return "6 tháng cuối năm " + y;
    case report::Kind::kNineMonths: return "quý IV năm " + y;
    case report::Kind::kYear: return "năm " + std::to_string(p.year + 1);
  }
  return {};
}

std::string report_title(const report::Period& p) {
  switch (p.kind) {
    case report::Kind::kSixMonths:
      return "Sơ kết công tác thi đua, khen thưởng " + period_words(p) + " và phương hướng, nhiệm vụ " +
             next_period_words(p);
    case report::Kind::kNineMonths:
      return "Kết quả công tác thi đua, khen thưởng " + period_words(p) + " và nhiệm vụ trọng tâm " +
             next_period_words(p);
    case report::Kind::kYear:
      return "Tổng kết công tác thi đua, khen thưởng " + period_words(p) + " và phương hướng, nhiệm vụ " +
             next_period_words(p);
  }
  return {};
}

std::string next_heading(const report::Period& p) {
  return upper_vi(p.kind == report::Kind::kNineMonths ? "Nhiệm vụ trọng tâm " + next_period_words(p)
                                                      : "Phương hướng, nhiệm vụ " + next_period_words(p));
}

}  // namespace thidua::report_internal
