#include "common/hex.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <vector>

namespace thidua {
namespace {

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure; an empty string is never
  // a valid hash, so a caller comparing hashes cannot be fooled by it.
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) return {};
  return to_hex(md.data(), len);
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) std::abort();  // no entropy: nothing safe to do
  return to_hex(buf.data(), bytes);
}

std::string row_id_at(std::int64_t unix_ms) {
  constexpr std::int64_t kMax = (std::int64_t{1} << 48) - 1;  // 12 hex digits: until the year 10889
  const auto t = static_cast<std::uint64_t>(std::clamp<std::int64_t>(unix_ms, 0, kMax));
  std::array<unsigned char, 6> time{};
  for (std::size_t i = 0; i < time.size(); ++i) time[i] = static_cast<unsigned char>(t >> (8 * (5 - i)));
  return to_hex(time.data(), time.size()) + random_hex(10);
}

std::string new_row_id() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return row_id_at(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

}  // namespace thidua
