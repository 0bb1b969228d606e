// The primitives of JsonScanner (json_scanner.h): strings with every JSON
// escape, numbers as the parser keeps them, values of a cell.
#include "sync/protocol/internal/json_scanner.h"

#include <bit>
#include <charconv>
#include <cmath>

#include "store/schema.h"
#include "sync/protocol/internal/json_read.h"

namespace thidua::protocol_internal {
namespace {

void append_utf8(std::string* out, std::uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}


// The bytes a string's scan stops at: '"', '\\' and the controls below
// 0x20, as a mask with the high bit of each such byte of the word set. Only
// its lowest set bit is exact (a borrow may flag a byte above it), and only
// that one is used. Little-endian words only (see string()).
std::uint64_t stops(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto zero = [&](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return zero(w ^ (kOnes * '"')) | zero(w ^ (kOnes * '\\')) | below_space;
}

}  // namespace

bool JsonScanner::take_counted(char c) {
  if (!take(c)) return false;
  if (++values_ > kMaxValues) over_ = true;
  return true;
}

bool JsonScanner::hex4(std::uint32_t* out) {
  if (end_ - p_ < 4) return false;
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = *p_++;
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  *out = v;
  return true;
}

// After the backslash. A surrogate must come as a pair, high then low, as
// the parser requires.
bool JsonScanner::escape(std::string* out) {
  if (p_ == end_) return false;
  char c = *p_++;
  switch (c) {
    case '"':
    case '\\':
    case '/':
      out->push_back(c);
      return true;
    case 'b':
      out->push_back('\b');
      return true;
    case 'f':
      out->push_back('\f');
      return true;
    case 'n':
      out->push_back('\n');
      return true;
    case 'r':
      out->push_back('\r');
      return true;
    case 't':
      out->push_back('\t');
      return true;
    case 'u':
      break;
    default:
      return false;
  }
  std::uint32_t cp = 0;
  if (!hex4(&cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    std::uint32_t low = 0;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
    p_ += 2;
    if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(out, cp);
  return true;
}

// A string into *out. The parser checks the bytes as sent, escapes being
// ASCII: so does this, on the whole run between the quotes.
bool JsonScanner::string(std::string* out) {
  if (!take('"')) return false;
  out->clear();
  const char* start = p_;
  const char* run = p_;  // bytes not yet copied
  bool ascii = true;
  while (true) {
    // Eight plain bytes at a time (most of a story's body): a word's bytes
    // past the stop may mark the text non-ASCII, which costs only the
    // UTF-8 check below.
    if constexpr (std::endian::native == std::endian::little) {
      while (end_ - p_ >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p_, 8);
        if (w & 0x8080808080808080ULL) ascii = false;
        const std::uint64_t stop = stops(w);
        if (stop == 0) {
          p_ += 8;
          continue;
        }
        p_ += std::countr_zero(stop) / 8;
        break;
      }
    }
    if (p_ == end_) return false;
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') break;
    if (c < 0x20) return false;
    if (c == '\\') {
      out->append(run, p_);
      ++p_;
      if (!escape(out)) return false;
      run = p_;
      continue;
    }
    if (c >= 0x80) ascii = false;
    ++p_;
  }
  out->append(run, p_);
  if (!ascii && !is_valid_utf8(std::string_view(start, static_cast<std::size_t>(p_ - start))))
    return false;
  ++p_;
  return true;
}

// A member name, as sent: one with an escape matches no known name anyway.
bool JsonScanner::key(std::string_view* out) {
  if (!take('"')) return false;
  const char* start = p_;
  while (p_ < end_ && *p_ != '"') ++p_;
  if (p_ == end_) return false;
  *out = std::string_view(start, static_cast<std::size_t>(p_ - start));
  ++p_;
  return take(':');
}

// A JSON number. Whole (no fraction, no exponent) into *n when it has at
// most 19 digits and fits an int64, and is not "-0"; else into *d when it
// is a finite double. Anything else gives up: the parser keeps larger
// whole numbers as unsigned or as doubles, which the DOM decoder words.
bool JsonScanner::number(bool* whole, std::int64_t* n, double* d) {
  skip_space();
  const char* start = p_;
  const bool negative = p_ < end_ && *p_ == '-';
  if (negative) ++p_;
  const char* digits = p_;
  while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
  const auto count = p_ - digits;
  if (count == 0 || (*digits == '0' && count > 1)) return false;
  bool fraction = false;
  if (p_ < end_ && *p_ == '.') {
    const char* after = ++p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == after) return false;
    fraction = true;
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    const char* after = p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    if (p_ == after) return false;
    fraction = true;
  }
  *whole = !fraction;
  if (fraction) {
    auto [end, ec] = std::from_chars(start, p_, *d);
    return ec == std::errc() && end == p_ && std::isfinite(*d);
  }
  if (count > 19) return false;
  std::uint64_t u = 0;
  for (const char* c = digits; c < p_; ++c) u = u * 10 + static_cast<std::uint64_t>(*c - '0');
  if (negative) {
    if (u == 0 || u > std::uint64_t{1} << 63) return false;
    *n = static_cast<std::int64_t>(0 - u);
  } else {
    if (u > static_cast<std::uint64_t>(kInt64Max)) return false;
    *n = static_cast<std::int64_t>(u);
  }
  return true;
}

bool JsonScanner::whole(std::int64_t min, std::int64_t max, std::int64_t* out) {
  bool is_whole = false;
  double d = 0;
  return number(&is_whole, out, &d) && is_whole && *out >= min && *out <= max;
}

bool JsonScanner::value(Value* out) {
  skip_space();
  if (p_ == end_) return false;
  if (*p_ == '"') {
    std::string s;
    if (!string(&s)) return false;
    *out = std::move(s);
    return true;
  }
  if (*p_ == 'n') {
    *out = std::monostate{};
    return literal("null");
  }
  bool is_whole = false;
  std::int64_t n = 0;
  double d = 0;
  if (!number(&is_whole, &n, &d)) return false;
  if (is_whole) {
    *out = n;
  } else {
    *out = d;
  }
  return true;
}

}  // namespace thidua::protocol_internal
