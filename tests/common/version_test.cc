#include "common/version.h"

#include <doctest/doctest.h>

#include <string>

namespace thidua {
namespace {

TEST_CASE("kVersion is project()'s version: three dot-separated numbers") {
  const std::string v = kVersion;
  CAPTURE(v);
  int dots = 0;
  bool digit_before = false;
  for (char c : v) {
    if (c == '.') {
      CHECK(digit_before);
      ++dots;
      digit_before = false;
    } else {
      CHECK((c >= '0' && c <= '9'));
      digit_before = true;
    }
  }
  CHECK(dots == 2);
  CHECK(digit_before);
}

}  // namespace
}  // namespace thidua
