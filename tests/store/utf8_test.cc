// is_valid_utf8 (store/schema.h), read eight bytes at a time since issue 10:
// against a byte-at-a-time decoder of the definition, on every string of one
// or two bytes and every three-byte string that starts outside ASCII, at each
// position a word of ASCII may put it.
#include <cstdint>
#include <string>
#include <string_view>

#include "doctest/doctest.h"
#include "store/schema.h"

using thidua::is_valid_utf8;

namespace {

// The definition, a code point at a time: no overlong form, no surrogate,
// nothing past U+10FFFF, no sequence cut short.
bool reference(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return false;
    i += n + 1;
  }
  return true;
}

// `bytes` after `pad` ASCII bytes and before `tail` more.
std::string placed(const std::string& bytes, std::size_t pad, std::size_t tail) {
  return std::string(pad, 'a') + bytes + std::string(tail, 'z');
}

}  // namespace

TEST_CASE("is_valid_utf8 accepts exactly well-formed UTF-8, wherever a sequence falls in a word") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("Báo cáo thi đua khen thưởng năm 2026 của huyện Mèo Vạc"));
  CHECK(is_valid_utf8("\xF0\x9F\x93\xB7 ảnh"));
  CHECK_FALSE(is_valid_utf8("Báo cáo\xC3"));             // cut short at the end
  CHECK_FALSE(is_valid_utf8("abcdefgh\xED\xA0\x80xyz"));  // a surrogate
  CHECK_FALSE(is_valid_utf8("abcdefgh\xC0\xAFxyz"));      // overlong "/"
  CHECK_FALSE(is_valid_utf8("abcdefgh\xF4\x90\x80\x80"));  // past U+10FFFF
  // One buffer, its bytes changed in place: millions of cases stay quick.
  int disagree = 0;
  for (std::size_t pad : {0, 1, 7, 8, 9, 15}) {
    for (std::size_t tail : {0, 1, 8}) {
      std::string one = placed("x", pad, tail), two = placed("xy", pad, tail);
      for (unsigned a = 0; a < 256; ++a) {
        one[pad] = two[pad] = static_cast<char>(a);
        disagree += is_valid_utf8(one) != reference(one);
        for (unsigned b = 0; b < 256; ++b) {
          two[pad + 1] = static_cast<char>(b);
          disagree += is_valid_utf8(two) != reference(two);
        }
      }
    }
  }
  std::string three = placed("xyz", 8, 0);
  for (unsigned a = 0x80; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      for (unsigned c = 0; c < 256; ++c) {
        three[8] = static_cast<char>(a), three[9] = static_cast<char>(b), three[10] = static_cast<char>(c);
        disagree += is_valid_utf8(three) != reference(three);
      }
    }
  }
  // Every four-byte lead with the edges of its second byte's range.
  for (unsigned a = 0xF0; a < 256; ++a) {
    for (unsigned b : {0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0}) {
      const std::string four{static_cast<char>(a), static_cast<char>(b), '\x80', '\xBF'};
      disagree += is_valid_utf8(placed(four, 5, 2)) != reference(four);
    }
  }
  CHECK(disagree == 0);
}
