// Sync end to end against a real server on a loopback port.
#include <httplib.h>

#include "tests/support/images.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"
#include "store/server_store.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("a district bootstraps the plan, reports offline, and the server gets it") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dong-van.db", dv);
  CHECK(*node->count("tasks") == 38);
  CHECK(*node->count("units") == 22);
  CHECK(node->node_id() == dv.node_id);
  auto cfg = NodeStore(*node).node_config();
  CHECK((*cfg)->unit_id == "dong-van");
  CHECK((*cfg)->role == "district");

  // Offline: the server is down while the clerk works.
  f.stop();
  REQUIRE(node->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 40, "Đã triển khai ở 19 xã")).is_ok());
  auto offline = sync_node(*node, SyncFixture::fast());
  CHECK_FALSE(offline.is_ok());
  CHECK((*NodeStore(*node).node_config())->last_error.has_value());
  CHECK(*node->count("progress") == 1);  // nothing lost by the failed attempt

  f.start();  // on a new port: the operator gave the node its new address
  NodeConfig moved = **NodeStore(*node).node_config();
  moved.server_url = f.url();
  REQUIRE(NodeStore(*node).set_node_config(moved).is_ok());
  auto report = f.sync(*node);
  CHECK(report.cells_pushed >= 6);
  CHECK(report.cells_rejected == 0);
  CHECK(node->outbox()->empty());
  CHECK_FALSE((*NodeStore(*node).node_config())->last_error.has_value());
  auto central = f.central();
  CHECK(cell_of(*central, "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("Đã triển khai ở 19 xã")});
  CHECK(*ServerStore(*central).audit_count() >= 6);
}

TEST_CASE("a sync with nothing to do is one small request; 100 edits are pulled in one") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  f.start();
  auto node = f.init("dv.db", dv);
  auto province = f.init("tinh.db", tinh);

  auto idle = f.sync(*node);
  CHECK(idle.requests == 1);
  // ~90 bytes each way, and the server's generation (issue 11: at most ten
  // digits) in the request.
  CHECK(idle.bytes_sent + idle.bytes_received < 220);

  REQUIRE(province->transaction([&]() -> Status {
    for (int i = 0; i < 100; ++i) {
      std::string task = "2021-q" + std::to_string(i % 4 + 1) + "-0" + std::to_string(i % 9 + 1);
      THIDUA_RETURN_IF_ERROR(province->write("tasks", {{"id", task}, {"due", std::string("2021-12-") + std::to_string(10 + i % 20)}}));
    }
    return Status::ok();
  }).is_ok());
  f.sync(*province);
  auto pulled = f.sync(*node);
  CHECK(pulled.requests == 1);
  CHECK(pulled.cells_pulled > 0);
  CHECK(*node->export_json() == *province->export_json());
}

TEST_CASE("the same batch delivered twice changes nothing the second time") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  REQUIRE(node->write("progress", progress("2021-q2-03", "dong-van", "done", 100, "xong")).is_ok());
  SyncRequest req;
  req.schema = latest_schema_version();
  req.cursor = *node->cursor("server");
  auto pending = node->outbox();  // a named Result: ranging over *temporary would dangle
  REQUIRE(pending.is_ok());
  for (const auto& e : *pending) req.cells.push_back(RemoteCell{e.table, e.pk, e.column, e.value, e.hlc, "", e.base});
  const std::string body = encode_sync_request(req);
  httplib::Client http(f.url());
  httplib::Headers auth{{"Authorization", "Bearer " + dv.token}};
  auto first = http.Post("/api/v1/sync", auth, body, "application/json");
  REQUIRE(first);
  CHECK(first->status == 200);
  auto head = f.central()->feed_head();
  auto audit = ServerStore(*f.central()).audit_count();
  // The answer was lost; the node sends the very same batch again.
  auto second = http.Post("/api/v1/sync", auth, body, "application/json");
  REQUIRE(second);
  CHECK(second->status == 200);
  auto decoded = decode_sync_response(second->body);
  REQUIRE(decoded.is_ok());
  CHECK(decoded->rejected.empty());
  CHECK(*f.central()->feed_head() == *head);
  CHECK(*ServerStore(*f.central()).audit_count() == *audit);
  CHECK(*f.central()->count("progress") == 1);
  // And the node, settling normally afterwards, converges.
  f.sync(*node);
  CHECK(node->outbox()->empty());
}

