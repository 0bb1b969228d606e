#include "webapp/internal/http.h"

#include <cctype>

namespace thidua::webapp {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Well-formed UTF-8 (no overlong forms, no surrogates), as browsers send.
bool is_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80           ? 0
                          : (c >> 5) == 0x6  ? 1
                          : (c >> 4) == 0xe  ? 2
                          : (c >> 3) == 0x1e ? 3
                                             : 9;
    if (n == 9 || i + n >= s.size()) return false;  // not a lead byte, or cut short
    std::uint32_t cp = n == 0 ? c : c & (0x3f >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  if (!is_utf8(out)) return std::nullopt;
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 0xf]};
    }
  }
  return out;
}

Result<std::map<std::string, std::string>> parse_fields(std::string_view encoded) {
  std::map<std::string, std::string> fields;
  while (!encoded.empty()) {
    const std::size_t amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view() : encoded.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!name || !value)
      return Status::invalid("biểu mẫu gửi lên không đọc được (mã hoá sai hoặc không phải UTF-8)");
    if (!fields.emplace(std::move(*name), std::move(*value)).second) {
      return Status::invalid("biểu mẫu gửi lên có một trường hai lần");
    }
  }
  return fields;
}

std::string value_of(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

bool is_file_part(const UploadedFile& part) {
  return !part.filename.empty() || !part.content_type.empty();
}

Result<std::map<std::string, std::string>> text_fields_of(const std::vector<UploadedFile>& parts) {
  std::map<std::string, std::string> fields;
  for (const auto& part : parts) {
    if (is_file_part(part)) continue;
    if (!is_utf8(part.name) || !is_utf8(part.content))
      return Status::invalid("biểu mẫu gửi lên không đọc được (không phải UTF-8)");
    if (!fields.emplace(part.name, part.content).second)
      return Status::invalid("biểu mẫu gửi lên có một trường hai lần");
  }
  return fields;
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> cookies;
  while (!header.empty()) {
    const std::size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    cookies.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
  }
  return cookies;
}

bool host_allowed(std::string_view host, const std::string& listen_host) {
  std::string_view name = host;
  if (!name.empty() && name.front() == '[') {  // [::1]:8080
    const std::size_t close = name.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view rest = name.substr(close + 1);
    name = name.substr(0, close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      host = rest;  // checked as a port below
    } else {
      host = std::string_view();
    }
  } else {
    const std::size_t colon = name.find(':');
    host = colon == std::string_view::npos ? std::string_view() : name.substr(colon);
    name = name.substr(0, colon);
  }
  if (!host.empty()) {  // ":8080"
    if (host.size() < 2 || host.size() > 6) return false;
    for (const char c : host.substr(1)) {
      if (c < '0' || c > '9') return false;
    }
  }
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty()) return false;
  std::string listen = listen_host;
  for (char& c : listen) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // 0.0.0.0 is where the app listens, never a name a browser should use.
  if (lower == listen && listen != "0.0.0.0" && listen != "::" && listen != "[::]") return true;
  return lower == "localhost" || lower == "127.0.0.1" || lower == "[::1]";
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace thidua::webapp
