// Passwords people type (the office web app's login, `thidua node
// ui-password`), kept only as a slow salted hash: Argon2id from libsodium,
// in its self-describing string form ("$argon2id$v=19$m=65536,t=2,p=1$...").
//
// Cost: libsodium's "interactive" limits (2 passes over 64 MiB). On this
// project's 2-core build machine (2026-12-04) one check used 0.07-0.11 s of
// CPU, 0.3-0.66 s of wall time with other builds running beside it;
// "moderate" (3 passes over 256 MiB) took 4-5 s of wall time there, too
// slow for a login. So a login stays well under a second on an office PC,
// and each guess costs one who stole the file the same 64 MiB pass.
// libsodium stays inside common/password.cc.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace thidua {

// The shortest password accepted, in characters (Unicode code points, so
// "mật khẩu" counts 8 like "mat khau").
inline constexpr std::size_t kMinPasswordChars = 10;
// The longest, in bytes: a bound on what a request makes the hash read.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

// The number of characters of `text` read as UTF-8 (every byte that does not
// continue a sequence starts one).
std::size_t utf8_chars(std::string_view text);

// The Argon2id string of `password` with a fresh random salt. kInvalid (a
// Vietnamese sentence) when the password is shorter than kMinPasswordChars
// or longer than kMaxPasswordBytes; kInternal when libsodium cannot get the
// memory.
Result<std::string> hash_password(std::string_view password);

enum class PasswordCheck {
  kWrong,        // no match, or `hash` is not a hash this build reads
  kRight,        // a match
  kRightRehash,  // a match, made with other limits than hash_password uses
                 // now: hash the password again and keep the new string
};

// Compares `password` with `hash` (from hash_password) in the time the hash
// dictates, never telling how much of it matched.
PasswordCheck check_password(const std::string& hash, std::string_view password);

// True for a string hash_password could have made (an Argon2id string of
// sane length): what a store keeps, so nothing else lands in its place.
bool is_password_hash(std::string_view hash);

}  // namespace thidua
