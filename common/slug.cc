#include "common/slug.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace thidua {
namespace {

// One decoded code point and how many bytes it took. `cp` is nullopt for a
// byte that does not start a well-formed sequence; `len` is then 1, so the
// caller skips exactly that byte and resynchronises on the next.
struct Decoded {
  std::optional<char32_t> cp;
  std::size_t len = 1;
};

Decoded decode_at(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  std::size_t n;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return {};
  }
  if (i + n > s.size()) return {};
  for (std::size_t k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return {};
  }
  return {cp, n};
}

// Every precomposed Vietnamese letter, grouped by the lowercase ASCII
// letter it folds to. Written as text so the table can be checked by eye.
constexpr std::array<std::pair<char, std::string_view>, 14> kLetters = {{
    {'a', "àáảãạăằắẳẵặâầấẩẫậ"},
    {'a', "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
    {'e', "èéẻẽẹêềếểễệ"},
    {'e', "ÈÉẺẼẸÊỀẾỂỄỆ"},
    {'i', "ìíỉĩị"},
    {'i', "ÌÍỈĨỊ"},
    {'o', "òóỏõọôồốổỗộơờớởỡợ"},
    {'o', "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
    {'u', "ùúủũụưừứửữự"},
    {'u', "ÙÚỦŨỤƯỪỨỬỮỰ"},
    {'y', "ỳýỷỹỵ"},
    {'y', "ỲÝỶỸỴ"},
    {'d', "đ"},
    {'d', "Đ"},
}};

// kLetters decoded into code point -> ASCII, sorted for binary search.
const std::vector<std::pair<char32_t, char>>& fold_table() {
  static const std::vector<std::pair<char32_t, char>> table = [] {
    std::vector<std::pair<char32_t, char>> t;
    for (const auto& [ascii, letters] : kLetters) {
      for (std::size_t i = 0; i < letters.size();) {
        Decoded d = decode_at(letters, i);
        t.emplace_back(*d.cp, ascii);
        i += d.len;
      }
    }
    std::sort(t.begin(), t.end());
    return t;
  }();
  return table;
}

// The lowercase ASCII letter a Vietnamese letter folds to, or 0.
char fold_letter(char32_t cp) {
  const auto& t = fold_table();
  auto it = std::lower_bound(t.begin(), t.end(), std::pair<char32_t, char>(cp, 0));
  return it != t.end() && it->first == cp ? it->second : 0;
}

bool is_combining_mark(char32_t cp) { return cp >= 0x0300 && cp <= 0x036F; }

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string slugify(std::string_view text) {
  std::string out;
  bool pending_dash = false;
  auto put = [&](char c) {
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += c;
  };
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode_at(text, i);
    i += d.len;
    if (!d.cp || is_combining_mark(*d.cp)) continue;  // dropped, not a separator
    char32_t cp = *d.cp;
    char c = cp < 0x80 ? ascii_lower(static_cast<char>(cp)) : fold_letter(cp);
    if (c != 0 && is_slug_char(c)) {
      put(c);
    } else {
      pending_dash = true;
    }
  }
  return out;
}

bool is_slug(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '-') {
      if (s[i - 1] == '-') return false;
    } else if (!is_slug_char(s[i])) {
      return false;
    }
  }
  return true;
}

std::string fold_diacritics(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    Decoded d = decode_at(text, i);
    std::string_view bytes = text.substr(i, d.len);
    i += d.len;
    if (!d.cp || is_combining_mark(*d.cp)) continue;
    if (*d.cp < 0x80) {
      out += ascii_lower(static_cast<char>(*d.cp));
    } else if (char c = fold_letter(*d.cp)) {
      out += c;
    } else {
      out += bytes;
    }
  }
  return out;
}

}  // namespace thidua
