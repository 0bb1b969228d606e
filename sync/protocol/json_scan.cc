// One pass over a sync request body into a SyncRequest (json_scan.h). Every
// check here refuses by giving up (nullopt), never with a message of its
// own: the DOM decoder then runs on the same body and words the failure, so
// the two cannot disagree on what is wrong. Giving up is always safe; only
// what is accepted has to match the DOM decoder exactly.
#include "sync/protocol/internal/json_scan.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "store/schema.h"
#include "sync/protocol/internal/json_read.h"

namespace thidua::protocol_internal {
namespace {

// The members a request may hold, each a bit of Scanner::request's `seen`.
enum Member : unsigned {
  kAttempt,
  kCells,
  kCursor,
  kGeneration,
  kLimit,
  kLineage,
  kOwn,
  kProtocol,
  kSchema,
  kCount
};
constexpr std::string_view kMemberNames[kCount] = {
    "attempt", "cells", "cursor", "generation", "limit", "lineage", "own", "protocol", "schema"};

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

class Scanner {
 public:
  explicit Scanner(std::string_view body) : p_(body.data()), end_(body.data() + body.size()) {}

  bool request(SyncRequest* r);

 private:
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  // The next byte after spaces is c, consumed.
  bool take(char c) {
    skip_space();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // '[', '{' and ',' are counted as check_shape counts them; past its bound
  // the scan gives up (sticky, checked at the end) and the DOM decoder
  // words the refusal.
  bool take_counted(char c) {
    if (!take(c)) return false;
    if (++values_ > kMaxValues) over_ = true;
    return true;
  }
  bool literal(std::string_view word) {
    skip_space();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }
  bool hex4(std::uint32_t* out);
  bool escape(std::string* out);
  bool string(std::string* out);
  bool key(std::string_view* out);
  bool number(bool* whole, std::int64_t* n, double* d);
  bool whole(std::int64_t min, std::int64_t max, std::int64_t* out);
  bool value(Value* out);
  bool cell(RemoteCell* out);
  bool cells(std::vector<RemoteCell>* out);
  bool member(SyncRequest* r, unsigned* seen);

  const char* p_;
  const char* end_;
  std::size_t values_ = 0;
  bool over_ = false;
};

bool Scanner::hex4(std::uint32_t* out) {
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
bool Scanner::escape(std::string* out) {
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
bool Scanner::string(std::string* out) {
  if (!take('"')) return false;
  out->clear();
  const char* start = p_;
  const char* run = p_;  // bytes not yet copied
  bool ascii = true;
  while (true) {
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
bool Scanner::key(std::string_view* out) {
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
bool Scanner::number(bool* whole, std::int64_t* n, double* d) {
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

bool Scanner::whole(std::int64_t min, std::int64_t max, std::int64_t* out) {
  bool is_whole = false;
  double d = 0;
  return number(&is_whole, out, &d) && is_whole && *out >= min && *out <= max;
}

bool Scanner::value(Value* out) {
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

// [table, pk, column, value, hlc, base or null]
bool Scanner::cell(RemoteCell* c) {
  std::int64_t hlc = 0;
  if (!take_counted('[') || !string(&c->table) || !take_counted(',') || !string(&c->pk) ||
      !take_counted(',') || !string(&c->column) || !take_counted(',') || !value(&c->value) ||
      !take_counted(',') || !whole(0, kInt64Max, &hlc) || !take_counted(',')) {
    return false;
  }
  c->hlc = static_cast<Hlc>(hlc);
  skip_space();
  if (p_ < end_ && *p_ == 'n') {
    if (!literal("null")) return false;
  } else {
    std::int64_t base = 0;
    if (!whole(0, kInt64Max, &base)) return false;
    c->base = static_cast<Hlc>(base);
  }
  return take(']');
}

bool Scanner::cells(std::vector<RemoteCell>* out) {
  if (!take_counted('[')) return false;
  if (take(']')) return true;
  do {
    if (!cell(&out->emplace_back())) return false;
  } while (take_counted(','));
  return take(']');
}

bool Scanner::member(SyncRequest* r, unsigned* seen) {
  std::string_view name;
  if (!key(&name)) return false;
  unsigned m = 0;
  while (m < kCount && kMemberNames[m] != name) ++m;
  if (m == kCount || (*seen & (1u << m)) != 0) return false;  // unknown or twice: the DOM decides
  *seen |= 1u << m;
  std::int64_t n = 0;
  switch (m) {
    case kProtocol:
    case kSchema:
      if (!whole(0, kIntMax, &n)) return false;
      (m == kProtocol ? r->protocol : r->schema) = static_cast<int>(n);
      return true;
    case kCursor:
      return whole(0, kInt64Max, &r->cursor);
    case kGeneration:
      return whole(0, kInt64Max, &r->generation);
    case kLimit:
      if (!whole(0, 1'000'000, &n)) return false;
      r->limit = static_cast<int>(n);
      return true;
    case kLineage:
    case kAttempt: {
      std::string& out = m == kLineage ? r->lineage : r->attempt;
      return string(&out) && out.size() <= 64;
    }
    case kOwn:
      skip_space();
      r->own = p_ < end_ && *p_ == 't';
      return literal(r->own ? "true" : "false");
    default:
      return cells(&r->cells);
  }
}

bool Scanner::request(SyncRequest* r) {
  if (!take_counted('{')) return false;
  unsigned seen = 0;
  if (!take('}')) {
    do {
      if (!member(r, &seen)) return false;
    } while (take_counted(','));
    if (!take('}')) return false;
  }
  skip_space();
  constexpr unsigned kRequired = (1u << kProtocol) | (1u << kSchema);
  return p_ == end_ && !over_ && (seen & kRequired) == kRequired;
}

}  // namespace

std::optional<SyncRequest> scan_sync_request(std::string_view body) {
  SyncRequest r;
  if (!Scanner(body).request(&r)) return std::nullopt;
  return r;
}

}  // namespace thidua::protocol_internal
