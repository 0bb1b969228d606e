// Hex digests and random ids.
#include "common/hex.h"

#include <doctest/doctest.h>

#include <set>

#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("sha256_hex matches the published test vectors") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  REQUIRE(kOnePixelPng.size() == 67);
  CHECK(sha256_hex(kOnePixelPng) ==
        "ebf4f635a17d10d6eb46ba680b70142419aa3220f228001a036d311a22ee9d2a");
  CHECK(sha256_hex(std::string(1, '\0')) != sha256_hex(""));  // bytes, not a C string
}

TEST_CASE("is_sha256_hex takes exactly 64 lowercase hex digits") {
  CHECK(is_sha256_hex(sha256_hex("abc")));
  CHECK_FALSE(is_sha256_hex(""));
  CHECK_FALSE(is_sha256_hex(sha256_hex("abc").substr(1)));
  CHECK_FALSE(is_sha256_hex(sha256_hex("abc") + "0"));
  std::string upper = sha256_hex("abc");
  upper[0] = 'B';
  CHECK_FALSE(is_sha256_hex(upper));
  std::string other = sha256_hex("abc");
  other[10] = 'g';
  CHECK_FALSE(is_sha256_hex(other));
}

TEST_CASE("random_hex gives 2n lowercase hex digits that do not repeat") {
  CHECK(random_hex(0).empty());
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = random_hex(8);
    REQUIRE(id.size() == 16);
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
  CHECK(is_sha256_hex(random_hex(32)));
}
