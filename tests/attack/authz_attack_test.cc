// Attacks on authz (issue 9): each case starts a real server or uses the
// real binary, runs one attack on loopback, bounded in time and traffic,
// and names the row of issue 9 it pins.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>

#include "netsim/free_port.h"
#include "sync/server/internal/server_photos.h"
#include "tests/support/images.h"
#include "tests/support/process.h"
#include "tests/support/run.h"
#include "tests/sync/sync_fixture.h"
#include "store/server_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// `thidua server run` on a free loopback port over the fixture's database.
class RealServer {
 public:
  explicit RealServer(SyncFixture& f) {
    auto port = netsim::free_loopback_port();
    REQUIRE(port.is_ok());
    port_ = *port;
    const std::vector<std::string> args = {THIDUA_BIN, "server", "run", "--db", f.central_path(),
                                           "--listen", "127.0.0.1:" + std::to_string(port_), "--quiet"};
    proc_ = std::make_unique<Process>(args, f.dir.file("server.log"));
    REQUIRE(wait_healthy(port_));
  }
  ~RealServer() { proc_->signal_and_wait(SIGTERM); }

  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  int port_ = 0;
  std::unique_ptr<Process> proc_;
};

// An attacker holding a district's token, speaking the wire format by hand.
struct Attacker {
  RealServer& server;
  std::string token;
  Hlc& clock;  // shared by the attackers of a test: later writes win


  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }

  RemoteCell cell(const std::string& table, const std::string& pk, const std::string& col, Value v) {
    return RemoteCell{table, pk, col, std::move(v), ++clock, "", std::nullopt};
  }
  // The reason each cell was refused for ("" when accepted).
  std::vector<std::string> push(const std::vector<RemoteCell>& cells) {
    SyncRequest req;
    req.schema = latest_schema_version();
    req.cells = cells;
    auto res = server.client().Post("/api/v1/sync", auth(), encode_sync_request(req), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto decoded = decode_sync_response(res->body);
    REQUIRE(decoded.is_ok());
    std::vector<std::string> out(cells.size());
    for (const auto& r : decoded->rejected) out.at(r.index) = r.reason;
    return out;
  }
  void push_ok(const std::vector<RemoteCell>& cells) {
    for (const auto& why : push(cells)) CHECK_MESSAGE(why.empty(), why);
  }
  std::vector<RemoteCell> story(const std::string& id, const std::string& unit, const std::string& title) {
    return {cell("stories", id, "_row", std::int64_t{1}), cell("stories", id, "unit_id", unit),
            cell("stories", id, "title", title), cell("stories", id, "status", std::string("submitted"))};
  }
  std::vector<RemoteCell> photo(const std::string& id, const std::string& story, const std::string& hash,
                                const std::string& alt) {
    return {cell("story_photos", id, "_row", std::int64_t{1}), cell("story_photos", id, "story_id", story),
            cell("story_photos", id, "blob_hash", hash), cell("story_photos", id, "alt", alt)};
  }
  int put(const std::string& hash, std::int64_t offset, std::int64_t total, const std::string& bytes,
          std::string* body = nullptr) {
    auto res = server.client().Put("/api/v1/photos/" + hash + "?offset=" + std::to_string(offset) +
                                       "&total=" + std::to_string(total),
                                   auth(), bytes, "application/octet-stream");
    REQUIRE(res);
    if (body) *body = res->body;
    return res->status;
  }
  int upload(const std::string& bytes) {
    return put(sha256_hex(bytes), 0, static_cast<std::int64_t>(bytes.size()), bytes);
  }
  int get(const std::string& hash, std::string* body = nullptr) {
    auto res = server.client().Get("/api/v1/photos/" + hash, auth());
    REQUIRE(res);
    if (body) *body = res->body;
    if (res->status == 200) CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    return res->status;
  }
};

// A whole PNG whose pixel data spells `secret` (so its bytes are findable).
std::string secret_png(const std::string& secret) {
  return std::string("\x89PNG\r\n\x1A\n", 8) +
         png_chunk("IHDR", be32(2) + be32(2) + std::string("\x08\x02\0\0\0", 5)) + png_chunk("IDAT", secret) +
         png_chunk("IEND", "");
}