TEST_CASE("two machines of one district editing the same row offline keep the losing note as a conflict") {
  SyncFixture f;
  auto a = f.add_node("meo-vac", "district");
  auto b = f.add_node("meo-vac", "district");
  f.start();
  auto pc1 = f.init("pc1.db", a);
  auto pc2 = f.init("pc2.db", b);
  REQUIRE(pc1->write("progress", progress("2021-q1-05", "meo-vac", "done", 100, "Đã ban hành")).is_ok());
  REQUIRE(pc2->write("progress", progress("2021-q1-05", "meo-vac", "in_progress", 60, "Đang soạn thảo")).is_ok());
  f.sync(*pc1);
  f.sync(*pc2);  // pc2's later writes win; the server keeps pc1's note as a conflict
  f.sync(*pc1);  // pc1 learns the winner and keeps its own lost note
  CHECK(*pc1->export_json() == *pc2->export_json());
  auto conflicts = pc1->conflicts();
  REQUIRE(conflicts.is_ok());
  bool note_kept = false, status_kept = false;
  for (const auto& c : *conflicts) {
    if (c.column == "note_md" && c.lost_value == Value{std::string("Đã ban hành")}) note_kept = true;
    if (c.column == "status" && c.lost_value == Value{std::string("done")}) status_kept = true;
  }
  CHECK(note_kept);
  CHECK(status_kept);  // done -> in_progress moves backwards: kept for a person
  CHECK(*pc1->integrity_check() == "ok");
}

TEST_CASE("photos upload in chunks, resume from the server's offset, and are verified") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  // A whole PNG with a large payload (the size is what matters).
  std::string png = png_with_payload(16, 8, 200'000);
  auto info = sniff_image(png);
  REQUIRE_MESSAGE(info.is_ok(), info.status().message());
  BlobInfo blob{sha256_hex(png), info->mime, static_cast<std::int64_t>(png.size()), info->width, info->height};
  REQUIRE(node->put_blob(blob, png).is_ok());
  REQUIRE(NodeStore(*node).photos_to_upload()->size() == 1);

  ClientOptions o = SyncFixture::fast();
  o.photo_chunk_bytes = 50'000;
  auto report = f.sync(*node, o);
  CHECK(report.photos_uploaded == 1);
  CHECK(NodeStore(*node).photos_to_upload()->empty());
  auto central = f.central();
  auto stored = central->blob_info(blob.hash);
  REQUIRE(stored->has_value());
  CHECK((*stored)->width == 16);
  CHECK(*central->blob_bytes(blob.hash) == std::optional<std::string>(png));
  // Syncing again sends nothing more.
  CHECK(f.sync(*node).requests == 1);
}

TEST_CASE("the server refuses photo bytes that do not match their hash or are not an image") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  std::string text = "đây không phải ảnh";
  BlobInfo fake{sha256_hex(text), "image/png", static_cast<std::int64_t>(text.size()), 1, 1};
  REQUIRE(node->put_blob(fake, text).is_ok());
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x08\x08\x02\0\0\0\0\0\0\0", 33);
  BlobInfo lying{std::string(64, 'a'), "image/png", 33, 16, 8};
  REQUIRE(node->put_blob(lying, png).is_ok());
  auto report = f.sync(*node);
  CHECK(report.photos_uploaded == 0);
  CHECK(report.rejections.size() == 2);
  CHECK(NodeStore(*node).photos_to_upload()->empty());  // not retried forever
  auto central = f.central();
  CHECK(*central->count("blobs") == 0);
  CHECK(NodeStore(*node).rejections()->first == 2);
}

