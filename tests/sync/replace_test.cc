// Issue 11 item 1: a district's PC is replaced. `node init` with the unit's
// token on a new machine gives the new copy everything the unit may see,
// its own writes included; the old machine coming back is refused and
// changes nothing. Real server on a loopback port, real clients.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "netsim/proxy.h"
#include "tests/support/images.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"
#include "store/server_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// A district's own work in every status: a report, a draft story with a
// photo, a submitted story, a nomination.
void write_unit_work(Store& node, const std::string& photo) {
  REQUIRE(node.write("progress", progress("2021-q1-01", "dong-van", "in_progress", 60, "Đã triển khai ở 19 xã")).is_ok());
  Row draft{{"id", "st-draft"},       {"unit_id", "dong-van"},   {"title", "Người giữ rừng"},
            {"subject", "Ông Páo"},   {"category", "individual"}, {"body_md", "Bản nháp."},
            {"status", "draft"},      {"created_on", "2021-03-02"}};
  REQUIRE(node.write("stories", draft).is_ok());
  Row sent{{"id", "st-sent"},        {"unit_id", "dong-van"},    {"title", "Hợp tác xã chè"},
           {"subject", "HTX Lũng Cú"}, {"category", "collective"}, {"body_md", "Đã gửi."},
           {"status", "submitted"},   {"created_on", "2021-03-03"}};
  REQUIRE(node.write("stories", sent).is_ok());
  Row nomination{{"id", "nom-1"},          {"unit_id", "dong-van"}, {"nominee", "Lò Thị Hoa"},
                 {"nominee_kind", "individual"}, {"award", "Giấy khen của Chủ tịch UBND tỉnh"},
                 {"achievement_md", "Thành tích."}, {"status", "submitted"}};
  REQUIRE(node.write("nominations", nomination).is_ok());
  auto info = sniff_image(photo);
  REQUIRE(info.is_ok());
  BlobInfo blob{sha256_hex(photo), info->mime, static_cast<std::int64_t>(photo.size()), info->width, info->height};
  REQUIRE(node.put_blob(blob, photo).is_ok());
  Row pic{{"id", "ph-1"}, {"story_id", "st-draft"}, {"blob_hash", blob.hash}, {"alt", "Ảnh"}, {"ordinal", std::int64_t{1}}};
  REQUIRE(node.write("story_photos", pic).is_ok());
}

nlohmann::json exported(Store& s) {
  auto text = s.export_json();
  REQUIRE(text.is_ok());
  return nlohmann::json::parse(*text);
}

// The cells of an answer from POST /api/v1/sync as `token`, no compression.
nlohmann::json raw_sync(SyncFixture& f, const std::string& token, const SyncRequest& req) {
  httplib::Client http(f.url());
  auto res = http.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}}, encode_sync_request(req),
                       "application/json");
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 200, res->body);
  return nlohmann::json::parse(res->body);
}

// How many cells of an answer name `node` as their writer.
std::size_t cells_written_by(const nlohmann::json& answer, const std::string& node) {
  if (!answer.contains("cells")) return 0;
  std::size_t n = 0;
  for (const auto& c : answer["cells"]) n += answer["nodes"][c[5].get<std::size_t>()] == node;
  return n;
}

}  // namespace

TEST_CASE("the sync request's `own` flag is optional on the wire") {
  SyncRequest req;
  req.schema = latest_schema_version();
  CHECK(encode_sync_request(req).find("own") == std::string::npos);  // an older server sees what it knows
  req.own = true;
  auto back = decode_sync_request(encode_sync_request(req));
  REQUIRE(back.is_ok());
  CHECK(back->own);
  auto older = decode_sync_request(R"({"protocol":1,"schema":4,"cursor":0})");  // an older node
  REQUIRE(older.is_ok());
  CHECK_FALSE(older->own);
  auto bad = decode_sync_request(R"({"protocol":1,"schema":4,"cursor":0,"own":1})");
  REQUIRE_FALSE(bad.is_ok());
  CHECK(bad.status().message().find("own") != std::string::npos);
}

