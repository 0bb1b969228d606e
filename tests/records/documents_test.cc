// A nomination's dossier documents (issue 13 §3): checked by content, kept
// as picked, queued for upload, only where the unit or the province may.
#include "records/documents.h"

#include "photo/document.h"
#include "store/schema.h"
#include "tests/records/fixture.h"
#include "tests/support/documents.h"
#include "tests/support/images.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::string nominate_here(Store& s) {
  auto id = nominate(
      s, {"Chị Lò Thị Mai", "individual", "Bằng khen của Chủ tịch UBND tỉnh", "Mười năm dạy chữ."});
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  return *id;
}

void set_status(Store& s, const std::string& id, const std::string& status) {
  REQUIRE(s.write("nominations", {{"id", id}, {"status", status}}).is_ok());
}

std::string other_units_nomination(Store& s) {
  const std::string id = "meo-vac-nom";
  REQUIRE(s.write("nominations", {{"id", id},
                                  {"unit_id", std::string("meo-vac")},
                                  {"nominee", std::string("Anh A")},
                                  {"award", std::string("Bằng khen")},
                                  {"status", std::string("submitted")}})
              .is_ok());
  return id;
}

}  // namespace

TEST_CASE("attach_document keeps a PDF as picked, content-addressed and queued for upload") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string nom = nominate_here(*s);
  const std::string pdf = small_pdf();
  auto id = attach_document(*s, nom, "to-trinh", pdf, "C:\\Users\\van-thu\\Tờ trình số 12.pdf");
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  Row row = get_row(*s, "nomination_documents", *id);
  CHECK(text(row, "nomination_id") == nom);
  CHECK(text(row, "kind") == "to-trinh");
  CHECK(text(row, "file_name") == "Tờ trình số 12.pdf");  // no folder of the clerk's PC
  const std::string hash = text(row, "blob_hash");
  CHECK(hash == sha256_hex(pdf));
  CHECK(*s->blob_bytes(hash) == std::optional<std::string>(pdf));  // not changed
  auto info = s->blob_info(hash);
  REQUIRE((info.is_ok() && info->has_value()));
  CHECK((*info)->mime == "application/pdf");
  CHECK_FALSE((*info)->width.has_value());
  CHECK(*NodeStore(*s).photos_to_upload() == std::vector<std::string>{hash});

  // A scan as a JPEG, full size (never downscaled), after the PDF.
  const std::string scan = jpeg_header(2480, 3508);
  auto second = attach_document(*s, nom, "bien-ban", scan, "bien-ban.JPEG");
  REQUIRE_MESSAGE(second.is_ok(), second.status().message());
  auto docs = list_documents(*s, nom);
  REQUIRE(docs.is_ok());
  REQUIRE(docs->size() == 2);
  CHECK((*docs)[0].id == *id);
  CHECK((*docs)[0].held);
  CHECK((*docs)[0].size == static_cast<std::int64_t>(pdf.size()));
  CHECK((*docs)[1].file_name == "bien-ban.JPEG");
  CHECK((*docs)[1].mime == "image/jpeg");
  CHECK((*docs)[1].ordinal == 2);
  CHECK(*s->blob_bytes((*docs)[1].blob_hash) == std::optional<std::string>(scan));
}

TEST_CASE("attach_document refuses what is not a document, and writes nothing") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string nom = nominate_here(*s);
  const Snapshot before = snapshot(*s);
  auto html =
      attach_document(*s, nom, "to-trinh", "<html><script>alert(1)</script>", "to-trinh.pdf");
  CHECK(html.status().code() == Status::Code::kInvalid);
  CHECK(contains(html.status().message(), "chỉ nhận tệp PDF, ảnh JPEG hoặc PNG"));
  CHECK(contains(html.status().message(), "to-trinh.pdf"));
  CHECK(
      contains(attach_document(*s, nom, "to-trinh", webp_vp8(10, 10), "a.webp").status().message(),
               "không phải PDF"));
  CHECK(contains(attach_document(*s, nom, "giay-khen", small_pdf(), "a.pdf").status().message(),
                 "loại tài liệu"));
  const std::string huge = "%PDF-1.7\n" + std::string(kMaxDocumentBytes, ' ') + "%%EOF";
  CHECK(contains(attach_document(*s, nom, "khac", huge, "a.pdf").status().message(), "lớn quá"));
  CHECK(attach_document(*s, "no-such", "khac", small_pdf(), "a.pdf").status().code() ==
        Status::Code::kNotFound);
  CHECK(snapshot(*s) == before);
}

