// The JSON reading every decoder shares: the shape check before parsing,
// whole numbers and clocks within range, values and cell heads, each
// failure naming where in the body it is.
#include "sync/protocol/internal/json_read.h"

#include <limits>

namespace thidua::protocol_internal {

json value_to_json(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

// Refuses, before the parser sees it, a body nested deeper than kMaxDepth
// (the parser builds a value per level: 142 bytes of brotli holding 30
// million '[' cost 2.2 GB) or holding more than kMaxValues values (counted
// as containers and commas). One pass over the bytes, no allocation; what
// is not JSON is left to the parser to refuse.
Status check_shape(std::string_view body) {
  int depth = 0;
  std::size_t values = 0;
  bool in_string = false, escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > kMaxDepth) {
          return Status::invalid("the body is nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        [[fallthrough]];
      case ',':
        if (++values > kMaxValues) {
          return Status::invalid("the body holds more than " + std::to_string(kMaxValues) + " values");
        }
        break;
      case ']':
      case '}':
        if (--depth < 0) return Status::invalid("the body is not valid JSON");
        break;
      default:
        break;
    }
  }
  return Status::ok();
}

// What a value that should be a whole number is instead, for messages.
std::string not_whole(const json& j) {
  if (j.is_number_float()) {
    std::string shown = j.dump();
    if (shown.size() > 40) shown = shown.substr(0, 40) + "...";
    return "a fraction or an exponent (" + shown + ")";
  }
  if (j.is_string()) return "text";
  if (j.is_boolean()) return "true/false";
  if (j.is_null()) return "null";
  return j.is_array() ? "a list" : "an object";
}

// A whole number within [min, max]. The parser keeps 2^63..2^64-1 as
// unsigned and larger ones as floats; reading either as int64 would wrap
// (a percent of 2^64-1 became -1), so range is checked on the value as sent.
Result<std::int64_t> whole_number(const json& j, const std::string& where, std::int64_t min, std::int64_t max) {
  if (!j.is_number_integer()) return Status::invalid(where + ": expected a whole number, found " + not_whole(j));
  bool in_range = j.is_number_unsigned() ? j.get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                                         : j.get<std::int64_t>() >= min && j.get<std::int64_t>() <= max;
  if (!in_range) {
    return Status::invalid(where + ": " + j.dump() + " is out of range (" + std::to_string(min) + " to " +
                           std::to_string(max) + ")");
  }
  return j.get<std::int64_t>();
}

// Out-parameter rather than Result<Value>: GCC 12 warns falsely about a
// maybe-uninitialized variant inside Result at -O2.
Status value_from_json(const json& j, const std::string& where, Value* out) {
  if (j.is_null()) {
    *out = std::monostate{};
  } else if (j.is_number_integer()) {
    auto n = whole_number(j, where, std::numeric_limits<std::int64_t>::min(), kInt64Max);
    if (!n) return n.status();
    *out = *n;
  } else if (j.is_number_float()) {
    *out = j.get<double>();
  } else if (j.is_string()) {
    *out = j.get<std::string>();
  } else {
    return Status::invalid(where + ": expected null, a number or a string");
  }
  return Status::ok();
}

Result<json> parse(std::string_view body) {
  THIDUA_RETURN_IF_ERROR(check_shape(body));
  // No exceptions escape: a malformed body is an expected failure. Invalid
  // UTF-8 inside strings is refused by the parser too.
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::invalid("the body is not valid JSON");
  if (!j.is_object()) return Status::invalid("the body must be a JSON object");
  return j;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// obj[key] as a whole number within [min, max]; 0 when it is absent and
// not required.
Result<std::int64_t> get_int(const json& obj, const char* key, bool required, std::int64_t min,
                             std::int64_t max) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Status::invalid(std::string("missing \"") + key + "\"");
    return 0;
  }
  return whole_number(*it, std::string("\"") + key + "\"", min, max);
}

// An optional short string member (lineage, attempt): "" when absent.
Result<std::string> get_opt_id(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return std::string();
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 64) {
    return Status::invalid(std::string("\"") + key + "\": expected a string of at most 64 characters");
  }
  return it->get<std::string>();
}

Result<std::string> get_text(const json& j, const std::string& where) {
  if (!j.is_string()) return Status::invalid(where + ": expected a string");
  return j.get<std::string>();
}

// A clock: stored as SQLite's signed 64-bit integer, so at most 2^63-1.
Result<Hlc> get_hlc(const json& j, const std::string& where) {
  if (!j.is_number_integer()) {
    return Status::invalid(where + ": expected a clock (a non-negative whole number), found " + not_whole(j));
  }
  auto n = whole_number(j, where, 0, kInt64Max);
  if (!n) return n.status();
  return static_cast<Hlc>(*n);
}

// [table, id, column, value, hlc, last] — `last` is base (request) or the
// node index (response); decoded by the caller.
Result<RemoteCell> decode_cell_head(const json& c, const std::string& where) {
  if (!c.is_array() || c.size() != 6) {
    return Status::invalid(where + ": expected [table, id, column, value, clock, " +
                           "base or node]");
  }
  RemoteCell cell;
  auto table = get_text(c[0], where + "[0]");
  if (!table) return table.status();
  auto pk = get_text(c[1], where + "[1]");
  if (!pk) return pk.status();
  auto column = get_text(c[2], where + "[2]");
  if (!column) return column.status();
  THIDUA_RETURN_IF_ERROR(value_from_json(c[3], where + "[3]", &cell.value));
  auto hlc = get_hlc(c[4], where + "[4]");
  if (!hlc) return hlc.status();
  cell.table = std::move(*table);
  cell.pk = std::move(*pk);
  cell.column = std::move(*column);
  cell.hlc = *hlc;
  return cell;
}

}  // namespace thidua::protocol_internal