TEST_CASE("regression (issue 11 item 1): a replacement machine with the unit's token gets every row of the unit") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  f.start();
  auto old_pc = f.init("old.db", dv);
  write_unit_work(*old_pc, png_with_payload(8, 8, 3000));
  f.sync(*old_pc);
  REQUIRE(old_pc->outbox()->empty());
  // Another district's draft: never seen by Đồng Văn, on either machine.
  auto other = f.init("mv.db", mv);
  REQUIRE(other->write("progress", progress("2021-q1-01", "meo-vac", "done", 100, "Mèo Vạc")).is_ok());
  f.sync(*other);
  f.sync(*old_pc);

  auto new_pc = f.init("new.db", dv);  // the old PC died; the same token on a new one
  CHECK(*new_pc->count("progress") == 1);
  CHECK(*new_pc->count("stories") == 2);
  CHECK(*new_pc->count("nominations") == 1);
  CHECK(*new_pc->count("story_photos") == 1);
  CHECK(cell_of(*new_pc, "stories", "st-draft", "status") == Value{std::string("draft")});
  CHECK(cell_of(*new_pc, "stories", "st-draft", "title") == Value{std::string("Người giữ rừng")});
  CHECK(NodeStore(*new_pc).rejections()->first == 0);  // nothing refused as "its own"
  CHECK(new_pc->outbox()->empty());                     // received, not new edits to send
  auto a = exported(*old_pc), b = exported(*new_pc);
  for (const char* table : {"units", "plans", "tasks", "task_units", "progress", "stories", "story_photos",
                            "nominations"}) {
    CAPTURE(table);
    CHECK(a[table] == b[table]);
  }

  // The new machine goes on working: its edits reach the server, and a
  // later sync does not ask for its own writes again.
  REQUIRE(new_pc->write("progress", progress("2021-q1-01", "dong-van", "done", 100, "Xong, máy mới")).is_ok());
  auto report = f.sync(*new_pc);
  CHECK(report.cells_pulled == 0);
  auto central = f.central();
  CHECK(cell_of(*central, "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("Xong, máy mới")});
}

TEST_CASE("regression (issue 11 item 1): a node that does not ask never gets its own cells back") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  write_unit_work(*node, png_with_payload(8, 8, 100));
  f.sync(*node);
  SyncRequest req;
  req.schema = latest_schema_version();
  auto plain = raw_sync(f, dv.token, req);
  CHECK(cells_written_by(plain, dv.node_id) == 0);
  CHECK(plain["cells"].size() > 800);  // the plan's reference cells still come
  req.own = true;
  auto asked = raw_sync(f, dv.token, req);
  CHECK(cells_written_by(asked, dv.node_id) > 20);
  // Asking never widens what a unit may see: Mèo Vạc gets none of Đồng Văn's drafts.
  auto theirs = raw_sync(f, mv.token, req);
  CHECK(cells_written_by(theirs, dv.node_id) == 0);
  // And the ordinary node keeps refusing its "own" cells it did not ask for.
  REQUIRE(node->write("progress", progress("2021-q1-02", "dong-van", "done", 100, "tiếp")).is_ok());
  auto again = f.sync(*node);
  CHECK(again.refused.empty());
  CHECK(again.cells_pulled == 0);
}

TEST_CASE("regression (issue 11 item 1): the photo of a draft story arrives on the replacement machine") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto old_pc = f.init("old.db", dv);
  const std::string photo = png_with_payload(16, 8, 40'000);
  write_unit_work(*old_pc, photo);
  REQUIRE(f.sync(*old_pc).photos_uploaded == 1);

  auto init = init_node(f.dir.file("new.db"), f.url(), dv.token, SyncFixture::fast());
  REQUIRE_MESSAGE(init.is_ok(), init.status().message());
  CHECK(init->photos_downloaded == 1);
  CHECK(init->refused.empty());
  auto new_pc = Store::open(f.dir.file("new.db"));
  REQUIRE(new_pc.is_ok());
  CHECK(*(*new_pc)->blob_bytes(sha256_hex(photo)) == std::optional<std::string>(photo));
  CHECK(NodeStore(**new_pc).photos_to_upload()->empty());  // the server has it: nothing to send back
  CHECK(NodeStore(**new_pc).own_photos_missing()->empty());
  CHECK(exported(*old_pc) == exported(**new_pc));  // every table, photos (by hash) included
  CHECK(f.sync(**new_pc).requests == 1);             // nothing left to fetch
}

