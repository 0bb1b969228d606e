// Shared by the protocol's encoders and decoders (sync/protocol/*.cc only):
// the JSON reading and writing helpers. Every failure is a Status whose
// message names the place in the body ("cells[3][4]: expected a clock").
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "store/store.h"

namespace thidua::protocol_internal {

using nlohmann::json;

inline constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
inline constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// The deepest body the wire format has: {"cells":[[...]]}, three levels.
inline constexpr int kMaxDepth = 3;
// The most values a body may hold. The client's largest push (4 MB) of the
// smallest cells (22 bytes, 7 values) holds about 1.3 million; a pull
// answer, 5000 cells. The parser spends ~60 bytes a value, so a 64 MB body
// of "[]," would otherwise cost over a gigabyte.
inline constexpr std::size_t kMaxValues = 2'000'000;

json value_to_json(const Value& v);

// Refuses, before the parser sees it, a body nested deeper than the wire
// format's three levels or holding more values than any real body (the
// parser's memory grows with both).
Status check_shape(std::string_view body);

// What a value that should be a whole number is instead, for messages.
std::string not_whole(const json& j);

// A whole number within [min, max], checked on the value as sent.
Result<std::int64_t> whole_number(const json& j, const std::string& where, std::int64_t min, std::int64_t max);

// null, a whole number, a fraction or a string, into *out.
Status value_from_json(const json& j, const std::string& where, Value* out);

// The body as a JSON object, after check_shape; never throws.
Result<json> parse(std::string_view body);

// Compact JSON; invalid UTF-8 in strings replaced, never thrown.
std::string dump(const json& j);

// obj[key] as a whole number within [min, max]; 0 when it is absent and
// not required.
Result<std::int64_t> get_int(const json& obj, const char* key, bool required, std::int64_t min, std::int64_t max);

// An optional short string member (lineage, attempt): "" when absent.
Result<std::string> get_opt_id(const json& obj, const char* key);

Result<std::string> get_text(const json& j, const std::string& where);

// A clock: stored as SQLite's signed 64-bit integer, so at most 2^63-1.
Result<Hlc> get_hlc(const json& j, const std::string& where);

// [table, id, column, value, hlc, last]: the first five into a RemoteCell;
// `last` (base in a request, node index in an answer) is the caller's.
Result<RemoteCell> decode_cell_head(const json& c, const std::string& where);

}  // namespace thidua::protocol_internal
