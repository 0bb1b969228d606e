// Image sniffing, including hostile and truncated bytes.
#include "photo/photo.h"

#include <doctest/doctest.h>

#include <random>

#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

void check_image(const std::string& bytes, const std::string& mime, std::int64_t w,
                 std::int64_t h) {
  auto info = sniff_image(bytes);
  REQUIRE_MESSAGE(info.is_ok(), info.status().message());
  CHECK(info->mime == mime);
  CHECK(info->width == w);
  CHECK(info->height == h);
}

std::string invalid_message(const std::string& bytes) {
  auto info = sniff_image(bytes);
  REQUIRE_FALSE(info.is_ok());
  CHECK(info.status().code() == Status::Code::kInvalid);
  return info.status().message();
}

}  // namespace

TEST_CASE("sniff_image reads the size of JPEG, PNG and WebP") {
  check_image(kOnePixelPng, "image/png", 1, 1);
  check_image(png_header(640, 480), "image/png", 640, 480);
  check_image(jpeg_header(1024, 768), "image/jpeg", 1024, 768);
  check_image(jpeg_header(12000, 1, '\xC2'), "image/jpeg", 12000, 1);  // progressive SOF2
  check_image(jpeg_header(3, 5, '\xCF'), "image/jpeg", 3, 5);
  check_image(webp_vp8(320, 200), "image/webp", 320, 200);
  check_image(webp_vp8l(7000, 7000), "image/webp", 7000, 7000);
  check_image(webp_vp8x(640, 2), "image/webp", 640, 2);
}

TEST_CASE("regression (issue 9, images): absurd sizes are refused in Vietnamese") {
  // The 33-byte "PNG": signature and an IHDR claiming 60000x60000.
  const std::string claim = png_header(60000, 60000).substr(0, 33);
  REQUIRE(claim.size() == 33);
  CHECK(invalid_message(claim).find("ảnh quá lớn: 60000×60000") != std::string::npos);
  CHECK(invalid_message(png_header(60000, 60000)).find("quá lớn") != std::string::npos);
  CHECK(invalid_message(png_header(12001, 1)).find("quá lớn") != std::string::npos);
  CHECK(invalid_message(png_header(8000, 7000)).find("quá lớn") != std::string::npos);  // 56 MP
  CHECK(invalid_message(jpeg_header(65535, 1)).find("quá lớn") != std::string::npos);
  CHECK(invalid_message(webp_vp8l(16384, 1)).find("quá lớn") != std::string::npos);
  CHECK(invalid_message(webp_vp8x(16777216, 2)).find("quá lớn") != std::string::npos);
  check_image(png_header(12000, 4000), "image/png", 12000, 4000);  // 48 MP: allowed
}

TEST_CASE("regression (issue 9, images): a PNG header followed by HTML is not an image") {
  const std::string html = "<html><script>alert(document.cookie)</script></html>";
  const std::string ihdr = png_header(10, 10).substr(0, 33);
  CHECK_FALSE(sniff_image(ihdr + html).is_ok());
  CHECK(invalid_message(png_header(10, 10) + html).find("after its end chunk") != std::string::npos);
  CHECK(invalid_message(jpeg_header(10, 10) + html).find("after its end marker") != std::string::npos);
  std::string w = webp_vp8l(10, 10) + html;
  CHECK(invalid_message(w).find("after its RIFF") != std::string::npos);
}

TEST_CASE(
    "regression (issue 13, found by fuzz_document_sniff): a PNG cut short in a chunk whose type "
    "is not text names it in printable characters") {
  // The message reaches the clerk who picked the file and the server's JSON
  // answer: the chunk type's raw bytes (here 0xC7) made it invalid UTF-8.
  const std::string png = std::string(kOnePixelPng).substr(0, 33) + be32(10) + "I\xC7\xC7\xC7" + "1234";
  const std::string message = invalid_message(png);
  CHECK(message == "PNG is cut short in chunk I???");
}