// Builds the public site from the central database; every file's text.
std::string build_site(SyncFixture& f) {
  const std::string out = f.dir.file("public");
  auto r = run({THIDUA_BIN, "site", "build", "--db", f.central_path(), "--out", out, "--today", "2021-12-31"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    all += e.path().filename().string() + "\n" + read_file(e.path().string()) + "\n";
  }
  return all;
}

const std::string kTheirPub = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
const std::string kMine = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const std::string kTheirDraft = "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1";

}  // namespace

TEST_CASE("attack (issue 9 row 1): a district moves its photo onto another district's published story") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  RealServer server(f);
  Hlc clock = hlc_pack(wall_clock_ms(), 0);
  Attacker dong_van{server, dv.token, clock}, meo_vac{server, mv.token, clock}, province{server, tinh.token, clock};
  meo_vac.push_ok(meo_vac.story(kTheirPub, "meo-vac", "Người giữ rừng Mèo Vạc"));
  meo_vac.push_ok(meo_vac.story(kTheirDraft, "meo-vac", "Bản nháp Mèo Vạc"));
  province.push_ok({province.cell("stories", kTheirPub, "status", std::string("published")),
                    province.cell("stories", kTheirPub, "published_on", std::string("2021-06-01"))});
  // Đồng Văn's own draft with its own, uploaded photo and a caption.
  const std::string png = secret_png("dong-van-photo");
  const std::string hash = sha256_hex(png);
  CHECK(dong_van.upload(png) == 200);
  auto cells = dong_van.story(kMine, "dong-van", "Bài của Đồng Văn");
  auto ph = dong_van.photo("ph-attack", kMine, hash, "CHÚ THÍCH CỦA KẺ TẤN CÔNG");
  cells.insert(cells.end(), ph.begin(), ph.end());
  dong_van.push_ok(cells);

  // The attack: the row's story_id is changed to the other district's
  // published story, then its draft; and a new row is made right on it.
  auto r = dong_van.push({dong_van.cell("story_photos", "ph-attack", "story_id", kTheirPub),
                          dong_van.cell("story_photos", "ph-attack", "story_id", kTheirDraft)});
  CHECK(r[0].find("thuộc đơn vị khác") != std::string::npos);
  CHECK(r[1].find("thuộc đơn vị khác") != std::string::npos);
  r = dong_van.push(dong_van.photo("ph-attack-2", kTheirPub, hash, "CHÚ THÍCH CỦA KẺ TẤN CÔNG"));
  for (const auto& why : r) CHECK_FALSE(why.empty());

  auto central = f.central();
  CHECK(cell_of(*central, "story_photos", "ph-attack", "story_id") == Value{kMine});
  CHECK_FALSE(central->get("story_photos", "ph-attack-2")->has_value());
  const std::string site = build_site(f);
  CHECK(site.find("Người giữ rừng Mèo Vạc") != std::string::npos);
  CHECK(site.find("CHÚ THÍCH CỦA KẺ TẤN CÔNG") == std::string::npos);
  CHECK(site.find(hash.substr(0, 20)) == std::string::npos);
}

