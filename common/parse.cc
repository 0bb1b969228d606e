#include "common/parse.h"

#include <charconv>
#include <system_error>

namespace thidua {

std::optional<std::int64_t> parse_int64(std::string_view s) {
  std::int64_t value = 0;
  const char* end = s.data() + s.size();
  // from_chars already refuses '+' and leading spaces; the end check refuses
  // trailing characters and the empty string.
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace thidua
