// `thidua node status` shows the cells whose value here the server refused
// (issue 11 item 5c: a refused edit left the copy silently different from
// the server's while status said 0 conflicts and 0 pending).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/node_cli.h"
#include "store/node_store.h"
#include "store/store.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A district node whose title edit of story "s1" the server refused, as
// the client settles a refusal: kept in sync_rejected, the outbox emptied.
void node_with_refused_title(const std::string& path) {
  auto store = Store::open(path);
  REQUIRE(store.is_ok());
  Store& s = **store;
  REQUIRE(s.write("units", {{"id", std::string("dong-van")}, {"name", std::string("Huyện Đồng Văn")}}).is_ok());
  NodeConfig config{"dong-van", "district", "http://127.0.0.1:1", "t", {}, {}};
  REQUIRE(NodeStore(s).set_node_config(config).is_ok());
  REQUIRE(s.write("stories", {{"id", std::string("s1")},
                              {"unit_id", std::string("dong-van")},
                              {"title", std::string("Người giữ rừng")}})
              .is_ok());
  auto out = s.outbox();
  REQUIRE(out.is_ok());
  std::vector<std::int64_t> seqs;
  for (const auto& e : *out) {
    seqs.push_back(e.seq);
    if (e.table == "stories" && e.column == "title") {
      REQUIRE(NodeStore(s).record_rejection(e, "bài \"s1\" đã được duyệt; muốn sửa, xin liên hệ cấp tỉnh").is_ok());
    }
  }
  REQUIRE(NodeStore(s).drop_outbox(seqs).is_ok());
}

}  // namespace

TEST_CASE("regression (issue 11 item 5c): node status lists a refused edit that still stands here") {
  TempDir dir;
  const std::string db = dir.file("dv.db");
  node_with_refused_title(db);

  auto plain = node({"status", "--db", db});
  REQUIRE_MESSAGE(plain.exit_code == 0, plain.err);
  CHECK(plain.out.find("Thay đổi chờ gửi: 0 (0 ô dữ liệu)") != std::string::npos);
  CHECK(plain.out.find("Ô khác với máy chủ (máy chủ không nhận, máy này vẫn giữ): 1") != std::string::npos);
  CHECK(plain.out.find("stories s1, cột title: \"Người giữ rừng\"") != std::string::npos);
  CHECK(plain.out.find("lý do: bài \"s1\" đã được duyệt") != std::string::npos);

  auto json = node({"status", "--db", db, "--json"});
  REQUIRE_MESSAGE(json.exit_code == 0, json.err);
  auto j = nlohmann::json::parse(json.out);
  REQUIRE(j["differs_from_server"].size() == 1);
  CHECK(j["differs_from_server"][0]["table"] == "stories");
  CHECK(j["differs_from_server"][0]["pk"] == "s1");
  CHECK(j["differs_from_server"][0]["column"] == "title");
  CHECK(j["differs_from_server"][0]["value"] == "Người giữ rừng");

  // An accepted edit of the cell later: the copy no longer differs.
  {
    auto store = Store::open(db);
    REQUIRE(store.is_ok());
    REQUIRE((*store)->write("stories", {{"id", std::string("s1")}, {"title", std::string("Người giữ rừng Lũng Cú")}}).is_ok());
    auto out = (*store)->outbox();
    REQUIRE(out.is_ok());
    std::vector<std::int64_t> seqs;
    for (const auto& e : *out) seqs.push_back(e.seq);
    REQUIRE(NodeStore(**store).drop_outbox(seqs).is_ok());
  }
  auto after = nlohmann::json::parse(node({"status", "--db", db, "--json"}).out);
  CHECK(after["differs_from_server"].empty());
  CHECK(node({"status", "--db", db}).out.find("Ô khác với máy chủ") == std::string::npos);
}

TEST_CASE("regression (issue 13): node status counts dossier documents waiting to upload apart from photos") {
  // They share the upload queue (sync_photo_outbox): status said "Ảnh chờ
  // tải lên: 2" for one photo and one nomination's PDF.
  TempDir dir;
  const std::string db = dir.file("dv.db");
  {
    auto store = Store::open(db);
    REQUIRE(store.is_ok());
    Store& s = **store;
    REQUIRE(s.write("units", {{"id", std::string("dong-van")}, {"name", std::string("Huyện Đồng Văn")}}).is_ok());
    NodeConfig config{"dong-van", "district", "http://127.0.0.1:1", "t", {}, {}};
    REQUIRE(NodeStore(s).set_node_config(config).is_ok());
    const std::string photo(64, 'a'), pdf(64, 'b');
    REQUIRE(s.put_blob({photo, "image/png", 3, 1, 1}, "png").is_ok());
    REQUIRE(s.put_blob({pdf, "application/pdf", 3, std::nullopt, std::nullopt}, "pdf").is_ok());
    REQUIRE(s.write("nominations", {{"id", std::string("n1")},
                                    {"unit_id", std::string("dong-van")},
                                    {"nominee", std::string("Lò Thị Hoa")},
                                    {"status", std::string("submitted")}})
                .is_ok());
    REQUIRE(s.write("nomination_documents", {{"id", std::string("d1")},
                                             {"nomination_id", std::string("n1")},
                                             {"blob_hash", pdf},
                                             {"kind", std::string("to-trinh")},
                                             {"file_name", std::string("to-trinh.pdf")}})
                .is_ok());
  }
  auto plain = node({"status", "--db", db});
  REQUIRE_MESSAGE(plain.exit_code == 0, plain.err);
  CHECK(plain.out.find("Ảnh chờ tải lên: 1\n") != std::string::npos);
  CHECK(plain.out.find("Tài liệu hồ sơ chờ tải lên: 1\n") != std::string::npos);
  auto j = nlohmann::json::parse(node({"status", "--db", db, "--json"}).out);
  CHECK(j["pending_photos"] == 1);
  CHECK(j["pending_documents"] == 1);
}