TEST_CASE("images are walked whole: PNG chunks, JPEG segments, WebP chunks") {
  // PNG: a flipped bit in any chunk breaks its CRC.
  std::string png = png_header(4, 4);
  for (std::size_t at : {std::size_t{20}, png.size() - 20, png.size() - 5}) {
    std::string bad = png;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    CHECK(invalid_message(bad).find("CRC") != std::string::npos);
  }
  const std::string sig("\x89PNG\r\n\x1A\n", 8);
  const std::string ihdr = png_chunk("IHDR", be32(4) + be32(4) + std::string("\x08\x02\0\0\0", 5));
  const std::string idat = png_chunk("IDAT", "x");
  CHECK(invalid_message(sig + ihdr + png_chunk("IEND", "")).find("IDAT") != std::string::npos);
  CHECK(invalid_message(sig + ihdr + ihdr + idat + png_chunk("IEND", "")).find("second IHDR") != std::string::npos);
  CHECK(invalid_message(sig + idat + ihdr + png_chunk("IEND", "")).find("IHDR") != std::string::npos);
  CHECK(invalid_message(sig + ihdr + idat).find("cut short") != std::string::npos);
  const std::string odd = png_chunk("IHDR", be32(4) + be32(4) + std::string("\x03\x02\0\0\0", 5));
  CHECK(invalid_message(sig + odd + idat + png_chunk("IEND", "")).find("impossible") != std::string::npos);
  // JPEG: no EOI, a frame header with a bad component count.
  std::string jpeg = jpeg_header(8, 8);
  CHECK(invalid_message(jpeg.substr(0, jpeg.size() - 2)).find("EOI") != std::string::npos);
  std::string comps = jpeg;
  comps[comps.find(std::string("\xFF\xC0", 2)) + 9] = '\x09';
  CHECK(invalid_message(comps).find("component") != std::string::npos);
  // Entropy-coded data with stuffed FF 00 and restart markers is skipped.
  std::string scan = jpeg;
  scan.insert(scan.size() - 2, std::string("\x12\xFF\x00\x34\xFF\xD0\x56", 7));
  check_image(scan, "image/jpeg", 8, 8);
  // WebP: a VP8X with no image, a chunk running past the RIFF end.
  CHECK(invalid_message(webp("VP8X", std::string("\x10\0\0\0", 4) + le24(3) + le24(3))).find("no image") !=
        std::string::npos);
  std::string past = webp_vp8x(4, 4);
  past[past.size() - 8] = '\x7F';  // the VP8L chunk's size
  CHECK(invalid_message(past).find("past the end") != std::string::npos);
}

TEST_CASE("JPEG markers that share the SOF range are not frame headers") {
  // DHT (C4), JPG (C8) and DAC (CC) are skipped; a JPEG with only those
  // has no size.
  for (char marker : {'\xC4', '\xC8', '\xCC'}) {
    std::string j = jpeg_header(10, 10, marker);
    CAPTURE(static_cast<int>(static_cast<unsigned char>(marker)));
    CHECK(invalid_message(j).find("frame header") != std::string::npos);
  }
  // Fill bytes before a marker and a restart marker without a length.
  std::string j = jpeg_header(7, 9);
  j.insert(2, std::string("\xFF\xFF\xFF\xD0", 4));
  check_image(j, "image/jpeg", 7, 9);
}

TEST_CASE("anything else is refused with a clear message") {
  for (const std::string& bytes :
       {std::string(), std::string("GIF89a\x01\0\x01\0", 10), std::string("%PDF-1.7"),
        std::string("<svg/>"), std::string("\xFF\xD8", 2), std::string("RIFF\0\0\0\0WAVE", 12),
        std::string(100, '\0')}) {
    CHECK(invalid_message(bytes) == "not a JPEG, PNG or WebP image");
  }
}

TEST_CASE("zero-sized images are refused") {
  CHECK(invalid_message(png_header(0, 10)).find("zero") != std::string::npos);
  CHECK(invalid_message(png_header(10, 0)).find("zero") != std::string::npos);
  CHECK(invalid_message(jpeg_header(0, 10)).find("zero") != std::string::npos);
  CHECK(invalid_message(jpeg_header(10, 0)).find("zero") != std::string::npos);
  CHECK(invalid_message(webp_vp8(0, 5)).find("zero") != std::string::npos);
  CHECK(invalid_message(png_header(0x80000000u, 1)).find("out of range") != std::string::npos);
}

