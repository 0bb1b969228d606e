// Internal to sync/server: the text a stored or pushed value holds, for the
// write guard and the read filter (authz.h).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "store/store.h"

namespace thidua {

// The text a value holds, "" when it holds none. A reference, not a copy:
// the checks read every pushed cell's value (a story's body among them).
inline const std::string& text_of(const Value& v) {
  static const std::string kNone;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return kNone;
}

inline const std::string& text_of(const std::optional<Row>& row, const char* column) {
  static const std::string kNone;
  if (!row) return kNone;
  auto it = row->find(column);
  return it == row->end() ? kNone : text_of(it->second);
}

}  // namespace thidua
