// The wire format and the server's answers to bad input. Over 400 lines:
// each class of bad input (issue 9 rows 4 and the integer ranges) sits
// beside the encoding it attacks.
#include <brotli/decode.h>
#include <httplib.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "sync/client/internal/compress.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// The request as encode_sync_request built it before it wrote JSON itself
// (a tree of nlohmann values, dumped with invalid UTF-8 replaced).
std::string request_through_tree(const SyncRequest& r) {
  using nlohmann::json;
  auto value = [](const Value& v) -> json {
    if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
  };
  json j = {{"protocol", r.protocol}, {"schema", r.schema}, {"cursor", r.cursor}};
  if (r.limit > 0) j["limit"] = r.limit;
  if (!r.lineage.empty()) j["lineage"] = r.lineage;
  if (!r.attempt.empty()) j["attempt"] = r.attempt;
  if (r.own) j["own"] = true;
  if (r.generation > 0) j["generation"] = r.generation;
  if (!r.cells.empty()) {
    json cells = json::array();
    for (const auto& c : r.cells) {
      cells.push_back(json::array({c.table, c.pk, c.column, value(c.value), static_cast<std::int64_t>(c.hlc),
                                   c.base ? json(static_cast<std::int64_t>(*c.base)) : json(nullptr)}));
    }
    j["cells"] = std::move(cells);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("a request is written byte for byte as the JSON tree wrote it, whatever its strings hold") {
  std::mt19937 rng(20261204);
  const std::vector<std::string> pieces = {"", "a", "Đồng Văn", "\"", "\\", "\n", "\t", "\r", "\b", "\f",
                                           std::string(1, '\0'), "\x01", "\x1f", "\x7f", "/", "<script>",
                                           "\xff", "\xc3", "\xe1\xba", "\xed\xa0\x80", "🌄", "é"};
  for (int round = 0; round < 300; ++round) {
    auto text = [&] {
      std::string s;
      for (int k = static_cast<int>(rng() % 6); k > 0; --k) s += pieces[rng() % pieces.size()];
      return s;
    };
    SyncRequest req;
    req.protocol = static_cast<int>(rng() % 3);
    req.schema = static_cast<int>(rng() % 9);
    req.cursor = static_cast<std::int64_t>(rng()) * (rng() % 2 ? 1 : 1'000'003);
    req.limit = static_cast<int>(rng() % 3) * 500;
    if (rng() % 2) req.lineage = text();
    if (rng() % 2) req.attempt = text();
    req.own = rng() % 2 == 0;
    req.generation = rng() % 2 ? 0 : static_cast<std::int64_t>(rng()) << 20;
    for (int k = static_cast<int>(rng() % 5); k > 0; --k) {
      Value v;
      switch (rng() % 5) {
        case 0: break;
        case 1: v = static_cast<std::int64_t>(rng()) - (1ll << 31); break;
        case 2: v = rng() % 2 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max(); break;
        case 3: v = static_cast<double>(rng() % 1000) / 8.0; break;
        default: v = text();
      }
      std::optional<Hlc> base;
      if (rng() % 2) base = static_cast<Hlc>(rng()) << 20;
      req.cells.push_back(RemoteCell{text(), text(), text(), v, static_cast<Hlc>(rng()) << 16, "", base});
    }
    CAPTURE(round);
    CHECK(encode_sync_request(req) == request_through_tree(req));
  }
}

namespace {

// The body a brotli stream holds, or "(not brotli)".
std::string unbrotli(const std::string& in, std::size_t size) {
  std::string out(size + 1, '\0');
  std::size_t n = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &n,
                              reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
    return "(not brotli)";
  }
  out.resize(n);
  return out;
}

}  // namespace

// The client prepares a batch's head (attempt, cells) and compresses it
// while the previous request is in flight; the tail follows at send time.
TEST_CASE("a request in two parts, head compressed ahead and tail at send time, is the request's bytes") {
  std::mt19937 rng(20261205);
  for (int round = 0; round < 60; ++round) {
    SyncRequest req;
    req.schema = 7;
    req.cursor = static_cast<std::int64_t>(rng() % 1000);
    req.limit = round % 3 == 0 ? 0 : 500;
    if (rng() % 2) req.attempt = "a1b2c3d4e5f60718";
    if (rng() % 2) req.lineage = "lineage-" + std::to_string(rng());
    req.own = rng() % 2 == 0;
    req.generation = rng() % 2;
    const int cells = round < 5 ? 0 : static_cast<int>(rng() % (round < 55 ? 40 : 6000));
    for (int k = 0; k < cells; ++k) {
      req.cells.push_back(RemoteCell{"stories", "s-" + std::to_string(k % 700), "body_md",
                                     std::string("Tin bài số ") + std::to_string(rng()) + " \"đã\" xong\n",
                                     static_cast<Hlc>(rng()) << 16, "", std::nullopt});
    }
    CAPTURE(round);
    const std::string whole = encode_sync_request(req);
    const std::string head = encode_sync_request_head(req), tail = encode_sync_request_tail(req);
    CHECK(head + tail == whole);
    CHECK(whole == request_through_tree(req));
    BrotliStream stream;
    stream.start(head, whole.size());
    CHECK(unbrotli(stream.finish(tail), whole.size()) == whole);
  }
}

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
      {"{\"protocol\":1,\"schema\":2,\"cursor\":-1}", "\"cursor\": -1 is out of range"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":{}}", "\"cells\": expected an array"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",1]]}", "cells[0]: expected"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",true,5,null]]}", "cells[0][3]"},
      {"{\"protocol\":1,\"schema\":2,\"cells\":[[\"a\",\"b\",\"c\",[1],5,null]]}", "nested deeper than 3"},
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
  CHECK(why[2].find("phải từ 0 đến 100") != std::string::npos);
  CHECK(why[3].find("phải là một trong các giá trị") != std::string::npos);
  CHECK(why[4].find("không có bảng") != std::string::npos);
  CHECK(why[5].find("không có cột") != std::string::npos);
  CHECK(why[6].find("số nguyên") != std::string::npos);
  CHECK(why[7].find("đi trước đồng hồ ở đây") != std::string::npos);
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

// Issue 9 row 4: 142 bytes of brotli holding 30 million '[' took 16 s and
// 2.2 GB to refuse. The depth is now checked in one pass before parsing.
TEST_CASE("regression (issue 9 row 4): bodies nested deeper than the wire format are refused before parsing") {
  const std::string deep(1'000'000, '[');
  const std::string one_too_deep = R"({"protocol":1,"schema":2,"cells":[[[1]]]})";
  for (const std::string& body : {deep, one_too_deep}) {
    auto r = decode_sync_request(body);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == "the body is nested deeper than 3 levels");
  }
  // Every decoder of a body the other side wrote goes through the same check.
  CHECK(decode_sync_response(deep).status().message().find("nested deeper") != std::string::npos);
  CHECK(decode_hello(deep).status().message().find("nested deeper") != std::string::npos);
  CHECK(decode_hash_list(deep).status().message().find("nested deeper") != std::string::npos);
  CHECK(decode_missing(deep).status().message().find("nested deeper") != std::string::npos);
  CHECK(decode_upload_offset(deep).status().message().find("nested deeper") != std::string::npos);
  CHECK(decode_error(deep) == std::string(200, '['));
  // Brackets inside strings, escaped quotes included, are text, not nesting.
  auto text = decode_sync_request(R"({"protocol":1,"schema":2,"cells":[["a","b","c","\"[[[[{{{{",5,null]]})");
  REQUIRE(text.is_ok());
  CHECK(text->cells[0].value == Value{std::string("\"[[[[{{{{")});
  // Closing more than was opened is not JSON, whatever follows.
  CHECK(decode_sync_request("]]]][[[[").status().message() == "the body is not valid JSON");
}

