// The wire format and the server's answers to bad input.
#include <httplib.h>

#include "sync/compress.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("sync messages round-trip through their encoding") {
  SyncRequest req;
  req.schema = 2;
  req.cursor = 77;
  req.limit = 10;
  req.cells = {RemoteCell{"progress", "2021-q1-01:dong-van", "note_md", std::string("Đã \"xong\" <b>"), 123, "", 99},
               RemoteCell{"progress", "2021-q1-01:dong-van", "percent", std::int64_t{40}, 124, "", std::nullopt},
               RemoteCell{"progress", "2021-q1-01:dong-van", "reported_on", Value(), 125, "", std::nullopt}};
  auto back = decode_sync_request(encode_sync_request(req));
  REQUIRE(back.is_ok());
  CHECK(back->cursor == 77);
  CHECK(back->limit == 10);
  REQUIRE(back->cells.size() == 3);
  CHECK(back->cells[0].value == req.cells[0].value);
  CHECK(back->cells[0].base == std::optional<Hlc>(99));
  CHECK(back->cells[1].value == Value{std::int64_t{40}});
  CHECK(is_null(back->cells[2].value));

  SyncResponse res;
  res.server_time_ms = 5;
  res.cursor = 9;
  res.more = true;
  res.rejected = {{1, "lý do"}};
  res.cells = {RemoteCell{"units", "x", "name", std::string("X"), 3, "aaaa", {}},
               RemoteCell{"units", "y", "name", std::string("Y"), 4, "bbbb", {}},
               RemoteCell{"units", "z", "name", std::string("Z"), 5, "aaaa", {}}};
  auto r = decode_sync_response(encode_sync_response(res));
  REQUIRE(r.is_ok());
  CHECK(r->more);
  CHECK(r->rejected[0].reason == "lý do");
  CHECK(r->cells[2].node == "aaaa");
  CHECK(r->cells[1].node == "bbbb");
  CHECK(r->retracted.empty());
  res.retracted = {{"stories", "b0b0"}, {"stories", "c0c0"}};
  r = decode_sync_response(encode_sync_response(res));
  REQUIRE(r.is_ok());
  CHECK(r->retracted == res.retracted);
  for (const char* bad : {R"({"time":1,"cursor":2,"more":false,"retracted":{}})",
                          R"({"time":1,"cursor":2,"more":false,"retracted":[["stories"]]})",
                          R"({"time":1,"cursor":2,"more":false,"retracted":[["units","dong-van"]]})"}) {
    CAPTURE(bad);
    auto d = decode_sync_response(bad);
    REQUIRE_FALSE(d.is_ok());
    CHECK(d.status().message().find("retracted") != std::string::npos);
  }
  // An idle answer is tiny.
  SyncResponse idle;
  idle.server_time_ms = 1'795'485'895'841;
  idle.cursor = 123'456;
  CHECK(encode_sync_response(idle).size() < 60);
}

TEST_CASE("malformed sync messages are refused with the place named") {
  const char* cases[][2] = {
      {"", "not valid JSON"},
      {"[]", "must be a JSON object"},
      {"{\"schema\":2}", "missing \"protocol\""},
      {"{\"protocol\":1,\"schema\":2,\"cursor\":-1}", "must not be negative"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":{}}", "\"cells\": expected an array"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",1]]}", "cells[0]: expected"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",[1],5,null]]}", "cells[0][3]"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",1,\"x\",null]]}", "cells[0][4]"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",\"\xC3\x28\",5,null]]}", "not valid JSON"},
  };
  for (const auto& c : cases) {
    CAPTURE(c[0]);
    auto r = decode_sync_request(c[0]);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message().find(c[1]) != std::string::npos);
  }
}

