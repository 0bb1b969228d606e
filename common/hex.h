// Hex-encoded digests and random ids, the two kinds of hex string thidua
// makes: content hashes of photos and pages, and ids nobody may guess or
// collide with (tokens, node ids, row ids created offline).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace thidua {

// The SHA-256 of `bytes` as 64 lowercase hex digits (empty only when
// OpenSSL cannot allocate, which never equals a real hash).
std::string sha256_hex(std::string_view bytes);

// True for exactly 64 lowercase hex digits, the form sha256_hex gives.
bool is_sha256_hex(std::string_view s);

// 2 * `bytes` lowercase hex digits from the operating system's
// cryptographic random source (OpenSSL's RAND_bytes). Aborts when the
// system has no entropy to give: no id is safe then.
std::string random_hex(std::size_t bytes);

}  // namespace thidua
