// Issue 13 §3: dossier documents are never public. A site built from a
// database with documents on approved and submitted nominations, one of
// them even named as a published story's photo, holds none of their
// hashes, bytes or file names; a real photo beside them still is published
// (so the check would see a leak).
#include "tests/support/documents.h"

#include "common/hex.h"
#include "tests/sitegen/site_fixture.h"
#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// Stores `bytes` as the server keeps an upload of `unit` (a verified holder).
std::string keep(Store& s, const std::string& bytes, const std::string& mime,
                 const std::string& unit, std::optional<std::int64_t> width = {},
                 std::optional<std::int64_t> height = {}) {
  const std::string hash = sha256_hex(bytes);
  BlobInfo info{hash, mime, static_cast<std::int64_t>(bytes.size()), width, height};
  REQUIRE(s.put_blob(info, bytes, false).is_ok());
  REQUIRE(ServerStore(s).add_blob_holder(hash, unit).is_ok());
  return hash;
}

void document(Store& s, const std::string& id, const std::string& nomination,
              const std::string& hash, const std::string& file_name) {
  REQUIRE(s.write("nomination_documents", {{"id", id},
                                           {"nomination_id", nomination},
                                           {"blob_hash", hash},
                                           {"kind", std::string("to-trinh")},
                                           {"file_name", file_name},
                                           {"ordinal", std::int64_t{1}}})
              .is_ok());
}

void story_photo(Store& s, const std::string& id, const std::string& hash, std::int64_t ordinal) {
  REQUIRE(s.write("story_photos", {{"id", id},
                                   {"story_id", std::string("s1")},
                                   {"blob_hash", hash},
                                   {"alt", std::string("Ảnh")},
                                   {"ordinal", ordinal}})
              .is_ok());
}

}  // namespace

TEST_CASE(
    "issue 13: no document of a dossier reaches public/, not even named as a published story's "
    "photo") {
  SiteFixture f;
  const std::string pdf = small_pdf("HO-SO-MAT-" + kDraftMarker),
                    pdf2 = small_pdf("HO-SO-CHUA-XET");
  const std::string scan = png_with_payload(40, 60, 3'000), photo = png_with_payload(30, 20, 2'000);
  std::string pdf_hash, pdf2_hash, scan_hash, photo_hash;
  {
    auto s = f.open();
    pdf_hash = keep(*s, pdf, "application/pdf", "dong-van");
    pdf2_hash = keep(*s, pdf2, "application/pdf", "meo-vac");
    scan_hash = keep(*s, scan, "image/png", "dong-van", 40, 60);
    photo_hash = keep(*s, photo, "image/png", "dong-van", 30, 20);
    document(*s, "doc-1", "n1", pdf_hash, "To-trinh-bi-mat.pdf");  // n1: approved, on the site
    document(*s, "doc-2", "n1", scan_hash, "Bien-ban-bi-mat.png");
    document(*s, "doc-3", "n2", pdf2_hash, "Chua-xet-bi-mat.pdf");  // n2: submitted
    story_photo(*s, "ph-doc", scan_hash, 1);  // a dossier's scan named as a photo of published s1
    story_photo(*s, "ph-pdf", pdf_hash, 2);   // a PDF named as one
    story_photo(*s, "ph-ok", photo_hash, 3);  // a real photo
  }
  auto built = f.build();
  REQUIRE_MESSAGE(built.is_ok(), built.status().message());
  bool photo_published = false;
  for (const auto& [path, bytes] : read_tree(f.out)) {
    CAPTURE(path);
    for (const auto& hash : {pdf_hash, pdf2_hash, scan_hash}) {
      CHECK_FALSE(contains(bytes, hash.substr(0, 20)));  // photo paths use 20 hex digits
      CHECK_FALSE(contains(path, hash.substr(0, 20)));
    }
    CHECK_FALSE(contains(bytes, "%PDF-"));
    CHECK_FALSE(contains(bytes, kDraftMarker));
    CHECK_FALSE(contains(bytes, "HO-SO-CHUA-XET"));
    CHECK_FALSE(contains(bytes, "bi-mat"));
    CHECK(bytes != scan);
    if (bytes == photo) photo_published = true;
  }
  CHECK(photo_published);
}
