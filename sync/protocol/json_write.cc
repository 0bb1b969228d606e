#include "sync/protocol/internal/json_write.h"

#include <charconv>

#include "store/schema.h"
#include "sync/protocol/internal/json_read.h"

namespace thidua::protocol_internal {

void JsonWriter::text(std::string_view s) {
  if (!is_valid_utf8(s)) {  // rare: let dump() replace what is not UTF-8
    out_ += dump(json(std::string(s)));
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out_.push_back('"');
  std::size_t plain = 0;  // start of the run of bytes copied as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(s.data() + plain, i - plain);
    plain = i + 1;
    out_.push_back('\\');
    switch (c) {
      case '"': out_.push_back('"'); break;
      case '\\': out_.push_back('\\'); break;
      case '\b': out_.push_back('b'); break;
      case '\f': out_.push_back('f'); break;
      case '\n': out_.push_back('n'); break;
      case '\r': out_.push_back('r'); break;
      case '\t': out_.push_back('t'); break;
      default:
        out_ += "u00";
        out_.push_back(kHex[c >> 4]);
        out_.push_back(kHex[c & 0xF]);
    }
  }
  out_.append(s.data() + plain, s.size() - plain);
  out_.push_back('"');
}

void JsonWriter::number(std::int64_t n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, end);
}

void JsonWriter::value(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return number(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return text(*s);
  if (std::holds_alternative<double>(v)) {  // no column holds fractions today
    out_ += dump(value_to_json(v));
    return;
  }
  out_ += "null";
}

void JsonWriter::key(std::string_view k, bool first) {
  if (!first) out_.push_back(',');
  text(k);
  out_.push_back(':');
}

void JsonWriter::cell_head(const RemoteCell& c) {
  raw('[');
  text(c.table);
  raw(',');
  text(c.pk);
  raw(',');
  text(c.column);
  raw(',');
  value(c.value);
  raw(',');
  number(static_cast<std::int64_t>(c.hlc));
  raw(',');
}

}  // namespace thidua::protocol_internal
