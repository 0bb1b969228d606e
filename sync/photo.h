// Photos: content hashes and image-type sniffing. Pure functions, no I/O.
//
// The server runs these on bytes it received from the network, so every
// read is bounded by the buffer: hostile input gives a kInvalid Status,
// never a read past the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace thidua {

// The largest photo a story may carry (10 MiB).
constexpr std::size_t kMaxPhotoBytes = std::size_t{10} << 20;

// The SHA-256 of `bytes` as 64 lowercase hex digits (empty only when
// OpenSSL cannot allocate, which never equals a real hash).
std::string sha256_hex(std::string_view bytes);

struct ImageInfo {
  std::string mime;  // "image/jpeg", "image/png" or "image/webp"
  std::int64_t width = 0;
  std::int64_t height = 0;
};

// Recognises a JPEG (the size from its first SOFn frame header), a PNG (its
// IHDR) or a WebP (its VP8, VP8L or VP8X chunk). Only the header is read:
// a file cut short after the header that carries the size is accepted,
// except a WebP whose RIFF size says more bytes follow than there are.
// kInvalid for anything else, for a header cut short, and for a zero width
// or height; the message says which ("not a JPEG, PNG or WebP image").
Result<ImageInfo> sniff_image(std::string_view bytes);

}  // namespace thidua
