// Issue 13 §3, dossier documents over the real sync server: moved by the
// photos' queue, their rows authorized as their nomination's, their bytes
// served to the province and the nomination's unit only: never to another
// district, not even through a published story.
#include "tests/support/documents.h"

#include <httplib.h>

#include "photo/document.h"
#include "records/records.h"
#include "store/node_store.h"
#include "sync/protocol/protocol.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::string nominate_on(Store& node) {
  auto id = nominate(node, {"Chị Lò Thị Mai", "individual", "Bằng khen của Chủ tịch UBND tỉnh",
                            "Mười năm dạy chữ."});
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  return *id;
}

std::string attach(Store& node, const std::string& nomination, const std::string& bytes) {
  auto id = attach_document(node, nomination, "to-trinh", bytes, "to-trinh.pdf");
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  return *id;
}

std::optional<std::string> held(Store& node, const std::string& hash) {
  auto bytes = node.blob_bytes(hash);
  REQUIRE(bytes.is_ok());
  return *bytes;
}

int get_blob(SyncFixture& f, const std::string& token, const std::string& hash) {
  httplib::Client http(f.url());
  auto res = http.Get("/api/v1/photos/" + hash, {{"Authorization", "Bearer " + token}});
  REQUIRE(res);
  return res->status;
}

// The reasons the server gives for `cells` pushed as `token` ("" = taken).
std::vector<std::string> push(SyncFixture& f, const std::string& token,
                              const std::vector<RemoteCell>& cells) {
  SyncRequest req;
  req.schema = latest_schema_version();
  req.cells = cells;
  httplib::Client http(f.url());
  auto res = http.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}},
                       encode_sync_request(req), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto decoded = decode_sync_response(res->body);
  REQUIRE(decoded.is_ok());
  std::vector<std::string> out(cells.size());
  for (const auto& r : decoded->rejected) out.at(r.index) = r.reason;
  return out;
}

std::vector<RemoteCell> document_cells(const std::string& id, const std::string& nomination,
                                       const std::string& hash) {
  Hlc at = hlc_pack(wall_clock_ms(), 0);
  auto cell = [&](const char* column, Value v) {
    return RemoteCell{"nomination_documents", id, column, std::move(v), ++at, "", std::nullopt};
  };
  return {cell("_row", std::int64_t{1}), cell("nomination_id", nomination), cell("blob_hash", hash),
          cell("kind", std::string("khac")), cell("file_name", std::string("x.pdf"))};
}

bool any_refused(const std::vector<std::string>& reasons) {
  for (const auto& r : reasons) {
    if (!r.empty()) return true;
  }
  return false;
}

// A server with Đồng Văn, Mèo Vạc and Yên Minh (districts) and the board
// (province) as nodes, and Đồng Văn's PC holding a nomination not yet sent.
struct DossierFixture : SyncFixture {
  Issued dv = add_node("dong-van", "district");
  Issued mv = add_node("meo-vac", "district");
  Issued ym = add_node("yen-minh", "district");
  Issued tinh = add_node("ban-tdkt", "province");
  std::unique_ptr<Store> district;
  std::string nom;

  DossierFixture() {
    start();
    district = init("dv.db", dv);
    nom = nominate_on(*district);
  }

  // Mèo Vạc names `hash` as the photo of a story of its own and the
  // province publishes that story: a district's way to reach bytes that
  // are not its own, had publishing opened them.
  void publish_story_of_meo_vac(Store& meo_vac, Store& province, const std::string& hash) {
    REQUIRE(meo_vac
                .write("stories", {{"id", std::string("mv-st")},
                                   {"unit_id", std::string("meo-vac")},
                                   {"title", std::string("Bài")},
                                   {"subject", std::string("Ông A")},
                                   {"category", std::string("individual")},
                                   {"body_md", std::string("Nội dung.")},
                                   {"status", std::string("submitted")},
                                   {"created_on", std::string("2021-03-02")}})
                .is_ok());
    REQUIRE(meo_vac
                .write("story_photos", {{"id", std::string("mv-ph")},
                                        {"story_id", std::string("mv-st")},
                                        {"blob_hash", hash},
                                        {"alt", std::string("Ảnh")},
                                        {"ordinal", std::int64_t{1}}})
                .is_ok());
    REQUIRE(sync(meo_vac).cells_rejected == 0);
    sync(province);
    REQUIRE(province
                .write("stories", {{"id", std::string("mv-st")},
                                   {"status", std::string("published")},
                                   {"published_on", std::string("2021-06-01")}})
                .is_ok());
    REQUIRE(sync(province).cells_rejected == 0);
  }
};

}  // namespace

