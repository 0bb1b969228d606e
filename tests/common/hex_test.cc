// Hex digests and random ids.
#include "common/hex.h"

#include <doctest/doctest.h>

#include <chrono>
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

TEST_CASE("row ids: 32 hex digits that sort by creation time and do not repeat") {
  const std::string id = row_id_at(0x0123456789ab);
  REQUIRE(id.size() == 32);
  CHECK(id.substr(0, 12) == "0123456789ab");
  CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
  // Outside the 48 bits of milliseconds the time is clamped, never wrapped.
  CHECK(row_id_at(-5).substr(0, 12) == "000000000000");
  CHECK(row_id_at(std::int64_t{1} << 60).substr(0, 12) == "ffffffffffff");

  // Later rows sort after earlier ones; rows of one millisecond differ.
  CHECK(row_id_at(1'700'000'000'000) < row_id_at(1'700'000'000'001));
  std::set<std::string> same_ms;
  for (int i = 0; i < 1000; ++i) same_ms.insert(row_id_at(1'700'000'000'000));
  CHECK(same_ms.size() == 1000);

  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string now = new_row_id();
  CHECK(now.substr(0, 12) >= row_id_at(before).substr(0, 12));
  CHECK(now.substr(0, 12) <= row_id_at(before + 60'000).substr(0, 12));
}
