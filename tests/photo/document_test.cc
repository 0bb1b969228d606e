// Dossier documents recognised by content (issue 13 §3).
#include "photo/document.h"

#include <doctest/doctest.h>

#include "tests/support/documents.h"
#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::string refused(const std::string& bytes) {
  auto type = sniff_document(bytes);
  REQUIRE_FALSE(type.is_ok());
  CHECK(type.status().code() == Status::Code::kInvalid);
  return type.status().message();
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("sniff_document takes PDF, JPEG and PNG by content") {
  auto pdf = sniff_document(small_pdf());
  REQUIRE_MESSAGE(pdf.is_ok(), pdf.status().message());
  CHECK(pdf->mime == "application/pdf");
  CHECK_FALSE(pdf->width.has_value());
  CHECK_FALSE(pdf->height.has_value());
  auto jpeg = sniff_document(jpeg_header(1240, 1754));
  REQUIRE_MESSAGE(jpeg.is_ok(), jpeg.status().message());
  CHECK(jpeg->mime == "image/jpeg");
  CHECK(jpeg->width == 1240);
  auto png = sniff_document(kOnePixelPng);
  REQUIRE(png.is_ok());
  CHECK(png->mime == "image/png");
  CHECK(png->height == 1);
  CHECK(document_extension("application/pdf") == ".pdf");
  CHECK(document_extension("image/jpeg") == ".jpg");
  CHECK(document_extension("text/html").empty());
}

TEST_CASE("sniff_document refuses everything else, in Vietnamese") {
  CHECK(contains(refused(""), "tệp rỗng"));
  CHECK(contains(refused("<html><script>alert(1)</script></html>"),
                 "chỉ nhận tệp PDF, ảnh JPEG hoặc PNG"));
  CHECK(contains(refused("PK\x03\x04 word/document.xml"), "không phải PDF, JPEG hay PNG"));
  CHECK(contains(refused(webp_vp8(320, 200)),
                 "không phải PDF, JPEG hay PNG"));  // WebP: a photo, not a document
  CHECK(contains(refused("%PDF-x.y\n%%EOF"), "số phiên bản"));
  const std::string pdf = small_pdf();
  CHECK(contains(refused(pdf.substr(0, pdf.size() / 2)), "%%EOF"));  // cut short in transit
  // Bytes after the end marker past the last 1024 are a cut or a payload.
  CHECK(contains(refused(pdf + std::string(2000, ' ')), "%%EOF"));
  const std::string jpeg = jpeg_header(10, 10);
  CHECK(contains(refused(jpeg.substr(0, jpeg.size() - 2)), "ảnh JPEG bị hỏng"));
  CHECK(contains(refused(std::string("%PDF-1.7\n") + std::string(kMaxDocumentBytes, ' ') + "%%EOF"),
                 "lớn quá 10 MB"));
}

TEST_CASE("sniff_document never reads past the buffer (every prefix of each kind)") {
  for (const std::string& whole : {small_pdf(), jpeg_header(5, 5), kOnePixelPng}) {
    for (std::size_t n = 0; n < whole.size(); ++n) (void)sniff_document(whole.substr(0, n));
  }
}
