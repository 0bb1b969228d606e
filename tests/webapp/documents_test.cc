// Tài liệu của hồ sơ (issue 13 §3): the nomination page lists a dossier's
// documents with a download link and takes one file per upload; the
// download is an attachment with nosniff, 403 for another unit's document
// and 404 for what this copy lacks; hostile file names come out inert.
#include "records/documents.h"

#include "tests/support/documents.h"
#include "tests/webapp/story_forms.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::string add(AppFixture& a) {
  auto id = nominate(
      *a.store, {"Chị Lò Thị Mai", "individual", "Bằng khen của Chủ tịch UBND tỉnh", "Mười năm."});
  REQUIRE(id.is_ok());
  return *id;
}

webapp::UploadedFile document_part(const std::string& filename, const std::string& bytes) {
  return {"tai_lieu", filename, "application/pdf", bytes};
}

webapp::Response upload(AppFixture& a, const std::string& nomination, const std::string& filename,
                        const std::string& bytes, const std::string& kind = "to-trinh") {
  return post_multipart(a, "/de-nghi/" + nomination + "/tai-lieu", {{"kind", kind}},
                        {document_part(filename, bytes)});
}

}  // namespace

TEST_CASE(
    "a clerk attaches a PDF on the nomination page, sees it listed, downloads it as an "
    "attachment") {
  AppFixture a;
  const std::string nom = add(a);
  auto page = a.get("/de-nghi/" + nom);
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "Tài liệu của hồ sơ"));
  CHECK(contains(page.body, "Hồ sơ chưa có tài liệu nào."));
  CHECK(contains(page.body,
                 "action=\"/de-nghi/" + nom + "/tai-lieu\" enctype=\"multipart/form-data\""));
  CHECK(contains(page.body, "<option value=\"bien-ban\">Biên bản</option>"));

  const std::string pdf = small_pdf();
  auto sent = upload(a, nom, "C:\\Hồ sơ\\Tờ trình số 12.pdf", pdf);
  CHECK(sent.status == 303);
  CHECK(sent.header("Location") == "/de-nghi/" + nom + "?da-dinh-kem=1#tai-lieu");
  const std::string hash = sha256_hex(pdf);
  page = a.get("/de-nghi/" + nom);
  CHECK(contains(page.body, "Tờ trình:</span> <a href=\"/ho-so/" + hash +
                                "\" download>Tờ trình số 12.pdf</a>"));

  auto file = a.get("/ho-so/" + hash);
  REQUIRE(file.status == 200);
  CHECK(file.body == pdf);
  CHECK(file.header("Content-Type") == "application/pdf");
  CHECK(file.header("X-Content-Type-Options") == "nosniff");
  CHECK(file.header("Content-Disposition") ==
        "attachment; filename=\"tai-lieu.pdf\"; "
        "filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh%20s%E1%BB%91%2012.pdf");
  CHECK(a.send("POST", "/ho-so/" + hash, "", "127.0.0.1:8080").status ==
        403);  // no CSRF token: refused first

  // Removed from the page: the link goes, the copy keeps the bytes unnamed.
  auto docs = list_documents(*a.store, nom);
  REQUIRE(docs->size() == 1);
  auto removed = a.post("/de-nghi/" + nom + "/tai-lieu/" + (*docs)[0].id + "/bo", "");
  CHECK(removed.status == 303);
  CHECK(list_documents(*a.store, nom)->empty());
  CHECK(a.get("/ho-so/" + hash).status == 404);
}

TEST_CASE(
    "uploads refused: not a document, no file, a decided nomination, another unit's; 403 and 404 "
    "downloads") {
  AppFixture a;
  const std::string nom = add(a);
  auto html = upload(a, nom, "x.pdf", "<html><script>alert(1)</script></html>");
  CHECK(html.status == 400);
  CHECK(contains(html.body, "chỉ nhận tệp PDF, ảnh JPEG hoặc PNG"));
  auto none = post_multipart(a, "/de-nghi/" + nom + "/tai-lieu", {{"kind", "khac"}}, {});
  CHECK(none.status == 400);
  CHECK(contains(none.body, "Chưa chọn tệp"));
  auto no_csrf = post_multipart(a, "/de-nghi/" + nom + "/tai-lieu", {{"kind", "khac"}},
                                {document_part("a.pdf", small_pdf())}, false);
  CHECK(no_csrf.status == 403);
  CHECK(list_documents(*a.store, nom)->empty());

  REQUIRE(
      a.store->write("nominations", {{"id", nom}, {"status", std::string("approved")}}).is_ok());
  auto late = upload(a, nom, "a.pdf", small_pdf());
  CHECK(late.status == 409);
  CHECK_FALSE(contains(a.get("/de-nghi/" + nom).body, "enctype=\"multipart/form-data\""));

  // Another unit's document in this copy (as a sync might have left it).
  const std::string other = small_pdf("OTHER");
  REQUIRE(a.store
              ->write("nominations", {{"id", std::string("mv-nom")},
                                      {"unit_id", std::string("meo-vac")},
                                      {"status", std::string("submitted")}})
              .is_ok());
  REQUIRE(a.store
              ->put_blob({sha256_hex(other),
                          "application/pdf",
                          static_cast<std::int64_t>(other.size()),
                          {},
                          {}},
                         other, false)
              .is_ok());
  REQUIRE(a.store
              ->write("nomination_documents", {{"id", std::string("mv-doc")},
                                               {"nomination_id", std::string("mv-nom")},
                                               {"blob_hash", sha256_hex(other)}})
              .is_ok());
  CHECK(upload(a, "mv-nom", "a.pdf", small_pdf()).status == 400);
  CHECK(a.get("/ho-so/" + sha256_hex(other)).status == 403);
  CHECK(a.get("/ho-so/" + std::string(64, 'a')).status == 404);
  CHECK(a.get("/ho-so/../../etc/passwd").status == 404);
  // Multipart goes only to the upload route, not to the removal route.
  CHECK(post_multipart(a, "/de-nghi/" + nom + "/tai-lieu/x/bo", {},
                       {document_part("a.pdf", small_pdf())})
            .status == 400);
}

TEST_CASE("the province attaches to any unit's nomination") {
  AppFixture a("ubnd-tinh", "province");
  REQUIRE(a.store
              ->write("nominations", {{"id", std::string("dv-nom")},
                                      {"unit_id", std::string("dong-van")},
                                      {"nominee", std::string("Anh A")},
                                      {"status", std::string("approved")}})
              .is_ok());
  CHECK(list_documents(*a.store, "dv-nom")->empty());
  auto attached = attach_document(*a.store, "dv-nom", "bien-ban", small_pdf("BB"), "bien-ban.pdf");
  REQUIRE(attached.is_ok());
  CHECK(a.get("/ho-so/" + sha256_hex(small_pdf("BB"))).status == 200);
  // Its review page lists the dossier and takes another file.
  auto page = a.get("/cho-duyet/de-nghi/dv-nom");
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "<a href=\"/ho-so/" + sha256_hex(small_pdf("BB")) +
                                "\" download>bien-ban.pdf</a>"));
  CHECK(contains(page.body, "action=\"/de-nghi/dv-nom/tai-lieu\""));
  auto sent = upload(a, "dv-nom", "to-trinh.pdf", small_pdf("TT"));
  CHECK(sent.status == 303);
  CHECK(sent.header("Location") == "/cho-duyet/de-nghi/dv-nom?da-dinh-kem=1#tai-lieu");
  CHECK(list_documents(*a.store, "dv-nom")->size() == 2);
}
