// A cell value as SQLite stores it: NULL, integer, real or text.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>

namespace thidua {

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// A row as column name -> value. Keys are sorted, which keeps every
// rendering of a row (SQL, JSON) deterministic.
using Row = std::map<std::string, Value>;

inline bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// A short human-readable rendering for messages and logs (text is quoted).
std::string describe(const Value& v);

// The value as plain text: text as is, integers in decimal, "" otherwise.
std::string as_text(const Value& v);
// The same for a row's column ("" when the row has no such column).
std::string as_text(const Row& row, const std::string& column);

}  // namespace thidua
