#include "sync/protocol/protocol.h"

#include "common/hex.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace thidua {
namespace {

using nlohmann::json;

json value_to_json(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// The deepest body the wire format has: {"cells":[[...]]}, three levels.
constexpr int kMaxDepth = 3;
// The most values a body may hold. The client's largest push (4 MB) of the
// smallest cells (22 bytes, 7 values) holds about 1.3 million; a pull
// answer, 5000 cells. The parser spends ~60 bytes a value, so a 64 MB body
// of "[]," would otherwise cost over a gigabyte.
constexpr std::size_t kMaxValues = 2'000'000;

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

}  // namespace

std::string encode_sync_request(const SyncRequest& r) {
  json j = {{"protocol", r.protocol}, {"schema", r.schema}, {"cursor", r.cursor}};
  if (r.limit > 0) j["limit"] = r.limit;
  if (!r.lineage.empty()) j["lineage"] = r.lineage;
  if (!r.attempt.empty()) j["attempt"] = r.attempt;
  if (!r.cells.empty()) {
    json cells = json::array();
    for (const auto& c : r.cells) {
      cells.push_back(json::array({c.table, c.pk, c.column, value_to_json(c.value),
                                   static_cast<std::int64_t>(c.hlc),
                                   c.base ? json(static_cast<std::int64_t>(*c.base)) : json(nullptr)}));
    }
    j["cells"] = std::move(cells);
  }
  return dump(j);
}

Result<SyncRequest> decode_sync_request(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  SyncRequest r;
  auto protocol = get_int(*j, "protocol", true, 0, kIntMax);
  if (!protocol) return protocol.status();
  auto schema = get_int(*j, "schema", true, 0, kIntMax);
  if (!schema) return schema.status();
  auto cursor = get_int(*j, "cursor", false, 0, kInt64Max);
  if (!cursor) return cursor.status();
  auto limit = get_int(*j, "limit", false, 0, 1'000'000);
  if (!limit) return limit.status();
  r.protocol = static_cast<int>(*protocol);
  r.schema = static_cast<int>(*schema);
  r.cursor = *cursor;
  r.limit = static_cast<int>(*limit);
  auto lineage = get_opt_id(*j, "lineage");
  if (!lineage) return lineage.status();
  auto attempt = get_opt_id(*j, "attempt");
  if (!attempt) return attempt.status();
  r.lineage = std::move(*lineage);
  r.attempt = std::move(*attempt);
  if (auto it = j->find("cells"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"cells\": expected an array");
    r.cells.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string where = "cells[" + std::to_string(i) + "]";
      auto cell = decode_cell_head((*it)[i], where);
      if (!cell) return cell.status();
      const json& base = (*it)[i][5];
      if (!base.is_null()) {
        auto b = get_hlc(base, where + "[5]");
        if (!b) return b.status();
        cell->base = *b;
      }
      r.cells.push_back(std::move(*cell));
    }
  }
  return r;
}

std::string encode_sync_response(const SyncResponse& r) {
  json j = {{"time", r.server_time_ms}, {"cursor", r.cursor}, {"more", r.more}};
  if (!r.lineage.empty()) j["lineage"] = r.lineage;
  if (!r.rejected.empty()) {
    json rejected = json::array();
    for (const auto& x : r.rejected) rejected.push_back(json::array({x.index, x.reason}));
    j["rejected"] = std::move(rejected);
  }
  if (!r.cells.empty()) {
    // Node ids repeat across cells: send each once and refer by index.
    std::vector<std::string> nodes;
    json cells = json::array();
    for (const auto& c : r.cells) {
      auto it = std::find(nodes.begin(), nodes.end(), c.node);
      std::size_t index = static_cast<std::size_t>(it - nodes.begin());
      if (it == nodes.end()) nodes.push_back(c.node);
      cells.push_back(json::array({c.table, c.pk, c.column, value_to_json(c.value),
                                   static_cast<std::int64_t>(c.hlc), index}));
    }
    j["nodes"] = nodes;
    j["cells"] = std::move(cells);
  }
  if (!r.retracted.empty()) {
    json retracted = json::array();
    for (const auto& [table, pk] : r.retracted) retracted.push_back(json::array({table, pk}));
    j["retracted"] = std::move(retracted);
  }
  return dump(j);
}