TEST_CASE("a burst of 100 nodes connecting at once is answered; a second server cannot take the port") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dong-van.db", dv);
  const std::string body = "{\"protocol\":1,\"schema\":" + std::to_string(latest_schema_version()) +
                           ",\"cursor\":" + std::to_string(*node->cursor("server")) + "}";
  const httplib::Headers auth{{"Authorization", "Bearer " + dv.token}};

  // All connect at the same moment (httplib's own listen backlog is 5: the
  // kernel then drops handshakes and clients time out reading).
  constexpr int kClients = 100;
  std::vector<std::string> outcome(kClients);
  std::atomic<int> ready{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", f.port());
      c.set_connection_timeout(5, 0);
      c.set_read_timeout(5, 0);
      ++ready;
      while (ready < kClients) std::this_thread::yield();
      auto r = c.Post("/api/v1/sync", auth, body, "application/json");
      outcome[static_cast<std::size_t>(i)] = r ? std::to_string(r->status) : httplib::to_string(r.error());
    });
  }
  for (auto& t : clients) t.join();
  std::map<std::string, int> tally;
  for (const auto& o : outcome) ++tally[o];
  std::string seen;
  for (const auto& [what, n] : tally) seen += what + " ×" + std::to_string(n) + "; ";
  CAPTURE(seen);
  CHECK(tally["200"] == kClients);

  ServerOptions o;
  o.db_path = f.central_path();
  o.host = "127.0.0.1";
  o.port = f.port();
  auto second = Server::open(o);
  CHECK_FALSE(second.is_ok());
}

namespace {

// `from` copied whole to `to`, as someone copies a node's database file to
// a second PC (the store is closed first, so the WAL is folded in).
std::unique_ptr<Store> copy_of(SyncFixture& f, std::unique_ptr<Store>& from, const std::string& name,
                               const std::string& to) {
  from.reset();
  std::filesystem::copy_file(f.dir.file(name), f.dir.file(to));
  auto a = Store::open(f.dir.file(name));
  REQUIRE(a.is_ok());
  from = std::move(*a);
  auto b = Store::open(f.dir.file(to));
  REQUIRE(b.is_ok());
  return std::move(*b);
}

bool says_copy(const Status& st) {
  return st.message().find("cơ sở dữ liệu này là bản sao của máy khác") != std::string::npos &&
         st.message().find("thidua node init") != std::string::npos;
}

}  // namespace

TEST_CASE("regression (issue 9 row 13): a copied node database is refused at its sync, its edit kept, nothing lost") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto first = f.init("dv.db", dv);
  auto second = copy_of(f, first, "dv.db", "dv-copy.db");
  REQUIRE(first->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 40, "máy thứ nhất")).is_ok());
  REQUIRE(second->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 70, "máy thứ hai")).is_ok());
  f.sync(*first);
  auto refused = sync_node(*second, SyncFixture::fast());
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().code() == Status::Code::kConflict);
  CHECK(says_copy(refused.status()));
  CHECK_FALSE(second->outbox()->empty());  // its edit is still there to recover
  CHECK(cell_of(*second, "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("máy thứ hai")});
  CHECK(says_copy(Status::conflict(*(*NodeStore(*second).node_config())->last_error)));  // `node status` shows it
  auto central = f.central();
  CHECK(cell_of(*central, "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("máy thứ nhất")});
  // The first machine goes on as before; the copy stays refused.
  REQUIRE(first->write("progress", progress("2021-q1-01", "dong-van", "done", 100, "xong")).is_ok());
  f.sync(*first);
  CHECK_FALSE(sync_node(*second, SyncFixture::fast()).is_ok());
}

TEST_CASE("regression (issue 9 row 13): a copy that syncs first wins the identity; the original is then refused") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto original = f.init("dv.db", dv);
  auto copy = copy_of(f, original, "dv.db", "dv-copy.db");
  f.sync(*copy);
  auto refused = sync_node(*original, SyncFixture::fast());
  REQUIRE_FALSE(refused.is_ok());
  CHECK(says_copy(refused.status()));
}

TEST_CASE("regression (issue 9 row 13): node init again on a new database rebinds; the old file is refused") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto old_pc = f.init("old.db", dv);
  REQUIRE(old_pc->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 10, "máy cũ")).is_ok());
  auto new_pc = f.init("new.db", dv);  // the same token, a fresh database
  REQUIRE(new_pc->write("progress", progress("2021-q1-02", "dong-van", "done", 100, "máy mới")).is_ok());
  f.sync(*new_pc);
  f.sync(*new_pc);
  auto refused = sync_node(*old_pc, SyncFixture::fast());
  REQUIRE_FALSE(refused.is_ok());
  CHECK(says_copy(refused.status()));
  CHECK_FALSE(old_pc->outbox()->empty());  // never silent loss: its unsent work stays on it
}