TEST_CASE("the server answers bad input clearly and changes nothing") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  ServerOptions o;
  o.max_body_bytes = 64 << 10;
  o.max_decompressed_bytes = 256 << 10;
  f.start(o);
  httplib::Client http(f.url());
  httplib::Headers auth{{"Authorization", "Bearer " + dv.token}};
  auto head = f.central()->feed_head();

  auto post = [&](const std::string& body, httplib::Headers h) {
    auto res = http.Post("/api/v1/sync", h, body, "application/json");
    REQUIRE(res);
    return std::pair{res->status, decode_error(res->body)};
  };
  auto [s1, m1] = post("{not json", auth);
  CHECK(s1 == 400);
  CHECK(m1.find("không hợp lệ") != std::string::npos);

  auto br = auth;
  br.emplace("Content-Encoding", "br");
  auto [s2, m2] = post("this is not brotli at all", br);
  CHECK(s2 == 400);

  auto [s3, m3] = post(std::string(100 << 10, ' '), auth);
  CHECK(s3 == 413);
  // A small body that inflates past the limit: a compression bomb.
  auto [s4, m4] = post(brotli_compress(std::string(1 << 20, ' ')), br);
  CHECK(s4 == 413);

  const std::string schema = std::to_string(latest_schema_version());
  auto [s5, m5] = post("{\"protocol\":2,\"schema\":" + schema + "}", auth);
  CHECK(s5 == 409);
  CHECK(m5.find("nâng cấp") != std::string::npos);
  auto [s6, m6] = post("{\"protocol\":1,\"schema\":1}", auth);
  CHECK(s6 == 409);
  auto [s7, m7] = post("{\"protocol\":1,\"schema\":" + schema + ",\"cursor\":999999999}", auth);
  CHECK(s7 == 410);

  // Per-cell problems: rejected with reasons, the rest applied.
  const Hlc now = hlc_pack(wall_clock_ms(), 0);
  SyncRequest req;
  req.schema = latest_schema_version();
  const std::string pk = "2021-q1-01:dong-van";
  req.cells = {RemoteCell{"progress", pk, "_row", std::int64_t{1}, now + 1, "", {}},
               RemoteCell{"progress", pk, "unit_id", std::string("dong-van"), now + 1, "", {}},
               RemoteCell{"progress", pk, "percent", std::int64_t{140}, now + 1, "", {}},
               RemoteCell{"progress", pk, "status", std::string("finished"), now + 1, "", {}},
               RemoteCell{"secrets", "x", "a", std::string("b"), now + 1, "", {}},
               RemoteCell{"progress", pk, "password", std::string("b"), now + 1, "", {}},
               RemoteCell{"progress", pk, "percent", std::string("forty"), now + 1, "", {}},
               RemoteCell{"progress", pk, "note_md", std::string("tương lai"), hlc_pack(wall_clock_ms() + 86'400'000, 0), "", {}},
               RemoteCell{"progress", pk, "note_md", std::string("'); DROP TABLE progress; -- <script>"), now + 2, "", {}}};
  auto res = http.Post("/api/v1/sync", auth, encode_sync_request(req), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto decoded = decode_sync_response(res->body);
  REQUIRE(decoded.is_ok());
  std::map<std::size_t, std::string> why;
  for (const auto& r : decoded->rejected) why[r.index] = r.reason;
  CHECK(why.size() == 6);
  CHECK(why[2].find("between 0 and 100") != std::string::npos);
  CHECK(why[3].find("must be one of") != std::string::npos);
  CHECK(why[4].find("unknown table") != std::string::npos);
  CHECK(why[5].find("unknown column") != std::string::npos);
  CHECK(why[6].find("whole number") != std::string::npos);
  CHECK(why[7].find("ahead of this clock") != std::string::npos);
  auto central = f.central();
  CHECK(cell_of(*central, "progress", pk, "note_md") == Value{std::string("'); DROP TABLE progress; -- <script>")});
  CHECK(*central->count("units") == 22);
  CHECK(*head < *central->feed_head());

  // Photos: a bad hash in the path is no route; a bad range is refused.
  auto bad = http.Put("/api/v1/photos/" + std::string(64, 'a') + "?offset=0&total=999999999", auth, "x",
                      "application/octet-stream");
  REQUIRE(bad);
  CHECK(bad->status == 413);
  auto traversal = http.Get("/api/v1/photos/../../etc/passwd", auth);
  REQUIRE(traversal);
  CHECK(traversal->status == 404);
  auto health = http.Get("/healthz");
  CHECK(health->status == 200);
  auto metrics = http.Get("/metrics");
  CHECK(metrics->body.find("thidua_cells_total{outcome=\"rejected\"} 6") != std::string::npos);
}
