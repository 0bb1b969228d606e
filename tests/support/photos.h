// Real images made with libvips for the tests of photo downscaling (no
// binary files in the tree): noise photos of any size, and the metadata a
// camera writes (EXIF with an orientation and a GPS block, XMP, a comment)
// spliced into a JPEG by hand so the tests know exactly what went in.
#pragma once

#include <vips/vips.h>

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "tests/support/images.h"

namespace thidua::testing {

enum class PhotoType { kJpeg, kPng, kWebp };

// A width x height noise image with `bands` bands (3: RGB, 4: RGBA),
// encoded as `type` (JPEG at quality 92) with no metadata.
inline std::string make_photo(int width, int height, PhotoType type = PhotoType::kJpeg, int bands = 3) {
  REQUIRE(vips_init("thidua-test") == 0);
  VipsImage* noise = nullptr;
  REQUIRE(vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 40.0, nullptr) == 0);
  VipsImage* grey = nullptr;
  REQUIRE(vips_cast_uchar(noise, &grey, nullptr) == 0);
  VipsImage* in[4] = {grey, grey, grey, grey};
  VipsImage* joined = nullptr;
  REQUIRE(vips_bandjoin(in, &joined, bands, nullptr) == 0);
  VipsImage* image = nullptr;
  REQUIRE(vips_copy(joined, &image, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr) == 0);
  void* buf = nullptr;
  size_t len = 0;
  int rc = type == PhotoType::kJpeg  ? vips_jpegsave_buffer(image, &buf, &len, "Q", 92, "strip", TRUE, nullptr)
           : type == PhotoType::kPng ? vips_pngsave_buffer(image, &buf, &len, "strip", TRUE, "compression", 1, nullptr)
                                     : vips_webpsave_buffer(image, &buf, &len, "Q", 80, "strip", TRUE, nullptr);
  for (VipsImage* i : {noise, grey, joined, image}) g_object_unref(i);
  REQUIRE(rc == 0);
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

// The JPEG `jpeg` saved again with an ICC profile (vips's built-in "srgb",
// or "cmyk": the pixels converted to CMYK, as print shops send them).
inline std::string with_profile(const std::string& jpeg, const char* profile) {
  VipsImage* in = nullptr;
  REQUIRE(vips_jpegload_buffer(const_cast<char*>(jpeg.data()), jpeg.size(), &in, nullptr) == 0);
  VipsImage* converted = nullptr;
  if (std::string(profile) == "cmyk") {
    REQUIRE(vips_icc_transform(in, &converted, "cmyk", "input_profile", "srgb", nullptr) == 0);
  } else {
    REQUIRE(vips_copy(in, &converted, nullptr) == 0);
  }
  void* buf = nullptr;
  size_t len = 0;
  const int rc = vips_jpegsave_buffer(converted, &buf, &len, "Q", 90, "profile", profile, nullptr);
  g_object_unref(in);
  g_object_unref(converted);
  REQUIRE(rc == 0);
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

// A marker the tests look for in the output: the "place" in the EXIF.
inline const std::string kSecretPlace = "Lung Cu, Dong Van, Ha Giang 23.36N 105.32E";

// An APP1 Exif segment, big-endian TIFF: IFD0 with ImageDescription (the
// secret place), Orientation `orientation` and a GPS IFD pointer; the GPS
// IFD with GPSVersionID 2.2 and GPSLatitudeRef "N".
inline std::string exif_segment(int orientation) {
  const std::string desc = kSecretPlace + '\0';
  // IFD0 at 8: 2 + 3*12 + 4 = 42 bytes; GPS IFD at 50: 2 + 2*12 + 4 = 30; text at 80.
  auto entry = [](std::uint32_t tag, std::uint32_t type, std::uint32_t count, const std::string& value) {
    return be16(tag) + be16(type) + be32(count) + value;
  };
  std::string tiff = std::string("MM\0\x2A", 4) + be32(8);
  tiff += be16(3) + entry(0x010E, 2, static_cast<std::uint32_t>(desc.size()), be32(80)) +
          entry(0x0112, 3, 1, be16(static_cast<std::uint32_t>(orientation)) + be16(0)) +
          entry(0x8825, 4, 1, be32(50)) + be32(0);
  tiff += be16(2) + entry(0x0000, 1, 4, std::string("\x02\x02\0\0", 4)) +
          entry(0x0001, 2, 2, std::string("N\0\0\0", 4)) + be32(0);
  tiff += desc;
  const std::string body = std::string("Exif\0\0", 6) + tiff;
  return std::string("\xFF\xE1", 2) + be16(static_cast<std::uint32_t>(body.size() + 2)) + body;
}

// The JPEG `jpeg` with a camera's metadata after its SOI: the EXIF above,
// an XMP packet and a comment (each also naming the place).
inline std::string with_camera_metadata(const std::string& jpeg, int orientation = 1) {
  const std::string xmp = std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                          "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><exif:GPSLatitude>23,22N</exif:GPSLatitude>" +
                          kSecretPlace + "</x:xmpmeta>";
  const std::string app1_xmp = std::string("\xFF\xE1", 2) + be16(static_cast<std::uint32_t>(xmp.size() + 2)) + xmp;
  const std::string com = std::string("\xFF\xFE", 2) + be16(static_cast<std::uint32_t>(kSecretPlace.size() + 2)) +
                          kSecretPlace;
  return jpeg.substr(0, 2) + exif_segment(orientation) + app1_xmp + com + jpeg.substr(2);
}

}  // namespace thidua::testing