TEST_CASE("every truncation of a valid image is refused or read within bounds") {
  // Run under ASan: any read past the buffer fails the test run. Copies
  // are made so the sanitizer sees the true end of each buffer.
  for (const std::string& full : {kOnePixelPng, png_header(5, 6), jpeg_header(5, 6), webp_vp8(5, 6),
                                  webp_vp8l(5, 6), webp_vp8x(5, 6)}) {
    auto whole = sniff_image(full);
    REQUIRE(whole.is_ok());
    for (std::size_t n = 0; n < full.size(); ++n) {
      std::string cut = full.substr(0, n);
      auto info = sniff_image(cut);
      if (info.is_ok()) {
        CHECK(info->width == whole->width);
        CHECK(info->height == whole->height);
      } else {
        CHECK(info.status().code() == Status::Code::kInvalid);
      }
    }
  }
  // Cut before the size is known: always refused.
  CHECK_FALSE(sniff_image(png_header(5, 6).substr(0, 28)).is_ok());
  CHECK(invalid_message(jpeg_header(5, 6).substr(0, 30)).find("cut short") != std::string::npos);
  CHECK(invalid_message(webp_vp8l(5, 6).substr(0, 24)).find("cut short") != std::string::npos);
}

TEST_CASE("hostile JPEG segment lengths and WebP sizes stay in bounds") {
  const std::string soi("\xFF\xD8", 2);
  // Length 0 and 1 would loop or step backwards; a huge length runs off the end.
  CHECK_FALSE(sniff_image(soi + std::string("\xFF\xE0\0\0", 4)).is_ok());
  CHECK_FALSE(sniff_image(soi + std::string("\xFF\xE0\0\x01", 4)).is_ok());
  CHECK_FALSE(
      sniff_image(soi + std::string("\xFF\xE0\xFF\xFF", 4) + std::string(100, 'x')).is_ok());
  CHECK_FALSE(
      sniff_image(soi + std::string("\xFF\xC0\0\x05\x08\0\x01", 7)).is_ok());  // SOF too short
  CHECK_FALSE(sniff_image(soi + std::string(1000, '\xFF')).is_ok());           // only fill bytes
  CHECK_FALSE(sniff_image(soi + std::string("\xFF\x00", 2)).is_ok());
  // A RIFF size that claims more than there is.
  std::string w = webp_vp8l(4, 4);
  w[4] = '\xFF';
  w[7] = '\x7F';
  CHECK(invalid_message(w).find("cut short") != std::string::npos);
  // A chunk size smaller than the header it must hold.
  std::string v = webp_vp8x(4, 4);
  v[16] = '\x02';
  CHECK_FALSE(sniff_image(v).is_ok());
  // An unknown first chunk.
  CHECK(invalid_message(webp("ALPH", "xxxx")).find("unknown chunk") != std::string::npos);
}

TEST_CASE("random bytes behind each signature never read out of bounds") {
  std::mt19937 rng(20210401);  // fixed seed: a failure reproduces
  const std::string prefixes[] = {
      std::string("\xFF\xD8\xFF", 3), std::string("\x89PNG\r\n\x1A\n", 8),
      std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), std::string("RIFF\x10\0\0\0WEBPVP8L", 16),
      std::string("RIFF\x10\0\0\0WEBPVP8X", 16)};
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = prefixes[i % 5];
    const auto n = rng() % 64;
    for (unsigned k = 0; k < n; ++k) bytes += static_cast<char>(rng() % 4 == 0 ? 0xFF : rng());
    auto info = sniff_image(bytes);
    if (info.is_ok()) {
      ++accepted;
      CHECK(info->width > 0);
      CHECK(info->height > 0);
    }
  }
  CHECK(accepted < 20000);
}

TEST_CASE("a JPEG with data after its end marker is refused whole, and trimmed to its image") {
  // Phone cameras append motion clips and maker notes after EOI.
  const std::string jpeg = jpeg_header(800, 600);
  const std::string with_trailer = jpeg + "ftypmp42 a motion clip \xFF\xD9 and more";
  CHECK(invalid_message(with_trailer).find("after its end marker") != std::string::npos);
  CHECK(trim_image_trailer(with_trailer) == jpeg);
  check_image(std::string(trim_image_trailer(with_trailer)), "image/jpeg", 800, 600);
  // Whole images and anything that is not a whole JPEG come back unchanged.
  CHECK(trim_image_trailer(jpeg) == jpeg);
  CHECK(trim_image_trailer(kOnePixelPng + "<html>") == kOnePixelPng + "<html>");
  const std::string cut = jpeg.substr(0, jpeg.size() - 2);
  CHECK(trim_image_trailer(cut) == cut);
  CHECK(trim_image_trailer("") == "");
}