TEST_CASE("regression (issue 11 item 1): the old machine back after the replacement's init is refused and changes nothing") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto old_pc = f.init("old.db", dv);
  write_unit_work(*old_pc, png_with_payload(8, 8, 100));
  f.sync(*old_pc);
  // Written on the old PC and never sent before it went away.
  REQUIRE(old_pc->write("progress", progress("2021-q1-03", "dong-van", "in_progress", 30, "máy cũ, chưa gửi")).is_ok());

  auto new_pc = f.init("new.db", dv);
  REQUIRE(new_pc->write("progress", progress("2021-q1-02", "dong-van", "done", 100, "máy mới")).is_ok());
  f.sync(*new_pc);
  const std::string before = *f.central()->export_json();
  const auto audit_before = *ServerStore(*f.central()).audit_count();

  auto refused = sync_node(*old_pc, SyncFixture::fast());
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().code() == Status::Code::kConflict);
  const std::string& says = refused.status().message();
  CHECK(says.find("bản sao của máy khác") != std::string::npos);
  CHECK(says.find("thidua server add-node") != std::string::npos);  // what to do with its unsent work
  CHECK(says.find("thidua node set-token") != std::string::npos);
  CHECK(*f.central()->export_json() == before);
  CHECK(*ServerStore(*f.central()).audit_count() == audit_before);
  CHECK_FALSE(old_pc->outbox()->empty());  // kept, to be sent as the message says

  // The way out the message gives: a new token for the unit, set on the old
  // copy (what `thidua node set-token` does), one sync.
  auto second = f.add_node("dong-van", "district");
  NodeConfig cfg = **NodeStore(*old_pc).node_config();
  cfg.token = second.token;
  REQUIRE(NodeStore(*old_pc).set_node_config(cfg).is_ok());
  REQUIRE(NodeStore(*old_pc).set_node_lineage("").is_ok());
  f.sync(*old_pc);
  CHECK(old_pc->outbox()->empty());
  CHECK(cell_of(*f.central(), "progress", "2021-q1-03:dong-van", "note_md") == Value{std::string("máy cũ, chưa gửi")});
  f.sync(*new_pc);  // the replacement receives it: another node's write now
  CHECK(cell_of(*new_pc, "progress", "2021-q1-03:dong-van", "note_md") == Value{std::string("máy cũ, chưa gửi")});
  CHECK(cell_of(*new_pc, "progress", "2021-q1-02:dong-van", "note_md") == Value{std::string("máy mới")});
}

TEST_CASE("regression (issue 11 item 1): a replacement's init over a dropping link, in small pages, still gets it all") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto old_pc = f.init("old.db", dv);
  write_unit_work(*old_pc, png_with_payload(16, 8, 2'000));
  f.sync(*old_pc);

  netsim::LinkProfile drops;  // every connection cut somewhere in its first 64 KiB
  drops.cut_probability = 1.0;
  drops.seed = 11;
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), drops);
  REQUIRE(proxy.is_ok());
  ClientOptions o = SyncFixture::fast();
  o.pull_limit = 100;  // the unit's own cells come in the last of ten pages
  o.max_attempts = 10;
  const std::string url = "http://127.0.0.1:" + std::to_string((*proxy)->port());
  auto made = init_node(f.dir.file("new.db"), url, dv.token, o);
  for (int i = 0; !made && i < 8; ++i) made = init_node(f.dir.file("new.db"), url, dv.token, o);  // a clerk retrying
  REQUIRE_MESSAGE(made.is_ok(), made.status().message());
  CHECK(made->requests > 10);
  CHECK((*proxy)->stats().cuts > 0);
  auto new_pc = Store::open(f.dir.file("new.db"));
  REQUIRE(new_pc.is_ok());
  CHECK(exported(*old_pc) == exported(**new_pc));
  CHECK(NodeStore(**new_pc).rejections()->first == 0);
}
