// The one-pass JSON reader under the sync messages' scans (json_scan.h):
// the bytes of one body read left to right straight into the message's
// struct, no tree. Every primitive answers false when the next bytes are not
// exactly what it reads; the message scans then give up (nullopt) and the
// DOM decoder words the refusal. Shared by json_scan.cc (the request) and
// json_scan_response.cc (the answer); sync/protocol/*.cc only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "store/store.h"

namespace thidua::protocol_internal {

class JsonScanner {
 public:
  explicit JsonScanner(std::string_view body) : p_(body.data()), end_(body.data() + body.size()) {}

 protected:
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
  // the scan gives up (sticky, checked by finished()) and the DOM decoder
  // words the refusal.
  bool take_counted(char c);
  bool literal(std::string_view word) {
    skip_space();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return false;
    }
    p_ += word.size();
    return true;
  }
  // The next byte after spaces, or '\0' at the end.
  char peek() {
    skip_space();
    return p_ < end_ ? *p_ : '\0';
  }
  // true or false into *out.
  bool boolean(bool* out) {
    *out = peek() == 't';
    return literal(*out ? "true" : "false");
  }
  // Only spaces left, and no more values than check_shape allows.
  bool finished() {
    skip_space();
    return p_ == end_ && !over_;
  }
  bool hex4(std::uint32_t* out);
  bool escape(std::string* out);
  bool string(std::string* out);
  bool key(std::string_view* out);
  bool number(bool* whole, std::int64_t* n, double* d);
  bool whole(std::int64_t min, std::int64_t max, std::int64_t* out);
  bool value(Value* out);

  const char* p_;
  const char* end_;

 private:
  std::size_t values_ = 0;
  bool over_ = false;
};

}  // namespace thidua::protocol_internal
