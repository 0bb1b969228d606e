// Hex-encoded digests and random ids, the two kinds of hex string thidua
// makes: content hashes of photos and pages, and ids nobody may guess or
// collide with (tokens, node ids, row ids created offline).
#pragma once

#include <cstddef>
#include <cstdint>
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

// A new row's id: 32 lowercase hex digits (128 bits, the form row ids have
// always had), the first 12 the creation time in milliseconds since the
// Unix epoch, the other 20 from random_hex (80 bits). Rows made one after
// another get ids that sort one after another, so a batch of new rows lands
// at the right-hand edge of every index keyed by id (the table's own, the
// clock records', the audit log's) instead of on a random page of each
// (docs/architecture.md, "Row ids"). The random part keeps ids unguessable
// and offices that make rows in the same millisecond apart; a node whose
// clock is wrong only loses the ordering, never uniqueness.
std::string new_row_id();
// The same for a given time (tests): times outside 0 .. 2^48-1 ms are
// clamped to that range.
std::string row_id_at(std::int64_t unix_ms);

}  // namespace thidua
