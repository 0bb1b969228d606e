// Numbers read from text that came from outside: HTTP headers, query
// parameters, socket addresses.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace thidua {

// The base-10 integer that is the whole of `s`: an optional '-' then digits.
// nullopt for an empty string, a leading '+' or space, trailing characters
// or a value outside int64_t. Unlike std::stoll it neither throws nor
// accepts a prefix ("12abc"), so a malformed value cannot pass as a number.
std::optional<std::int64_t> parse_int64(std::string_view s);

}  // namespace thidua
