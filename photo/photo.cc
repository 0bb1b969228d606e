#include "photo/photo.h"

#include <array>
#include <optional>

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

// A chunk type for a message: printable ASCII or hex.
std::string describe_fourcc(std::string_view t) {
  std::string out;
  for (char c : t) out += (c >= 0x21 && c <= 0x7E) ? std::string(1, c) : "?";
  return out;
}

// True when `bytes` holds at least n bytes from `at` (no overflow).
bool has(std::string_view bytes, std::size_t at, std::size_t n) {
  return at <= bytes.size() && n <= bytes.size() - at;
}

// Sizes a viewer could be made to allocate gigabytes for are refused.
constexpr std::int64_t kMaxSide = 12000;
constexpr std::int64_t kMaxPixels = 50'000'000;

Result<ImageInfo> sized(const char* mime, std::int64_t width, std::int64_t height) {
  if (width <= 0 || height <= 0) {
    return Status::invalid(std::string(mime) + " image has a zero width or height (" +
                           std::to_string(width) + "x" + std::to_string(height) + ")");
  }
  if (width > kMaxSide || height > kMaxSide || width * height > kMaxPixels) {
    return Status::invalid("ảnh quá lớn: " + std::to_string(width) + "×" + std::to_string(height) +
                           " điểm ảnh (tối đa " + std::to_string(kMaxSide) + " điểm mỗi cạnh và " +
                           std::to_string(kMaxPixels / 1'000'000) + " triệu điểm ảnh)");
  }
  return ImageInfo{mime, width, height, false};
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

// After an SOS header: skips the entropy-coded data (where FF is followed
// by 00 or a restart marker) and returns the position of the next marker's
// FF, or npos when the data runs to the end without one.
std::size_t skip_scan(std::string_view b, std::size_t pos) {
  for (; has(b, pos, 2); ++pos) {
    if (byte_at(b, pos) != 0xFF) continue;
    const std::uint32_t next = byte_at(b, pos + 1);
    if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7)) return pos;
  }
  return std::string_view::npos;
}

// A JPEG walked from SOI to its end marker.
struct JpegWalk {
  ImageInfo info;
  std::size_t end = 0;  // just past EOI
};

// APPn and COM segments that hold nothing but how to show the pixels:
// JFIF's header, an ICC colour profile, Adobe's colour transform flag.
// Every other one (EXIF and XMP in APP1, IPTC in APP13, comments, makers'
// own) may say where, when and with what the photo was taken.
bool is_metadata_segment(std::string_view b, std::uint32_t marker, std::size_t data, std::size_t n) {
  if (!(marker >= 0xE0 && marker <= 0xEF) && marker != 0xFE) return false;
  const std::string_view body = b.substr(data, n);
  if (marker == 0xE0) return body.substr(0, 5) != std::string_view("JFIF\0", 5);
  if (marker == 0xE2) return body.substr(0, 12) != std::string_view("ICC_PROFILE\0", 12);
  if (marker == 0xEE) return body.substr(0, 5) != "Adobe";
  return true;
}

// SOI, marker segments with their lengths, a frame header (SOFn) before
// the first scan, scans, then EOI; what follows EOI is the caller's call.
Result<JpegWalk> walk_jpeg(std::string_view b) {
  const Status cut = Status::invalid("JPEG is cut short before its frame header (SOF)");
  std::optional<ImageInfo> frame;
  bool scanned = false;
  bool metadata = false;
  std::size_t pos = 2;  // after SOI
  for (;;) {
    if (!has(b, pos, 1)) return frame ? Status::invalid("JPEG is cut short: no end marker (EOI)") : cut;
    if (byte_at(b, pos) != 0xFF) {
      return Status::invalid("JPEG has no segment marker at byte " + std::to_string(pos));
    }
    while (has(b, pos, 1) && byte_at(b, pos) == 0xFF) ++pos;  // fill bytes
    if (!has(b, pos, 1)) return cut;
    const std::uint32_t marker = byte_at(b, pos++);
    // Markers without a length: TEM and RST0..RST7.
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9 && scanned) {
      frame->metadata = metadata;
      return JpegWalk{*frame, pos};
    }
    if (marker == 0x00 || marker == 0xD8 || marker == 0xD9 || (marker == 0xDA && !frame)) {
      return Status::invalid("JPEG has no frame header (SOF) before marker " + marker_name(marker) +
                             " at byte " + std::to_string(pos - 2));
    }
    if (!has(b, pos, 2)) return cut;
    const std::size_t length = be16(b, pos);  // counts its own two bytes
    if (length < 2) {
      return Status::invalid("JPEG segment " + marker_name(marker) + " has length " +
                             std::to_string(length));
    }
    if (!has(b, pos, length)) return frame ? Status::invalid("JPEG is cut short in a segment") : cut;
    metadata = metadata || is_metadata_segment(b, marker, pos + 2, length - 2);
    if (is_sof(marker) && !frame) {
      // length(2) precision(1) height(2) width(2) components(1), 3 bytes each
      if (length < 8) return Status::invalid("JPEG frame header is too short");
      const std::size_t components = byte_at(b, pos + 7);
      if (components < 1 || components > 4 || length != 8 + 3 * components) {
        return Status::invalid("JPEG frame header has a bad component count");
      }
      auto size = sized("image/jpeg", be16(b, pos + 5), be16(b, pos + 3));
      if (!size) return size.status();
      frame = *size;
    }
    pos += length;
    if (marker == 0xDA) {
      scanned = true;
      pos = skip_scan(b, pos);
      if (pos == std::string_view::npos) return Status::invalid("JPEG is cut short: no end marker (EOI)");
    }
  }
}

