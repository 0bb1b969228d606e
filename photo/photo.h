// Photos: image-type sniffing. Pure functions, no I/O.
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

struct ImageInfo {
  std::string mime;  // "image/jpeg", "image/png" or "image/webp"
  std::int64_t width = 0;
  std::int64_t height = 0;
  // Whether the file carries more than its pixels and how to show them
  // (colour profile, gamma, transparency): EXIF (which may hold the place,
  // the time, the camera), XMP, IPTC, comments, PNG text or time chunks,
  // makers' own segments. A file without any can be published as it is.
  bool metadata = false;
};

// Recognises a JPEG, a PNG or a WebP by walking its structure, without
// decoding pixels:
// - JPEG: SOI, marker segments with their lengths, a frame header (SOFn,
//   the size) before the first scan, scans, EOI as the last two bytes;
// - PNG: signature, IHDR first with sane fields, every chunk's length and
//   CRC, at least one IDAT, IEND last with nothing after it;
// - WebP: the RIFF size equal to the file's, chunks filling it exactly, a
//   VP8, VP8L or VP8X chunk first (the size; VP8X needs an image chunk).
// kInvalid for anything else, for a file cut short or with bytes after its
// end, for a zero width or height, and for absurd sizes (a side over
// 12,000 px or more than 50 megapixels, said in Vietnamese: the clerk who
// picked the file reads it). Messages say which check failed.
Result<ImageInfo> sniff_image(std::string_view bytes);

// `bytes` as a node keeps a photo a clerk picked: a JPEG that is whole up to
// its end marker (EOI) but has other data after it — phone cameras append
// motion clips and maker notes there, which may hold the place it was taken —
// is cut just after the marker: the same pixels, and it then passes
// sniff_image. Anything else comes back unchanged, for sniff_image to judge.
std::string_view trim_image_trailer(std::string_view bytes);

}  // namespace thidua
