#include "store/value.h"

namespace thidua {

std::string describe(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    constexpr size_t kShown = 60;
    if (s->size() <= kShown) return "\"" + *s + "\"";
    // Cut on a UTF-8 boundary so the message stays valid text.
    size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>((*s)[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + s->substr(0, cut) + "…\" (" + std::to_string(s->size()) + " byte)";
  }
  return "null";
}

std::string as_text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::string as_text(const Row& row, const std::string& column) {
  auto it = row.find(column);
  return it == row.end() ? std::string() : as_text(it->second);
}

}  // namespace thidua
