// Shared by the protocol's encoders (sync/protocol/*.cc only): JSON written
// straight into a string, for the bodies that carry many cells. Building
// nlohmann's tree first cost a sixth of a large push's client time (an
// allocation per value). The bytes are those of dump() (json_read.h): the
// same escapes, invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/store.h"
#include "store/value.h"

namespace thidua::protocol_internal {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  // A string as a JSON string literal.
  void text(std::string_view s);
  void number(std::int64_t n);
  // null, a whole number, a fraction or a string (as value_to_json).
  void value(const Value& v);
  // `"key":`, preceded by a comma unless it is the object's first member.
  void key(std::string_view k, bool first = false);
  void raw(char c) { out_.push_back(c); }
  void raw_literal(std::string_view s) { out_ += s; }  // true, false, null
  // `[table,pk,column,value,hlc,`: what a cell carries both ways; the
  // caller writes its last member (a request's base, an answer's node) and `]`.
  void cell_head(const RemoteCell& c);

 private:
  std::string& out_;
};

}  // namespace thidua::protocol_internal