TEST_CASE("a district attaches only to its own open nomination; the province to any") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string nom = nominate_here(*s);
  const std::string theirs = other_units_nomination(*s);
  auto other = attach_document(*s, theirs, "khac", small_pdf(), "a.pdf");
  CHECK(other.status().code() == Status::Code::kInvalid);
  CHECK(contains(other.status().message(), "meo-vac"));
  for (const char* decided : {"appraised", "approved", "forwarded"}) {
    set_status(*s, nom, decided);
    auto late = attach_document(*s, nom, "khac", small_pdf(), "a.pdf");
    CHECK(late.status().code() == Status::Code::kConflict);
  }
  set_status(*s, nom, "rejected");  // the unit's again: it completes the dossier and resubmits
  auto again = attach_document(*s, nom, "bao-cao-thanh-tich", small_pdf("BAO-CAO"), "bao-cao.pdf");
  REQUIRE_MESSAGE(again.is_ok(), again.status().message());
  set_status(*s, nom, "approved");
  CHECK(remove_document(*s, *again).code() == Status::Code::kConflict);

  StoreFixture pf;
  auto p = open_node(pf, "ubnd-tinh", "province");
  const std::string their_nom = other_units_nomination(*p);
  set_status(*p, their_nom, "approved");
  auto by_province =
      attach_document(*p, their_nom, "bien-ban", small_pdf("BIEN-BAN"), "bien-ban.pdf");
  REQUIRE_MESSAGE(by_province.is_ok(), by_province.status().message());
  CHECK(remove_document(*p, *by_province).is_ok());
  CHECK(list_documents(*p, their_nom)->empty());
  CHECK(remove_document(*p, *by_province).code() == Status::Code::kNotFound);
}

TEST_CASE("document_file serves a district only its own unit's documents") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string nom = nominate_here(*s);
  const std::string theirs = other_units_nomination(*s);
  const std::string mine = small_pdf("MINE"), other = small_pdf("OTHER");
  REQUIRE(attach_document(*s, nom, "to-trinh", mine, "to-trinh.pdf").is_ok());
  // As a sync might have left it: another unit's document row (a district's
  // copy never should hold one; the rule holds even so).
  REQUIRE(
      s->put_blob(
           {sha256_hex(other), "application/pdf", static_cast<std::int64_t>(other.size()), {}, {}},
           other, false)
          .is_ok());
  REQUIRE(s->write("nomination_documents", {{"id", std::string("d2")},
                                            {"nomination_id", theirs},
                                            {"blob_hash", sha256_hex(other)},
                                            {"kind", std::string("khac")},
                                            {"file_name", std::string("x.pdf")}})
              .is_ok());
  auto got = document_file(*s, sha256_hex(mine));
  REQUIRE_MESSAGE(got.is_ok(), got.status().message());
  CHECK(got->bytes == mine);
  CHECK(got->mime == "application/pdf");
  CHECK(got->file_name == "to-trinh.pdf");
  CHECK(document_file(*s, sha256_hex(other)).status().code() == Status::Code::kInvalid);
  CHECK(document_file(*s, std::string(64, 'a')).status().code() == Status::Code::kNotFound);
}

TEST_CASE(
    "clean_document_name: no path, no control or Windows-forbidden characters, UTF-8, bounded, "
    "right extension") {
  CHECK(clean_document_name("/home/a/../../etc/passwd", "application/pdf") == "passwd.pdf");
  CHECK(clean_document_name("..\\..\\Biên bản.PDF", "application/pdf") == "Biên bản.PDF");
  CHECK(clean_document_name("a\r\nContent-Type: text\".pdf", "application/pdf") ==
        "a__Content-Type_ text_.pdf");
  CHECK(clean_document_name("x.html", "application/pdf") == "x.html.pdf");
  CHECK(clean_document_name("anh.jpeg", "image/jpeg") == "anh.jpeg");
  CHECK(clean_document_name("  ...  ", "image/png") == "tai-lieu.png");
  CHECK(clean_document_name("", "application/pdf") == "tai-lieu.pdf");
  CHECK(clean_document_name("b\xFF\xC3.pdf", "application/pdf") == "b__.pdf");
  const std::string long_name =
      clean_document_name(std::string(300, 'a') + "ờ.pdf", "application/pdf");
  CHECK(long_name.size() <= kMaxDocumentNameBytes);
  CHECK(long_name.ends_with(".pdf"));
  const std::string vietnamese =
      clean_document_name(std::string(200, '\xE1') + "x", "application/pdf");
  CHECK(is_valid_utf8(vietnamese));
  std::string many_o;
  for (int i = 0; i < 100; ++i) many_o += "ờ";  // 3 bytes each: the cut falls on a character
  const std::string cut = clean_document_name(many_o, "application/pdf");
  CHECK(is_valid_utf8(cut));
  CHECK(cut.size() <= kMaxDocumentNameBytes);
}
