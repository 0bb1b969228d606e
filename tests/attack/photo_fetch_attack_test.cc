// A hostile server answering a node's photo fetch (issue 11: a new copy
// fetches its unit's photos it lacks, GET /api/v1/photos/<hash>). The node
// is a real one, made by `init_node` against a real server, then pointed at
// an httplib server in this process serving crafted bytes per hash.
#include <doctest/doctest.h>
#include <httplib.h>

#include <map>

#include "tests/support/images.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Answers a sync with nothing, and GET photos/<hash> with `photos[hash]`.
class FakePhotoServer {
 public:
  FakePhotoServer(std::int64_t cursor, std::map<std::string, std::string> photos) : photos_(std::move(photos)) {
    server_.Post("/api/v1/sync", [cursor](const httplib::Request&, httplib::Response& res) {
      SyncResponse r;
      r.server_time_ms = wall_clock_ms();
      r.cursor = cursor;
      res.set_content(encode_sync_response(r), "application/json");
    });
    server_.Post("/api/v1/photos/missing", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(encode_missing({}), "application/json");
    });
    server_.Get(R"(/api/v1/photos/([0-9a-f]{64}))", [this](const httplib::Request& req, httplib::Response& res) {
      auto it = photos_.find(req.matches[1]);
      if (it == photos_.end()) {
        res.status = 404;
        return;
      }
      res.set_content(it->second, "image/png");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakePhotoServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::map<std::string, std::string> photos_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// A story of Đồng Văn's with one photo row naming `hash` (no bytes here).
void story_with_photo(Store& s, const std::string& id, const std::string& hash) {
  REQUIRE(s.write("stories", {{"id", id},
                              {"unit_id", std::string("dong-van")},
                              {"title", std::string("Bài ") + id},
                              {"subject", std::string("Ông Páo")},
                              {"category", std::string("individual")},
                              {"body_md", std::string("Nội dung.")}})
              .is_ok());
  REQUIRE(s.write("story_photos", {{"id", "p-" + id}, {"story_id", id}, {"blob_hash", hash}}).is_ok());
}

}  // namespace

TEST_CASE("attack (issue 11 item 1): photo bytes that do not match their hash, are no image or are too big are not kept") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  f.stop();
  const std::string good = png_with_payload(8, 8, 500), other = png_with_payload(8, 8, 600);
  const std::string html = "<html><script>alert(1)</script></html>";
  const std::string swapped = sha256_hex(png_with_payload(8, 8, 700));
  story_with_photo(*node, "s1", swapped);            // answered with another image's bytes
  story_with_photo(*node, "s2", sha256_hex(html));   // its own bytes, but no image
  const std::string huge_hash = std::string(64, 'a');
  story_with_photo(*node, "s3", huge_hash);          // 11 MiB
  story_with_photo(*node, "s4", sha256_hex(good));   // honest
  story_with_photo(*node, "s5", std::string(64, 'b'));  // not on the server: 404
  FakePhotoServer fake(*node->cursor("server"),
                       {{swapped, other}, {sha256_hex(html), html}, {huge_hash, std::string(11u << 20, 'x')},
                        {sha256_hex(good), good}});
  auto cfg = **NodeStore(*node).node_config();
  cfg.server_url = fake.url();
  REQUIRE(NodeStore(*node).set_node_config(cfg).is_ok());

  auto report = sync_node(*node, SyncFixture::fast());
  REQUIRE_MESSAGE(report.is_ok(), report.status().message());
  CHECK(report->photos_downloaded == 1);
  CHECK(*node->blob_bytes(sha256_hex(good)) == std::optional<std::string>(good));
  for (const auto& h : {swapped, sha256_hex(html), huge_hash}) CHECK_FALSE(node->blob_info(h)->has_value());
  REQUIRE(report->refused.size() == 3);
  std::string all;
  for (const auto& r : report->refused) all += r + "\n";
  CHECK(all.find("không khớp mã băm") != std::string::npos);
  CHECK(all.find("không phải ảnh") != std::string::npos);
  CHECK(all.find("lớn quá") != std::string::npos);
  CHECK(NodeStore(*node).rejections()->first == 3);  // shown by `thidua node status`
  CHECK(NodeStore(*node).own_photos_missing()->size() == 4);  // asked again next time, never kept
  CHECK(NodeStore(*node).photos_to_upload()->empty());        // nothing fetched is queued to upload
}
