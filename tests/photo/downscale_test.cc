// Downscaling a picked photo (photo/downscale.h): real images made with
// libvips in the test, hostile bytes never crash it.
#include "photo/downscale.h"

#include <doctest/doctest.h>

#include <random>

#include "tests/support/images.h"
#include "tests/support/photos.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

Downscaled downscaled(const std::string& bytes, const DownscaleOptions& options = {}) {
  auto out = downscale_photo(bytes, options);
  REQUIRE_MESSAGE(out.is_ok(), out.status().message());
  auto sniffed = sniff_image(out->bytes);
  REQUIRE(sniffed.is_ok());
  CHECK(sniffed->mime == out->info.mime);
  CHECK(sniffed->width == out->info.width);
  CHECK(sniffed->height == out->info.height);
  CHECK_FALSE(sniffed->metadata);
  return std::move(*out);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("sniff_image says which files carry metadata") {
  const std::string plain = make_photo(64, 48);
  auto info = sniff_image(plain);
  REQUIRE(info.is_ok());
  CHECK_FALSE(info->metadata);
  info = sniff_image(with_camera_metadata(plain));
  REQUIRE(info.is_ok());
  CHECK(info->metadata);
  CHECK_FALSE(sniff_image(kOnePixelPng)->metadata);
  const std::string png = png_header(4, 4);
  const std::string texted = png.substr(0, 33) + png_chunk("tEXt", std::string("Comment\0here", 12)) + png.substr(33);
  REQUIRE(sniff_image(texted).is_ok());
  CHECK(sniff_image(texted)->metadata);
  // libvips 8.14's WebP writer adds EXIF even when asked to strip it.
  CHECK(sniff_image(make_photo(16, 16, PhotoType::kWebp))->metadata);
}

TEST_CASE("a 4000x3000 camera JPEG comes out 1600x1200, quality 80, smaller") {
  const std::string big = with_camera_metadata(make_photo(4000, 3000));
  Downscaled out = downscaled(big);
  CHECK(out.reencoded);
  CHECK(out.info.mime == "image/jpeg");
  CHECK(out.info.width == 1600);
  CHECK(out.info.height == 1200);
  CHECK(out.bytes.size() < big.size() / 3);
}

TEST_CASE("EXIF orientation 6 is applied: width and height swap") {
  Downscaled out = downscaled(with_camera_metadata(make_photo(400, 200), 6));
  CHECK(out.reencoded);
  CHECK(out.info.width == 200);
  CHECK(out.info.height == 400);
  // Rotated and too big: the longest side is what is bounded.
  out = downscaled(with_camera_metadata(make_photo(3200, 1600), 6));
  CHECK(out.info.width == 800);
  CHECK(out.info.height == 1600);
}

TEST_CASE("EXIF with GPS, XMP and comments are gone from the output") {
  const std::string in = with_camera_metadata(make_photo(300, 200), 1);
  REQUIRE(contains(in, "Exif"));
  REQUIRE(contains(in, kSecretPlace));
  Downscaled out = downscaled(in);
  CHECK(out.reencoded);
  CHECK(out.info.width == 300);  // re-encoded to strip it, not enlarged
  CHECK(out.info.height == 200);
  for (const std::string& needle : {std::string("Exif"), std::string("xmpmeta"), std::string("GPS"),
                                    std::string("Lung Cu"), std::string("http://ns.adobe.com")}) {
    CHECK_MESSAGE(!contains(out.bytes, needle), needle);
  }
}

TEST_CASE("a small image without metadata is kept byte for byte, never enlarged") {
  const std::string small = make_photo(320, 240);
  Downscaled out = downscaled(small);
  CHECK_FALSE(out.reencoded);
  CHECK(out.bytes == small);
  out = downscaled(kOnePixelPng);
  CHECK_FALSE(out.reencoded);
  CHECK(out.bytes == kOnePixelPng);
  // At the limit exactly: kept.
  CHECK_FALSE(downscaled(make_photo(1600, 900)).reencoded);
}

TEST_CASE("PNG and WebP: with transparency PNG, without JPEG") {
  Downscaled out = downscaled(make_photo(2000, 1000, PhotoType::kPng, 4));
  CHECK(out.info.mime == "image/png");
  CHECK(out.info.width == 1600);
  CHECK(out.info.height == 800);
  out = downscaled(make_photo(2000, 1000, PhotoType::kPng, 3));
  CHECK(out.info.mime == "image/jpeg");
  CHECK(out.info.width == 1600);
  out = downscaled(make_photo(1000, 2000, PhotoType::kWebp));
  CHECK(out.info.mime == "image/jpeg");
  CHECK(out.info.width == 800);
  CHECK(out.info.height == 1600);
  out = downscaled(make_photo(1000, 2000, PhotoType::kWebp, 4));
  CHECK(out.info.mime == "image/png");
  CHECK(out.info.width == 800);
  DownscaleOptions small;
  small.max_side = 100;
  out = downscaled(make_photo(640, 480), small);
  CHECK(out.info.width == 100);
  CHECK(out.info.height == 75);
}

TEST_CASE("hostile and damaged input gives a Status in Vietnamese, never a crash") {
  auto refused = [](const std::string& bytes) {
    auto out = downscale_photo(bytes);
    REQUIRE_FALSE(out.is_ok());
    CHECK(out.status().code() == Status::Code::kInvalid);
    return out.status().message();
  };
  const std::string jpeg = make_photo(2000, 1500);
  CHECK(contains(refused(jpeg.substr(0, jpeg.size() / 2)), "không phải ảnh"));  // truncated
  CHECK(contains(refused(""), "không phải ảnh"));
  CHECK(contains(refused("<html>alert(1)</html>"), "không phải ảnh"));
  CHECK(contains(refused(std::string(kMaxPhotoBytes + 1, 'x')), "lớn quá"));
  CHECK(contains(refused(png_header(60000, 60000)), "quá lớn"));
  // Whole by structure, but no real pixels behind the headers: the decoder refuses.
  CHECK(contains(refused(jpeg_header(3000, 2000)), "ảnh bị hỏng"));
  // A PNG's short compressed data is only a warning for the decoder: grey pixels.
  auto grey = downscale_photo(png_header(2000, 2000));
  if (!grey.is_ok()) CHECK(grey.status().code() == Status::Code::kInvalid);
  // Flipped bytes anywhere: ok or refused, never a crash.
  std::mt19937 rng(12);
  const std::string mid = make_photo(1700, 1000);
  for (int i = 0; i < 30; ++i) {
    std::string bad = mid;
    for (int k = 0; k < 8; ++k) {
      std::size_t at = std::uniform_int_distribution<std::size_t>(0, bad.size() - 1)(rng);
      bad[at] = static_cast<char>(rng());
    }
    auto out = downscale_photo(bad);
    if (!out.is_ok()) CHECK(out.status().code() == Status::Code::kInvalid);
  }
}

TEST_CASE("odd sizes come out at most max_side on the longest side, grey stays grey") {
  struct Case {
    int w, h;
    std::int64_t want_w, want_h;
  } cases[] = {{4001, 2999, 1600, 1199}, {3333, 1111, 1600, 533}, {1601, 1601, 1600, 1600},
               {6401, 800, 1600, 200},   {999, 3201, 499, 1600}};
  for (const Case& c : cases) {
    CAPTURE(c.w);
    CAPTURE(c.h);
    Downscaled out = downscaled(make_photo(c.w, c.h));
    CHECK(out.info.width == c.want_w);
    CHECK(out.info.height == c.want_h);
  }
  Downscaled grey = downscaled(make_photo(2400, 1800, PhotoType::kJpeg, 1));
  CHECK(grey.info.mime == "image/jpeg");
  CHECK(grey.info.width == 1600);
  CHECK(grey.info.height == 1200);
}

TEST_CASE("a JPEG with a colour profile, or in CMYK, comes out sRGB with no profile") {
  for (const char* profile : {"srgb", "cmyk"}) {
    CAPTURE(profile);
    const std::string in = with_profile(make_photo(2000, 1000), profile);
    REQUIRE(contains(in, "ICC_PROFILE"));
    Downscaled out = downscaled(in);
    CHECK(out.info.mime == "image/jpeg");
    CHECK(out.info.width == 1600);
    CHECK(out.info.height == 800);
    CHECK_FALSE(contains(out.bytes, "ICC_PROFILE"));
    CHECK_FALSE(contains(out.bytes, "Adobe"));  // APP14: a CMYK JPEG's colour transform
    VipsImage* decoded = nullptr;
    REQUIRE(vips_jpegload_buffer(out.bytes.data(), out.bytes.size(), &decoded, nullptr) == 0);
    CHECK(decoded->Bands == 3);
    CHECK(decoded->Type == VIPS_INTERPRETATION_sRGB);
    g_object_unref(decoded);
  }
}
