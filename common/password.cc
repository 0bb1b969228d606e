#include "common/password.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

namespace thidua {
namespace {

// The limits new hashes are made with; older strings with other limits are
// reported as kRightRehash.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init fails only when the system has no random source: no salt
    // and no session token would be safe then.
    if (sodium_init() < 0) std::abort();
  });
}

}  // namespace

std::size_t utf8_chars(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

Result<std::string> hash_password(std::string_view password) {
  if (utf8_chars(password) < kMinPasswordChars) {
    return Status::invalid("mật khẩu phải có ít nhất " + std::to_string(kMinPasswordChars) +
                           " ký tự");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::invalid("mật khẩu dài quá " + std::to_string(kMaxPasswordBytes) + " byte");
  }
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::internal("không đủ bộ nhớ để băm mật khẩu (Argon2id cần " +
                            std::to_string(kMemLimit >> 20) + " MiB)");
  }
  return std::string(out);
}

bool is_password_hash(std::string_view hash) {
  return hash.size() < crypto_pwhash_STRBYTES && hash.rfind("$argon2id$", 0) == 0 &&
         hash.find('\0') == std::string_view::npos;
}

PasswordCheck check_password(const std::string& hash, std::string_view password) {
  if (!is_password_hash(hash) || password.size() > kMaxPasswordBytes) return PasswordCheck::kWrong;
  ensure_sodium();
  if (crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) != 0) {
    return PasswordCheck::kWrong;
  }
  // needs_rehash: 0 same limits, 1 other limits, -1 not a string it reads
  // (it verified, so an Argon2id of another shape: make a current one).
  return crypto_pwhash_str_needs_rehash(hash.c_str(), kOpsLimit, kMemLimit) == 0
             ? PasswordCheck::kRight
             : PasswordCheck::kRightRehash;
}

}  // namespace thidua
