// Fuzzes the dossier documents' type check (photo/document.h), which the
// server runs on every file a district uploads. Checks the promises
// document.h makes: a document taken is a PDF (its header, a version, the
// end marker in the last 1024 bytes; no size) or a JPEG or PNG exactly as
// sniff_image reads it (the same type and size), never WebP or anything
// else, never empty or over kMaxDocumentBytes; every refusal is a kInvalid
// whose message, read by the clerk, is valid UTF-8; the answer depends on
// the bytes alone.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "photo/document.h"
#include "photo/photo.h"
#include "store/schema.h"

namespace {

void check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();  // libFuzzer reports it as a crash with the input
}

bool same(const thidua::Result<thidua::DocumentType>& a,
          const thidua::Result<thidua::DocumentType>& b) {
  if (a.is_ok() != b.is_ok()) return false;
  if (!a.is_ok()) return a.status().message() == b.status().message();
  return a->mime == b->mime && a->width == b->width && a->height == b->height;
}

void check_taken(std::string_view bytes, const thidua::DocumentType& doc) {
  check(!bytes.empty() && bytes.size() <= thidua::kMaxDocumentBytes,
        "a document of a refused size");
  check(!thidua::document_extension(doc.mime).empty(), "a type without an extension");
  if (doc.mime == thidua::kPdfMime) {
    check(bytes.substr(0, 5) == "%PDF-", "a PDF without its header");
    const std::size_t tail = bytes.size() > 1024 ? bytes.size() - 1024 : 0;
    check(bytes.find("%%EOF", tail) != std::string_view::npos, "a PDF without its end marker");
    check(!doc.width && !doc.height, "a PDF with a size");
    return;
  }
  auto image = thidua::sniff_image(bytes);
  check(image.is_ok(), "an image sniff_image refuses");
  check(image->mime == doc.mime, "an image type other than sniff_image's");
  check(doc.mime == "image/jpeg" || doc.mime == "image/png", "an image type documents do not take");
  check(doc.width == image->width && doc.height == image->height,
        "a size other than sniff_image's");
  check(*doc.width > 0 && *doc.height > 0, "an image without a size");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = thidua::sniff_document(bytes);
  check(same(doc, thidua::sniff_document(bytes)), "two answers for the same bytes");
  if (doc.is_ok()) {
    check_taken(bytes, *doc);
  } else {
    check(doc.status().code() == thidua::Status::Code::kInvalid, "a refusal that is not kInvalid");
    check(!doc.status().message().empty(), "a refusal without a message");
    check(thidua::is_valid_utf8(doc.status().message()), "a message that is not valid UTF-8");
  }
  return 0;
}