TEST_CASE("attack (issue 9 row 2): a district names another district's unpublished photo and fetches it") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  auto tinh = f.add_node("ban-tdkt", "province");
  RealServer server(f);
  Hlc clock = hlc_pack(wall_clock_ms(), 0);
  Attacker dong_van{server, dv.token, clock}, meo_vac{server, mv.token, clock}, province{server, tinh.token, clock};
  const std::string png = secret_png("meo-vac-unpublished-secret");
  const std::string hash = sha256_hex(png);
  CHECK(meo_vac.upload(png) == 200);
  auto cells = meo_vac.story(kTheirDraft, "meo-vac", "Bản nháp Mèo Vạc");
  auto ph = meo_vac.photo("ph-mv", kTheirDraft, hash, "ảnh Mèo Vạc");
  cells.insert(cells.end(), ph.begin(), ph.end());
  meo_vac.push_ok(cells);

  // The hash leaked (a screen, a log): Đồng Văn puts it in its own draft.
  cells = dong_van.story(kMine, "dong-van", "Bài Đồng Văn có ảnh mượn");
  ph = dong_van.photo("ph-dv", kMine, hash, "ẢNH LẤY TRỘM");
  cells.insert(cells.end(), ph.begin(), ph.end());
  dong_van.push_ok(cells);
  std::string body;
  CHECK(dong_van.get(hash, &body) == 404);
  CHECK(body.find("meo-vac-unpublished-secret") == std::string::npos);
  // Uploading a chunk that is not the photo proves nothing either.
  CHECK(dong_van.put(hash, 0, static_cast<std::int64_t>(png.size()), std::string(png.size(), 'x')) == 422);
  CHECK(dong_van.get(hash) == 404);
  // Nor does getting its own story published: the public site leaves out a
  // photo its unit never uploaded.
  province.push_ok({province.cell("stories", kMine, "status", std::string("published")),
                    province.cell("stories", kMine, "published_on", std::string("2021-06-01"))});
  CHECK(dong_van.get(hash) == 404);
  const std::string site = build_site(f);
  CHECK(site.find("Bài Đồng Văn có ảnh mượn") != std::string::npos);
  CHECK(site.find("ẢNH LẤY TRỘM") == std::string::npos);
  CHECK(site.find("meo-vac-unpublished-secret") == std::string::npos);
  CHECK(site.find(hash.substr(0, 20)) == std::string::npos);
  // The owner and the province still get it.
  CHECK(meo_vac.get(hash) == 200);
  CHECK(province.get(hash, &body) == 200);
  CHECK(body == png);
}

TEST_CASE("attack (issue 9 row 10): a second node's bad chunk, 20 abandoned uploads, stale uploads") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto mv = f.add_node("meo-vac", "district");
  // Uploads abandoned 20 days ago are gone once the server starts.
  {
    std::int64_t then = wall_clock_ms() - std::int64_t{20} * 24 * 3600 * 1000;
    OpenOptions o;
    o.clock_ms = [then] { return then; };
    auto old = Store::open(f.central_path(), o);
    REQUIRE(old.is_ok());
    REQUIRE(ServerStore(**old).append_upload(mv.node_id, std::string(64, 'd'), 100, 0, "stale").is_ok());
  }
  RealServer server(f);
  CHECK(ServerStore(*f.central()).upload_usage(mv.node_id)->uploads == 0);
  Hlc clock = hlc_pack(wall_clock_ms(), 0);
  Attacker dong_van{server, dv.token, clock}, meo_vac{server, mv.token, clock};

  const std::string png = png_with_payload(8, 8, 20'000);
  const std::string hash = sha256_hex(png);
  const auto total = static_cast<std::int64_t>(png.size());
  CHECK(dong_van.put(hash, 0, total, png.substr(0, 10'000)) == 200);
  // Mèo Vạc aims at Đồng Văn's offset, then sends the whole photo wrong.
  CHECK(meo_vac.put(hash, 10'000, total, std::string(png.size() - 10'000, 'z')) == 409);
  CHECK(meo_vac.put(hash, 0, total, std::string(png.size(), 'z')) == 422);
  CHECK(dong_van.put(hash, 10'000, total, png.substr(10'000)) == 200);
  CHECK(dong_van.get(hash) == 200);
  CHECK(meo_vac.get(hash) == 404);

  // 20 unfinished uploads: the 17th is refused, and the refusal says why.
  std::string body;
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    if (meo_vac.put(sha256_hex("abandoned " + std::to_string(i)), 0, 1000, "abc", &body) == 429) ++refused;
  }
  CHECK(refused == 20 - kMaxUploadsPerNode);
  CHECK(body.find("ảnh gửi dở") != std::string::npos);
  CHECK(ServerStore(*f.central()).upload_usage(mv.node_id)->uploads == kMaxUploadsPerNode);
  // Đồng Văn is not held back by Mèo Vạc's abandoned uploads.
  CHECK(dong_van.upload(png_header(9, 9)) == 200);

  // HTML behind a PNG header is refused whole.
  const std::string html = png_header(1, 1) + "<html><script>alert(1)</script></html>";
  CHECK(dong_van.upload(html) == 422);
}
