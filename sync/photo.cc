#include "sync/photo.h"

#include <openssl/evp.h>

#include <array>

namespace thidua {
namespace {

// Every read goes through these: the caller has checked `at + n <= size`.
std::uint32_t byte_at(std::string_view b, std::size_t at) {
  return static_cast<unsigned char>(b[at]);
}
std::uint32_t be16(std::string_view b, std::size_t at) {
  return byte_at(b, at) << 8 | byte_at(b, at + 1);
}
std::uint32_t be32(std::string_view b, std::size_t at) {
  return be16(b, at) << 16 | be16(b, at + 2);
}
std::uint32_t le16(std::string_view b, std::size_t at) {
  return byte_at(b, at) | byte_at(b, at + 1) << 8;
}
std::uint32_t le24(std::string_view b, std::size_t at) {
  return le16(b, at) | byte_at(b, at + 2) << 16;
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return le24(b, at) | byte_at(b, at + 3) << 24;
}

// True when `bytes` holds at least n bytes from `at` (no overflow).
bool has(std::string_view bytes, std::size_t at, std::size_t n) {
  return at <= bytes.size() && n <= bytes.size() - at;
}

Result<ImageInfo> sized(const char* mime, std::int64_t width, std::int64_t height) {
  if (width <= 0 || height <= 0) {
    return Status::invalid(std::string(mime) + " image has a zero width or height (" +
                           std::to_string(width) + "x" + std::to_string(height) + ")");
  }
  return ImageInfo{mime, width, height};
}

std::string marker_name(std::uint32_t marker) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("0xFF") + kHex[(marker >> 4) & 0xF] + kHex[marker & 0xF];
}

// SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share
// the range but are not frame headers.
bool is_sof(std::uint32_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Result<ImageInfo> sniff_jpeg(std::string_view b) {
  const Status cut = Status::invalid("JPEG is cut short before its frame header (SOF)");
  std::size_t pos = 2;  // after SOI
  for (;;) {
    if (!has(b, pos, 1)) return cut;
    if (byte_at(b, pos) != 0xFF) {
      return Status::invalid("JPEG has no segment marker at byte " + std::to_string(pos));
    }
    while (has(b, pos, 1) && byte_at(b, pos) == 0xFF) ++pos;  // fill bytes
    if (!has(b, pos, 1)) return cut;
    const std::uint32_t marker = byte_at(b, pos++);
    // Markers without a length: TEM and RST0..RST7.
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0x00 || marker == 0xD8 || marker == 0xD9 || marker == 0xDA) {
      return Status::invalid("JPEG has no frame header (SOF) before marker " + marker_name(marker) +
                             " at byte " + std::to_string(pos - 2));
    }
    if (!has(b, pos, 2)) return cut;
    const std::size_t length = be16(b, pos);  // counts its own two bytes
    if (length < 2) {
      return Status::invalid("JPEG segment " + marker_name(marker) + " has length " +
                             std::to_string(length));
    }
    if (!has(b, pos, length)) return cut;
    if (is_sof(marker)) {
      // length(2) precision(1) height(2) width(2) components(1)
      if (length < 8) return Status::invalid("JPEG frame header is too short");
      return sized("image/jpeg", be16(b, pos + 5), be16(b, pos + 3));
    }
    pos += length;
  }
}

Result<ImageInfo> sniff_png(std::string_view b) {
  // signature(8), then the IHDR chunk: length(4) "IHDR" width(4) height(4) ...(5)
  if (!has(b, 0, 8 + 8 + 13))
    return Status::invalid("PNG is cut short before the end of its IHDR header");
  if (be32(b, 8) != 13 || b.substr(12, 4) != "IHDR") {
    return Status::invalid("PNG does not start with an IHDR header");
  }
  const std::uint32_t width = be32(b, 16), height = be32(b, 20);
  if (width > 0x7FFFFFFFu || height > 0x7FFFFFFFu)
    return Status::invalid("PNG size is out of range");
  return sized("image/png", width, height);
}

Result<ImageInfo> sniff_webp(std::string_view b) {
  // "RIFF" size(4) "WEBP", then the first chunk: fourcc(4) size(4) data.
  const std::uint64_t riff_size = le32(b, 4);
  if (riff_size + 8 > b.size()) {
    return Status::invalid("WebP is cut short: its RIFF header announces " +
                           std::to_string(riff_size + 8) + " bytes, there are " +
                           std::to_string(b.size()));
  }
  if (!has(b, 12, 8)) return Status::invalid("WebP is cut short before its first chunk");
  const std::string_view fourcc = b.substr(12, 4);
  const std::uint32_t chunk_size = le32(b, 16);
  const std::size_t data = 20;
  auto need = [&](std::size_t n) { return chunk_size >= n && has(b, data, n); };
  if (fourcc == "VP8 ") {
    // frame tag(3), start code 9D 01 2A, width(2), height(2); 14 bits each.
    if (!need(10)) return Status::invalid("WebP VP8 chunk is cut short");
    if ((byte_at(b, data) & 1) != 0 || b.substr(data + 3, 3) != "\x9D\x01\x2A") {
      return Status::invalid("WebP VP8 chunk does not start with a key frame");
    }
    return sized("image/webp", le16(b, data + 6) & 0x3FFF, le16(b, data + 8) & 0x3FFF);
  }
  if (fourcc == "VP8L") {
    // signature 0x2F, then width-1 (14 bits), height-1 (14 bits), version (3 bits, 0).
    if (!need(5)) return Status::invalid("WebP VP8L chunk is cut short");
    const std::uint32_t bits = le32(b, data + 1);
    if (byte_at(b, data) != 0x2F || (bits >> 29) != 0) {
      return Status::invalid("WebP VP8L chunk has a bad signature");
    }
    return sized("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (fourcc == "VP8X") {
    // flags(1) reserved(3) canvas width-1 (3) canvas height-1 (3)
    if (!need(10)) return Status::invalid("WebP VP8X chunk is cut short");
    return sized("image/webp", std::int64_t{le24(b, data + 4)} + 1,
                 std::int64_t{le24(b, data + 7)} + 1);
  }
  return Status::invalid("WebP starts with an unknown chunk; expected VP8, VP8L or VP8X");
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure; an empty string is never
  // a valid hash, so a caller comparing hashes cannot be fooled by it.
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
    return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xF];
  }
  return out;
}

Result<ImageInfo> sniff_image(std::string_view bytes) {
  if (has(bytes, 0, 3) && bytes.substr(0, 3) == "\xFF\xD8\xFF") return sniff_jpeg(bytes);
  if (has(bytes, 0, 8) && bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n") return sniff_png(bytes);
  if (has(bytes, 0, 12) && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") {
    return sniff_webp(bytes);
  }
  return Status::invalid("not a JPEG, PNG or WebP image");
}

}  // namespace thidua
