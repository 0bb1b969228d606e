// Tiny images built byte by byte, for tests of photo sniffing and of
// stories with photos. Each is whole as sniff_image walks it (every PNG
// chunk with its CRC, JPEG up to EOI, WebP chunks filling the RIFF size);
// kOnePixelPng is moreover a valid image any viewer opens, the others
// carry placeholder pixel data.
#pragma once

#include <cstdint>
#include <string>

namespace thidua::testing {

// A complete 1x1 RGBA PNG (signature, IHDR, IDAT, IEND with their CRCs).
inline const std::string kOnePixelPng = std::string(
    "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1F\x15\xC4\x89"
    "\0\0\0\x0AIDAT\x78\x9C\x63\0\x01\0\0\x05\0\x01\x0D\x0A\x2D\xB4\0\0\0\0IEND\xAE\x42\x60\x82",
    67);

inline std::string be16(std::uint32_t v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v)};
}
inline std::string be32(std::uint32_t v) { return be16(v >> 16) + be16(v & 0xFFFF); }
inline std::string le16(std::uint32_t v) {
  return {static_cast<char>(v), static_cast<char>(v >> 8)};
}
inline std::string le24(std::uint32_t v) { return le16(v & 0xFFFF) + static_cast<char>(v >> 16); }
inline std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

// CRC-32 as PNG uses it, bit by bit (tests only: speed does not matter).
inline std::uint32_t png_crc(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (char ch : bytes) {
    c ^= static_cast<unsigned char>(ch);
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

inline std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(png_crc(type + data));
}

// A width x height PNG: signature, IHDR, one IDAT (placeholder data), IEND.
inline std::string png_header(std::uint32_t width, std::uint32_t height) {
  return std::string("\x89PNG\r\n\x1A\n", 8) +
         png_chunk("IHDR", be32(width) + be32(height) + std::string("\x08\x02\0\0\0", 5)) +
         png_chunk("IDAT", std::string("\x78\x9C\x63\0\0\0\x01\0\x01", 9)) + png_chunk("IEND", "");
}

// A width x height PNG whose IDAT carries `payload` bytes (placeholder data):
// a photo of a given size on the wire.
inline std::string png_with_payload(std::uint32_t width, std::uint32_t height, std::size_t payload) {
  return std::string("\x89PNG\r\n\x1A\n", 8) +
         png_chunk("IHDR", be32(width) + be32(height) + std::string("\x08\x02\0\0\0", 5)) +
         png_chunk("IDAT", std::string(payload, 'x')) + png_chunk("IEND", "");
}

// SOI, APP0 (JFIF), DHT (a marker in the SOF range that is not a frame
// header), SOF0 with the size, SOS, EOI.
inline std::string jpeg_header(std::uint32_t width, std::uint32_t height, char sof = '\xC0') {
  std::string j("\xFF\xD8", 2);
  j += std::string("\xFF\xE0", 2) + be16(16) + std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14);
  j += std::string("\xFF\xC4", 2) + be16(5) + std::string("\0\0\0", 3);
  j += std::string("\xFF", 1) + sof + be16(17) + std::string("\x08", 1) + be16(height) +
       be16(width) + std::string("\x03\x01\x22\0\x02\x11\x01\x03\x11\x01", 10);
  j += std::string("\xFF\xDA", 2) + be16(8) + std::string("\x01\x01\0\0\x3F\0", 6);
  j += std::string("\xFF\xD9", 2);
  return j;
}

// A RIFF/WEBP file around one chunk (padded to even length).
inline std::string webp(const std::string& fourcc, const std::string& data) {
  std::string chunk = fourcc + le32(static_cast<std::uint32_t>(data.size())) + data;
  if (data.size() % 2) chunk += '\0';
  return "RIFF" + le32(static_cast<std::uint32_t>(4 + chunk.size())) + "WEBP" + chunk;
}

inline std::string webp_vp8(std::uint32_t width, std::uint32_t height) {
  return webp("VP8 ", std::string("\x10\x02\0\x9D\x01\x2A", 6) + le16(width) + le16(height));
}

inline std::string webp_vp8l(std::uint32_t width, std::uint32_t height) {
  return webp("VP8L", "\x2F" + le32((width - 1) | (height - 1) << 14));
}

// An extended WebP: a VP8X chunk with the canvas size, then the image as
// a VP8L chunk.
inline std::string webp_vp8x(std::uint32_t width, std::uint32_t height) {
  std::string vp8x = std::string("\x10\0\0\0", 4) + le24(width - 1) + le24(height - 1);
  std::string chunks = "VP8X" + le32(static_cast<std::uint32_t>(vp8x.size())) + vp8x;
  std::string image = "\x2F" + le32(((width - 1) & 0x3FFF) | ((height - 1) & 0x3FFF) << 14);
  chunks += "VP8L" + le32(static_cast<std::uint32_t>(image.size())) + image + '\0';
  return "RIFF" + le32(static_cast<std::uint32_t>(4 + chunks.size())) + "WEBP" + chunks;
}

}  // namespace thidua::testing
