#include "common/parse.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace thidua {
namespace {

struct Case {
  std::string input;
  std::optional<std::int64_t> value;
};

TEST_CASE("parse_int64 reads a whole base-10 integer and nothing else") {
  const std::vector<Case> cases = {
      {"0", 0},
      {"42", 42},
      {"-7", -7},
      {"007", 7},
      {"9223372036854775807", std::numeric_limits<std::int64_t>::max()},
      {"-9223372036854775808", std::numeric_limits<std::int64_t>::min()},
      {"9223372036854775808", std::nullopt},    // one past the top
      {"-9223372036854775809", std::nullopt},   // one past the bottom
      {"99999999999999999999999", std::nullopt},
      {"", std::nullopt},
      {"-", std::nullopt},
      {"+5", std::nullopt},
      {" 5", std::nullopt},
      {"5 ", std::nullopt},
      {"12abc", std::nullopt},
      {"1.5", std::nullopt},
      {"0x10", std::nullopt},
      {"--1", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(parse_int64(c.input) == c.value);
  }
}

TEST_CASE("parse_int64 reads only the view it is given") {
  const std::string s = "1234";
  CHECK(parse_int64(std::string_view(s).substr(0, 2)) == 12);
}

}  // namespace
}  // namespace thidua
