// Compressed pull answers (issue 10): brotli for a client that asks, the
// plain JSON as before for one that does not.
#include <httplib.h>

#include "sync/server/internal/answer.h"
#include "store/schema.h"
#include "sync/protocol/protocol.h"
#include "tests/sync/sync_fixture.h"

using namespace thidua;
using namespace thidua::testing;
using server_internal::accepts_brotli;

namespace {

// A first pull of everything `token` may see, raw on the wire.
httplib::Result first_pull(SyncFixture& f, const std::string& token, const char* accept, bool decompress) {
  SyncRequest req;
  req.schema = latest_schema_version();
  httplib::Client http(f.url());
  http.set_decompress(decompress);
  httplib::Headers h{{"Authorization", "Bearer " + token}};
  if (accept) h.emplace("Accept-Encoding", accept);
  return http.Post("/api/v1/sync", h, encode_sync_request(req), "application/json");
}

}  // namespace

TEST_CASE("Accept-Encoding: br is read as a list with q values") {
  CHECK(accepts_brotli("br"));
  CHECK(accepts_brotli("gzip, deflate, br"));
  CHECK(accepts_brotli(" BR ;q=0.5"));
  CHECK_FALSE(accepts_brotli(""));
  CHECK_FALSE(accepts_brotli("gzip"));
  CHECK_FALSE(accepts_brotli("brotli"));
  CHECK_FALSE(accepts_brotli("gzip, br;q=0"));
  CHECK_FALSE(accepts_brotli("br; q=0.0"));
}

TEST_CASE("a sync answer is brotli-compressed for a client that asks, the same JSON once decoded") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto raw = first_pull(f, dv.token, "br", false);
  REQUIRE(raw);
  REQUIRE(raw->status == 200);
  CHECK(raw->get_header_value("Content-Encoding") == "br");
  auto plain = first_pull(f, dv.token, nullptr, true);
  REQUIRE(plain);
  REQUIRE(plain->status == 200);
  CHECK(raw->body.size() * 4 < plain->body.size());  // the content's JSON shrinks well past 4x
  auto decoded = first_pull(f, dv.token, "br", true);
  REQUIRE(decoded);
  auto a = decode_sync_response(decoded->body);
  auto b = decode_sync_response(plain->body);
  REQUIRE(a.is_ok());
  REQUIRE(b.is_ok());
  CHECK(a->cursor == b->cursor);
  CHECK(a->more == b->more);
  REQUIRE(a->cells.size() == b->cells.size());
  CHECK(encode_sync_response([&] { auto r = *a; r.server_time_ms = 0; return r; }()) ==
        encode_sync_response([&] { auto r = *b; r.server_time_ms = 0; return r; }()));
}

TEST_CASE("a client that does not ask for br (an older node) gets the plain JSON as before") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  for (const char* accept : {static_cast<const char*>(nullptr), "identity"}) {
    CAPTURE(accept ? accept : "(none)");
    auto res = first_pull(f, dv.token, accept, false);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK_FALSE(res->has_header("Content-Encoding"));
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(decode_sync_response(res->body).is_ok());
  }
}

TEST_CASE("regression (issue 10): a small answer to a client that asks for br leaves the server as it is") {
  // httplib compresses an "application/json" body itself, at brotli's
  // quality 11, for any client that accepts br: every idle answer of every
  // node cost a third of the server's time under load.
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto first = first_pull(f, dv.token, nullptr, true);
  REQUIRE(first);
  auto at = decode_sync_response(first->body);
  REQUIRE(at.is_ok());
  SyncRequest req;
  req.schema = latest_schema_version();
  req.cursor = at->cursor;
  httplib::Client http(f.url());
  http.set_decompress(false);
  auto res = http.Post("/api/v1/sync", {{"Authorization", "Bearer " + dv.token}, {"Accept-Encoding", "br"}},
                       encode_sync_request(req), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK_FALSE(res->has_header("Content-Encoding"));
  CHECK(res->get_header_value("Content-Type").rfind("application/json", 0) == 0);
  auto idle = decode_sync_response(res->body);
  REQUIRE(idle.is_ok());
  CHECK(idle->cells.empty());
}