TEST_CASE(
    "issue 13: a dossier's PDF goes up and reaches the province and a replacement PC, never "
    "another district") {
  DossierFixture f;
  const Issued &dv = f.dv, &mv = f.mv, &tinh = f.tinh;
  auto& district = f.district;
  const std::string& nom = f.nom;
  const std::string pdf = small_pdf("TO-TRINH-DONG-VAN");
  const std::string hash = sha256_hex(pdf);
  attach(*district, nom, pdf);
  auto sent = f.sync(*district);
  CHECK(sent.cells_rejected == 0);
  CHECK(sent.photos_uploaded == 1);
  {
    auto central = f.central();
    auto info = central->blob_info(hash);
    REQUIRE((info.is_ok() && info->has_value()));
    CHECK((*info)->mime == "application/pdf");
    CHECK_FALSE((*info)->width.has_value());
  }

  auto province = f.init("tinh.db", tinh);
  CHECK(held(*province, hash) == std::optional<std::string>(pdf));
  CHECK(NodeStore(*province).documents_missing()->empty());
  CHECK(list_documents(*province, nom)->size() == 1);

  auto replacement = f.init("dv-new.db", dv);  // issue 11: a new PC gets the unit's everything
  CHECK(held(*replacement, hash) == std::optional<std::string>(pdf));

  // Another district sees neither the row nor the bytes, even naming the
  // hash in its own dossier and in a story the province publishes.
  auto other = f.init("mv.db", mv);
  CHECK_FALSE(other->get("nominations", nom)->has_value());
  CHECK(get_blob(f, mv.token, hash) == 404);
  const std::string theirs = nominate_on(*other);
  REQUIRE(f.sync(*other).cells_rejected == 0);
  CHECK_FALSE(any_refused(push(f, mv.token, document_cells("mv-doc", theirs, hash))));
  f.publish_story_of_meo_vac(*other, *province, hash);
  CHECK(get_blob(f, mv.token, hash) == 404);
  CHECK(get_blob(f, dv.token, hash) == 200);
  CHECK(get_blob(f, tinh.token, hash) == 200);
  f.sync(*other);
  CHECK_FALSE(held(*other, hash));
}

TEST_CASE(
    "issue 13: document rows are their nomination's: refused on another unit's or a decided "
    "nomination") {
  DossierFixture f;
  const Issued &dv = f.dv, &mv = f.mv, &ym = f.ym, &tinh = f.tinh;
  auto& district = f.district;
  const std::string& nom = f.nom;
  REQUIRE(f.sync(*district).cells_rejected == 0);
  const std::string hash = sha256_hex(small_pdf("X"));

  // Another district, on Đồng Văn's nomination.
  CHECK(any_refused(push(f, mv.token, document_cells("mv-on-dv", nom, hash))));
  // Đồng Văn on its own while submitted: taken; a hash that is no SHA-256 is not.
  CHECK_FALSE(any_refused(push(f, dv.token, document_cells("dv-doc", nom, hash))));
  CHECK(any_refused(push(f, dv.token, document_cells("dv-bad", nom, "../../etc/passwd"))));

  // Once the province approved it, the dossier is closed to the district.
  auto province = f.init("tinh.db", tinh);
  REQUIRE(
      province
          ->write("nominations", {{"id", nom},
                                  {"status", std::string("approved")},
                                  {"appraised_on", std::string("2021-05-10")}})
          .is_ok());
  REQUIRE(f.sync(*province).cells_rejected == 0);
  CHECK(any_refused(push(f, dv.token, document_cells("dv-late", nom, hash))));
  // The province still may attach: its document reaches the unit's PC.
  const std::string minutes = small_pdf("BIEN-BAN-HOI-DONG");
  auto id = attach_document(*province, nom, "bien-ban", minutes, "bien-ban.pdf");
  REQUIRE_MESSAGE(id.is_ok(), id.status().message());
  auto up = f.sync(*province);
  CHECK(up.cells_rejected == 0);
  CHECK(up.photos_uploaded == 1);
  auto got = f.sync(*district);
  CHECK(got.documents_downloaded == 1);
  CHECK(held(*district, sha256_hex(minutes)) == std::optional<std::string>(minutes));
  CHECK(get_blob(f, mv.token, sha256_hex(minutes)) == 404);

  // Bytes the province uploaded show in a published story of any unit,
  // unless they are a dossier's: named as a photo of Mèo Vạc's story, then
  // published, they still go to no other district.
  auto other = f.init("mv.db", mv);
  f.publish_story_of_meo_vac(*other, *province, sha256_hex(minutes));
  CHECK(get_blob(f, mv.token, sha256_hex(minutes)) == 404);
  CHECK(get_blob(f, ym.token, sha256_hex(minutes)) == 404);
  CHECK(get_blob(f, dv.token, sha256_hex(minutes)) == 200);
}