Result<SyncResponse> decode_sync_response(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  SyncResponse r;
  auto time = get_int(*j, "time", true, 0, kInt64Max);
  if (!time) return time.status();
  auto cursor = get_int(*j, "cursor", true, 0, kInt64Max);
  if (!cursor) return cursor.status();
  r.server_time_ms = *time;
  r.cursor = *cursor;
  auto more = j->find("more");
  if (more == j->end() || !more->is_boolean()) return Status::invalid("\"more\": expected true or false");
  r.more = more->get<bool>();
  auto lineage = get_opt_id(*j, "lineage");
  if (!lineage) return lineage.status();
  r.lineage = std::move(*lineage);
  if (auto it = j->find("rejected"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"rejected\": expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& x = (*it)[i];
      if (!x.is_array() || x.size() != 2 || !x[0].is_number_unsigned() || !x[1].is_string()) {
        return Status::invalid("rejected[" + std::to_string(i) + "]: expected [index, reason]");
      }
      r.rejected.push_back({x[0].get<std::size_t>(), x[1].get<std::string>()});
    }
  }
  std::vector<std::string> nodes;
  if (auto it = j->find("nodes"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"nodes\": expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      auto n = get_text((*it)[i], "nodes[" + std::to_string(i) + "]");
      if (!n) return n.status();
      nodes.push_back(std::move(*n));
    }
  }
  if (auto it = j->find("cells"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"cells\": expected an array");
    r.cells.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string where = "cells[" + std::to_string(i) + "]";
      auto cell = decode_cell_head((*it)[i], where);
      if (!cell) return cell.status();
      const json& node = (*it)[i][5];
      if (!node.is_number_unsigned() || node.get<std::size_t>() >= nodes.size()) {
        return Status::invalid(where + "[5]: expected an index into \"nodes\"");
      }
      cell->node = nodes[node.get<std::size_t>()];
      r.cells.push_back(std::move(*cell));
    }
  }
  if (auto it = j->find("retracted"); it != j->end()) {
    if (!it->is_array()) return Status::invalid("\"retracted\": expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      const json& x = (*it)[i];
      // Only stories are ever withdrawn: a node never deletes anything else
      // on a server's word.
      if (!x.is_array() || x.size() != 2 || !x[0].is_string() || !x[1].is_string() || x[0] != "stories") {
        return Status::invalid("retracted[" + std::to_string(i) + "]: expected [\"stories\", id]");
      }
      r.retracted.emplace_back(x[0].get<std::string>(), x[1].get<std::string>());
    }
  }
  return r;
}

std::string encode_hello(const HelloResponse& r) {
  json j = {{"protocol", r.protocol}, {"schema", r.schema}, {"time", r.server_time_ms},
            {"server", r.server_version}};
  if (!r.node_id.empty()) j["node"] = {{"id", r.node_id}, {"unit", r.unit_id}, {"role", r.role}};
  return dump(j);
}

Result<HelloResponse> decode_hello(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  HelloResponse r;
  auto protocol = get_int(*j, "protocol", true, 0, kIntMax);
  if (!protocol) return protocol.status();
  auto schema = get_int(*j, "schema", true, 0, kIntMax);
  if (!schema) return schema.status();
  auto time = get_int(*j, "time", true, 0, kInt64Max);
  if (!time) return time.status();
  r.protocol = static_cast<int>(*protocol);
  r.schema = static_cast<int>(*schema);
  r.server_time_ms = *time;
  if (auto it = j->find("server"); it != j->end() && it->is_string()) r.server_version = it->get<std::string>();
  if (auto it = j->find("node"); it != j->end()) {
    if (!it->is_object()) return Status::invalid("\"node\": expected an object");
    for (auto [key, out] : {std::pair{"id", &r.node_id}, {"unit", &r.unit_id}, {"role", &r.role}}) {
      auto v = it->find(key);
      if (v == it->end() || !v->is_string()) return Status::invalid(std::string("node.") + key + ": expected a string");
      *out = v->get<std::string>();
    }
  }
  return r;
}

std::string encode_hash_list(const std::vector<std::string>& hashes) { return dump(json{{"hashes", hashes}}); }

Result<std::vector<std::string>> decode_hash_list(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  auto it = j->find("hashes");
  if (it == j->end() || !it->is_array()) return Status::invalid("\"hashes\": expected an array");
  if (it->size() > 10'000) return Status::invalid("\"hashes\": at most 10000 per request");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& h = (*it)[i];
    if (!h.is_string() || !is_sha256_hex(h.get<std::string>())) {
      return Status::invalid("hashes[" + std::to_string(i) + "]: expected a SHA-256 in lowercase hex");
    }
    out.push_back(h.get<std::string>());
  }
  return out;
}

std::string encode_missing(const std::vector<MissingPhoto>& missing) {
  json list = json::array();
  for (const auto& m : missing) list.push_back(json::array({m.hash, m.offset}));
  return dump(json{{"missing", list}});
}

Result<std::vector<MissingPhoto>> decode_missing(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  auto it = j->find("missing");
  if (it == j->end() || !it->is_array()) return Status::invalid("\"missing\": expected an array");
  std::vector<MissingPhoto> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& m = (*it)[i];
    std::string where = "missing[" + std::to_string(i) + "]";
    if (!m.is_array() || m.size() != 2 || !m[0].is_string()) return Status::invalid(where + ": expected [hash, offset]");
    auto offset = whole_number(m[1], where + "[1]", 0, kInt64Max);
    if (!offset) return offset.status();
    out.push_back({m[0].get<std::string>(), *offset});
  }
  return out;
}

std::string encode_upload_offset(std::int64_t offset, bool done) {
  json j = {{"offset", offset}};
  if (done) j["done"] = true;
  return dump(j);
}

Result<std::int64_t> decode_upload_offset(std::string_view body) {
  auto j = parse(body);
  if (!j) return j.status();
  return get_int(*j, "offset", true, 0, kInt64Max);
}

std::string encode_error(const std::string& message) { return dump(json{{"error", message}}); }

std::string decode_error(std::string_view body) {
  json j = check_shape(body) ? json::parse(body.begin(), body.end(), nullptr, false) : json();
  if (j.is_object()) {
    auto it = j.find("error");
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return std::string(body.substr(0, 200));
}

}  // namespace thidua
