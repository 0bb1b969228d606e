// The province's review in the office web app (issue 12): the photo route
// /anh/<sha256>, the queue /cho-duyet and the decision pages.
#include "common/hex.h"
#include "tests/support/images.h"
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Stores `bytes` as the photo `hash` with the mime `stored_mime` (which the
// route must not trust).
void put_photo(Store& s, const std::string& hash, const std::string& bytes,
               const std::string& stored_mime) {
  BlobInfo info{hash, stored_mime, static_cast<std::int64_t>(bytes.size()), 1, 1};
  REQUIRE(s.put_blob(info, bytes, /*queue_upload=*/false).is_ok());
}

}  // namespace

TEST_CASE("/anh/<hash> serves the copy's photo, typed by its bytes, cached as immutable") {
  AppFixture a;
  const std::string hash = sha256_hex(kOnePixelPng);
  put_photo(*a.store, hash, kOnePixelPng, "image/webp");  // a wrong stored mime
  auto r = a.get("/anh/" + hash);
  CHECK(r.status == 200);
  CHECK(r.body == kOnePixelPng);
  CHECK(r.header("Content-Type") == "image/png");
  CHECK(r.header("Cache-Control") == "private, max-age=31536000, immutable");
  CHECK(r.header("X-Content-Type-Options") == "nosniff");
  CHECK_FALSE(r.header("Content-Security-Policy").empty());
  auto head = a.send("HEAD", "/anh/" + hash, "", "127.0.0.1:8080");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Type") == "image/png");
  CHECK(a.post("/anh/" + hash, "").status == 405);
}

TEST_CASE("/anh/ answers 404 for a malformed or unknown hash, 500 for damaged bytes") {
  AppFixture a;
  const std::string hash = sha256_hex(kOnePixelPng);
  std::string upper = hash;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& bad :
       {std::string(""), hash.substr(0, 63), hash + "0", upper, hash + "/x", std::string("../node.db"),
        std::string(64, 'g'), hash.substr(0, 62) + "%41"}) {
    CAPTURE(bad);
    auto r = a.get("/anh/" + bad);
    CHECK(r.status == 404);
    CHECK(contains(r.body, "Không tìm thấy ảnh"));
    CHECK(r.header("Cache-Control") == "no-store");
  }
  auto unknown = a.get("/anh/" + hash);  // not fetched yet
  CHECK(unknown.status == 404);
  CHECK(contains(unknown.body, "đồng bộ lại"));

  // Bytes that are not an image, or not the ones the hash names, are never served.
  const std::string text = "không phải ảnh";
  put_photo(*a.store, sha256_hex(text), text, "image/jpeg");
  CHECK(a.get("/anh/" + sha256_hex(text)).status == 500);
  const std::string other = sha256_hex("khác");
  put_photo(*a.store, other, kOnePixelPng, "image/png");
  auto mismatch = a.get("/anh/" + other);
  CHECK(mismatch.status == 500);
  CHECK(mismatch.body != kOnePixelPng);
}
