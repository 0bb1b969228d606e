// Password hashes (common/password.h): Argon2id strings, the length rule,
// and checks that never take a wrong or malformed hash for a match.
#include "common/password.h"

#include <doctest/doctest.h>

using namespace thidua;

TEST_CASE("a password is counted in characters, so Vietnamese letters count once") {
  CHECK(utf8_chars("") == 0);
  CHECK(utf8_chars("mat khau") == 8);
  CHECK(utf8_chars("mật khẩu") == 8);
  CHECK(utf8_chars("Đồng Văn 2021") == 13);
}

TEST_CASE("hash_password refuses a short or overlong password, saying the rule") {
  auto short_one = hash_password("mật khẩu!");  // 9 characters, 13 bytes
  REQUIRE_FALSE(short_one.is_ok());
  CHECK(short_one.status().code() == Status::Code::kInvalid);
  CHECK(short_one.status().message() == "mật khẩu phải có ít nhất 10 ký tự");
  auto long_one = hash_password(std::string(kMaxPasswordBytes + 1, 'a'));
  REQUIRE_FALSE(long_one.is_ok());
  CHECK(long_one.status().message().find("dài quá") != std::string::npos);
}

TEST_CASE("hash_password makes a salted Argon2id string that check_password matches") {
  auto a = hash_password("mật khẩu Đồng Văn");
  REQUIRE_MESSAGE(a.is_ok(), a.status().message());
  CHECK(a->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0) == 0);
  CHECK(is_password_hash(*a));
  CHECK(a->find("Đồng") == std::string::npos);
  auto b = hash_password("mật khẩu Đồng Văn");
  REQUIRE(b.is_ok());
  CHECK(*a != *b);  // a fresh salt each time
  CHECK(check_password(*a, "mật khẩu Đồng Văn") == PasswordCheck::kRight);
  CHECK(check_password(*a, "mật khẩu Đồng văn") == PasswordCheck::kWrong);
  CHECK(check_password(*a, "") == PasswordCheck::kWrong);
  CHECK(check_password(*a, std::string("mật khẩu Đồng Văn\0x", 24)) == PasswordCheck::kWrong);
}

TEST_CASE("check_password takes a malformed or foreign hash for no match") {
  auto good = hash_password("0123456789");
  REQUIRE(good.is_ok());
  const std::string nul_inside = good->substr(0, 20) + std::string(1, '\0') + good->substr(21);
  for (const std::string& hash :
       {std::string(), std::string("$argon2id$"), good->substr(0, good->size() - 5), nul_inside,
        std::string("$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"),
        std::string("$2y$10$abcdefghijklmnopqrstuu5w1o5q2zq5JmQm5k8oQG6Xj6ZP2cS3y"),
        "$argon2id$" + std::string(300, 'A'), std::string("0123456789")}) {
    CAPTURE(hash);
    CHECK(check_password(hash, "0123456789") == PasswordCheck::kWrong);
  }
  CHECK(check_password(*good, std::string(kMaxPasswordBytes + 1, 'a')) == PasswordCheck::kWrong);
}
