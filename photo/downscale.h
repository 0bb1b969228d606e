// Photos as a node stores and sends them: downscaled, upright, and without
// what the camera wrote about where and when (libvips, kept out of this
// header).
//
// What comes out, by what comes in (the input must pass sniff_image):
// - A file already within the size (longest side <= max_side) that carries
//   no metadata (ImageInfo::metadata: no EXIF, XMP, IPTC, comments, PNG text
//   chunks) is kept byte for byte: nothing to strip, nothing to rotate (the
//   orientation lives in EXIF), and re-encoding would only lose quality.
// - Anything else is decoded (shrink-on-load where the format has it),
//   turned upright by its EXIF orientation, reduced so its longest side is
//   at most max_side (never enlarged), converted to sRGB when it carries
//   another colour profile, and re-encoded with every metadata field
//   stripped:
//   - a JPEG as a JPEG at `jpeg_quality`;
//   - a PNG with transparency as a PNG: it is a logo, a diagram or a
//     screenshot whose transparent parts would otherwise get a colour the
//     page may not have, and such images are small once downscaled;
//   - a PNG without transparency as a JPEG at `jpeg_quality`: a photograph
//     saved as PNG is five to ten times the size of the same JPEG;
//   - a WebP like a PNG (PNG with transparency, JPEG without): libvips
//     8.14's WebP writer adds an EXIF block even when told to strip
//     metadata (the tests saw it), and WebP from a clerk's PC is rare.
// Only the first frame of an animated PNG or WebP is kept when re-encoded.
// A damaged file the decoder can still read (a PNG whose compressed data
// ends early) may come out with grey where pixels were missing: the clerk
// sees it in the preview; only errors, not warnings, refuse a file, since
// real cameras' JPEGs often trigger warnings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "photo/photo.h"

namespace thidua {

struct DownscaleOptions {
  int max_side = 1600;     // the longest side of the result, in pixels
  int jpeg_quality = 80;   // 1..100, for JPEG output
};

struct Downscaled {
  std::string bytes;        // the photo to store and send
  ImageInfo info;           // sniff_image of `bytes` (metadata is false)
  bool reencoded = false;   // false: the input, kept byte for byte
};

// The photo `bytes` as described at the top of this file. kInvalid, with a
// Vietnamese sentence for the clerk who picked the file, for more than
// kMaxPhotoBytes, for what sniff_image refuses (checked before the decoder
// sees a byte), and for a file the decoder cannot read (a damaged image);
// kInternal when the image library cannot start. Thread-safe; the library
// is started once, on first use, with its operation cache off (a node
// processes one photo at a time, and a cache would only hold memory).
Result<Downscaled> downscale_photo(std::string_view bytes, const DownscaleOptions& options = {});

}  // namespace thidua