// EOI must be the very last two bytes.
Result<ImageInfo> sniff_jpeg(std::string_view b) {
  auto walk = walk_jpeg(b);
  if (!walk) return walk.status();
  if (walk->end != b.size()) return Status::invalid("JPEG has bytes after its end marker (EOI)");
  return walk->info;
}

// CRC-32 (ISO 3309, as PNG uses it) of `bytes`.
std::uint32_t crc32_of(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (char ch : bytes) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

// IHDR's bit depth, colour type, compression, filter and interlace fields.
bool sane_ihdr(std::string_view b, std::size_t data) {
  const std::uint32_t depth = byte_at(b, data + 8), colour = byte_at(b, data + 9);
  const bool depth_ok = (colour == 0 && (depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16)) ||
                        (colour == 3 && (depth == 1 || depth == 2 || depth == 4 || depth == 8)) ||
                        ((colour == 2 || colour == 4 || colour == 6) && (depth == 8 || depth == 16));
  return depth_ok && byte_at(b, data + 10) == 0 && byte_at(b, data + 11) == 0 && byte_at(b, data + 12) <= 1;
}

// PNG chunks that hold pixels or how to show them; every other one (text,
// EXIF, time, makers' own, animation) counts as metadata.
bool is_pixel_chunk(std::string_view type) {
  static constexpr std::string_view kPixels[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
                                                 "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs"};
  for (std::string_view p : kPixels) {
    if (type == p) return true;
  }
  return false;
}

// Signature, IHDR first, every chunk's length and CRC, at least one IDAT,
// IEND last with nothing after it.
Result<ImageInfo> sniff_png(std::string_view b) {
  std::optional<ImageInfo> header;
  bool image_data = false;
  bool metadata = false;
  for (std::size_t pos = 8;;) {
    if (!has(b, pos, 12)) {
      return Status::invalid(header ? "PNG is cut short before its end chunk (IEND)"
                                    : "PNG is cut short before the end of its IHDR header");
    }
    const std::uint32_t length = be32(b, pos);
    const std::string_view type = b.substr(pos + 4, 4);
    if (length > 0x7FFFFFFFu || !has(b, pos + 8, std::size_t{length} + 4)) {
      return Status::invalid(header ? "PNG is cut short in chunk " + describe_fourcc(type)
                                    : "PNG is cut short before the end of its IHDR header");
    }
    if (crc32_of(b.substr(pos + 4, 4 + std::size_t{length})) != be32(b, pos + 8 + length)) {
      return Status::invalid("PNG chunk " + describe_fourcc(type) + " has a bad CRC");
    }
    if (!header) {
      if (type != "IHDR" || length != 13) return Status::invalid("PNG does not start with an IHDR header");
      const std::uint32_t width = be32(b, pos + 8), height = be32(b, pos + 12);
      if (width > 0x7FFFFFFFu || height > 0x7FFFFFFFu) return Status::invalid("PNG size is out of range");
      if (!sane_ihdr(b, pos + 8)) return Status::invalid("PNG IHDR header has impossible fields");
      auto size = sized("image/png", width, height);
      if (!size) return size.status();
      header = *size;
    } else if (type == "IHDR") {
      return Status::invalid("PNG has a second IHDR header");
    }
    image_data = image_data || type == "IDAT";
    metadata = metadata || !is_pixel_chunk(type);
    pos += 12 + std::size_t{length};
    if (type == "IEND") {
      if (!image_data) return Status::invalid("PNG has no image data (IDAT)");
      if (pos != b.size()) return Status::invalid("PNG has bytes after its end chunk (IEND)");
      header->metadata = metadata;
      return *header;
    }
  }
}

// The first chunk (VP8, VP8L or VP8X) gives the size.
Result<ImageInfo> webp_first_chunk(std::string_view b) {
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

// "RIFF" size(4) "WEBP", the RIFF size equal to the file's, then chunks
// (fourcc, size, data padded to even) filling it exactly; a VP8X file
// carries its image in a later VP8, VP8L or ANMF chunk.
Result<ImageInfo> sniff_webp(std::string_view b) {
  const std::uint64_t riff_size = le32(b, 4);
  if (riff_size + 8 > b.size()) {
    return Status::invalid("WebP is cut short: its RIFF header announces " +
                           std::to_string(riff_size + 8) + " bytes, there are " +
                           std::to_string(b.size()));
  }
  if (riff_size + 8 < b.size()) return Status::invalid("WebP has bytes after its RIFF container");
  if (!has(b, 12, 8)) return Status::invalid("WebP is cut short before its first chunk");
  auto info = webp_first_chunk(b);
  if (!info) return info.status();
  bool image = b.substr(12, 4) != "VP8X";
  for (std::size_t pos = 12; pos < b.size();) {
    if (!has(b, pos, 8)) return Status::invalid("WebP is cut short in a chunk header");
    const std::uint64_t padded = (std::uint64_t{le32(b, pos + 4)} + 1) & ~std::uint64_t{1};
    if (padded > b.size() - pos - 8) return Status::invalid("WebP chunk " + describe_fourcc(b.substr(pos, 4)) + " runs past the end");
    const std::string_view fourcc = b.substr(pos, 4);
    if (pos > 12 && (fourcc == "VP8 " || fourcc == "VP8L" || fourcc == "ANMF")) image = true;
    if (fourcc == "EXIF" || fourcc == "XMP ") info->metadata = true;
    pos += 8 + static_cast<std::size_t>(padded);
  }
  if (!image) return Status::invalid("WebP VP8X file has no image chunk");
  return info;
}

}  // namespace

std::string_view trim_image_trailer(std::string_view bytes) {
  if (!has(bytes, 0, 3) || bytes.substr(0, 3) != "\xFF\xD8\xFF") return bytes;
  auto walk = walk_jpeg(bytes);
  return walk ? bytes.substr(0, walk->end) : bytes;
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