// The same attack, wide instead of deep: 64 MB of "[]," parsed to over a
// gigabyte. The pre-scan counts values as well.
TEST_CASE("regression (issue 9 row 4): a body holding more values than any push is refused before parsing") {
  std::string wide = R"({"protocol":1,"schema":2,"cells":[)";
  for (int i = 0; i < 1'000'000; ++i) wide += "[],";
  wide += "[]]}";
  auto r = decode_sync_request(wide);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message() == "the body holds more than 2000000 values");
  CHECK(decode_sync_response(wide).status().message().find("more than 2000000 values") != std::string::npos);
  // Commas inside strings are text.
  auto text = decode_sync_request(R"({"protocol":1,"schema":2,"cells":[["a","b","c",")" + std::string(3'000'000, ',') +
                                  R"(",5,null]]})");
  REQUIRE(text.is_ok());
  // A large real push still decodes: 50,000 cells.
  SyncRequest big;
  for (int i = 0; i < 50'000; ++i) {
    big.cells.push_back(RemoteCell{"progress", "2021-q1-01:dong-van", "percent", std::int64_t{i % 100},
                                   Hlc(1'795'485'895'841'000 + i), "", std::nullopt});
  }
  auto back = decode_sync_request(encode_sync_request(big));
  REQUIRE(back.is_ok());
  CHECK(back->cells.size() == 50'000);
}

TEST_CASE("regression (issue 9 row 4): the server refuses a deep body from a node quickly, with the reason") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  httplib::Client http(f.url());
  httplib::Headers h{{"Authorization", "Bearer " + dv.token}, {"Content-Encoding", "br"}};
  const std::string bomb = brotli_compress(std::string(3'000'000, '['));
  CHECK(bomb.size() < 1000);
  auto res = http.Post("/api/v1/sync", h, bomb, "application/json");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(decode_error(res->body).find("nested deeper than 3 levels") != std::string::npos);
}

// Issue 9, "integers ≥ 2^63 wrap": a percent of 2^64-1 became -1 and
// protocol 2^32+1 was taken as 1. Every integer is checked against the range
// of the field it fills, and a fraction where a whole number goes is refused.
TEST_CASE("regression (issue 9, integers >= 2^63 wrap): out-of-range and fractional integers are refused") {
  auto req = [](const std::string& fields) { return "{\"protocol\":1,\"schema\":2" + fields + "}"; };
  auto cell = [&](const std::string& value, const std::string& hlc = "5", const std::string& base = "null") {
    return req(",\"cells\":[[\"progress\",\"x\",\"percent\"," + value + "," + hlc + "," + base + "]]");
  };
  const std::pair<std::string, std::string> refused[] = {
      {"{\"protocol\":4294967297,\"schema\":2}", "\"protocol\": 4294967297 is out of range (0 to 2147483647)"},
      {"{\"protocol\":1,\"schema\":-1}", "\"schema\": -1 is out of range"},
      {"{\"protocol\":1.0,\"schema\":2}", "\"protocol\": expected a whole number, found a fraction or an exponent"},
      {req(",\"cursor\":18446744073709551615"), "\"cursor\": 18446744073709551615 is out of range"},
      {req(",\"cursor\":9223372036854775808"), "\"cursor\": 9223372036854775808 is out of range"},
      {req(",\"cursor\":1e3"), "\"cursor\": expected a whole number, found a fraction or an exponent (1000.0)"},
      {req(",\"limit\":1000001"), "\"limit\": 1000001 is out of range (0 to 1000000)"},
      {cell("18446744073709551615"), "cells[0][3]: 18446744073709551615 is out of range"},
      {cell("9223372036854775808"), "cells[0][3]: 9223372036854775808 is out of range"},
      {cell("1e400"), "not valid JSON"},  // the parser refuses what overflows a double
      {cell("1", "9223372036854775808"), "cells[0][4]: 9223372036854775808 is out of range"},
      {cell("1", "5.5"), "cells[0][4]: expected a clock (a non-negative whole number), found a fraction"},
      {cell("1", "5", "18446744073709551615"), "cells[0][5]: 18446744073709551615 is out of range"},
  };
  for (const auto& [body, message] : refused) {
    CAPTURE(body);
    auto r = decode_sync_request(body);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message().find(message) != std::string::npos);
  }
  // The edges of each range still decode, to the value sent.
  auto edge = decode_sync_request(cell("-9223372036854775808", "9223372036854775807"));
  REQUIRE(edge.is_ok());
  CHECK(edge->cells[0].value == Value{std::numeric_limits<std::int64_t>::min()});
  CHECK(edge->cells[0].hlc == Hlc{9223372036854775807u});
  auto top = decode_sync_request("{\"protocol\":2147483647,\"schema\":2,\"cursor\":9223372036854775807}");
  REQUIRE(top.is_ok());
  CHECK(top->protocol == 2147483647);
  CHECK(top->cursor == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("regression (issue 9, integers >= 2^63 wrap): a server's answers are held to the same ranges") {
  const std::pair<Status, std::string> refused[] = {
      {decode_sync_response(R"({"time":18446744073709551615,"cursor":1,"more":false})").status(),
       "\"time\": 18446744073709551615 is out of range"},
      {decode_sync_response(R"({"time":1,"cursor":-1,"more":false})").status(), "\"cursor\": -1 is out of range"},
      {decode_sync_response(R"({"time":1,"cursor":1.5,"more":false})").status(), "\"cursor\": expected a whole number"},
      {decode_sync_response(R"({"time":1,"cursor":1,"more":false,"nodes":["n"],"cells":[["units","x","ordinal",9223372036854775808,5,0]]})")
           .status(),
       "cells[0][3]: 9223372036854775808 is out of range"},
      {decode_hello(R"({"protocol":4294967297,"schema":2,"time":1})").status(), "\"protocol\": 4294967297 is out of range"},
      {decode_missing(R"({"missing":[["h",18446744073709551615]]})").status(), "missing[0][1]: 18446744073709551615 is out of range"},
      {decode_missing(R"({"missing":[["h",-5]]})").status(), "missing[0][1]: -5 is out of range"},
      {decode_upload_offset(R"({"offset":9223372036854775808})").status(), "\"offset\": 9223372036854775808 is out of range"},
      {decode_upload_offset(R"({"offset":2.5})").status(), "\"offset\": expected a whole number"},
  };
  for (const auto& [status, message] : refused) {
    CAPTURE(message);
    REQUIRE_FALSE(status.is_ok());
    CHECK(status.message().find(message) != std::string::npos);
  }
}

TEST_CASE("issue 12: the site's build state rides the sync answer as an optional member") {
  SyncResponse res;
  res.server_time_ms = 5;
  res.cursor = 9;
  // Absent: the answer is as before (an idle answer stays as small), and
  // an answer from an older server decodes with no site.
  CHECK(encode_sync_response(res).find("site") == std::string::npos);
  auto r = decode_sync_response(R"({"time":1,"cursor":2,"more":false})");
  REQUIRE(r.is_ok());
  CHECK_FALSE(r->site.has_value());

  res.site = SiteStatus{1'795'485'895'841, 0, ""};
  CHECK(encode_sync_response(res).find(R"("site":{"built":1795485895841})") != std::string::npos);
  r = decode_sync_response(encode_sync_response(res));
  REQUIRE(r.is_ok());
  REQUIRE(r->site.has_value());
  CHECK(*r->site == *res.site);
  res.site = SiteStatus{0, 1'795'485'895'900, "public: không ghi được \"index.html\""};
  r = decode_sync_response(encode_sync_response(res));
  REQUIRE(r.is_ok());
  CHECK(*r->site == *res.site);

  for (const char* bad : {R"({"time":1,"cursor":2,"more":false,"site":[]})",
                          R"({"time":1,"cursor":2,"more":false,"site":{"built":-1}})",
                          R"({"time":1,"cursor":2,"more":false,"site":{"built":1.5}})",
                          R"({"time":1,"cursor":2,"more":false,"site":{"error":7}})"}) {
    CAPTURE(bad);
    auto d = decode_sync_response(bad);
    REQUIRE_FALSE(d.is_ok());
    CHECK(d.status().message().find("site") != std::string::npos);
  }
}
