// Attacks on node (issue 9): each case starts a real server or uses the
// real binary, runs one attack on loopback, bounded in time and traffic,
// and names the row of issue 9 it pins.
//
// Row 12: a hostile server (or anyone between it and a node on plain HTTP)
// answers a node's sync with crafted bodies. The node is a real one, made
// by `init_node` against a real server, then pointed at a fake one: an
// httplib server in this process answering whatever the case sets.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>

#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Answers POST /api/v1/sync with `answer()`; counts the requests.
class FakeServer {
 public:
  explicit FakeServer(std::function<std::string()> answer) : answer_(std::move(answer)) {
    server_.Post("/api/v1/sync", [this](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content(answer_(), "application/json");
    });
    server_.Post("/api/v1/photos/missing", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(encode_missing({}), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    // Bound and listening already: a request queues until the loop starts.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakeServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_; }

 private:
  std::function<std::string()> answer_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> requests_{0};
};

void point_at(Store& node, const std::string& url) {
  auto cfg = NodeStore(node).node_config();
  REQUIRE(cfg->has_value());
  NodeConfig c = **cfg;
  c.server_url = url;
  REQUIRE(NodeStore(node).set_node_config(c).is_ok());
}

// A Đồng Văn node bootstrapped from a real server, which is then stopped.
struct HostileCase {
  SyncFixture f;
  std::unique_ptr<Store> node;
  std::int64_t cursor = 0;
  HostileCase() {
    auto dv = f.add_node("dong-van", "district");
    f.start();
    node = f.init("dv.db", dv);
    f.stop();
    cursor = *node->cursor("server");
  }
  // An honest-looking answer at the node's cursor, now.
  SyncResponse answer() const {
    SyncResponse r;
    r.server_time_ms = wall_clock_ms();
    r.cursor = cursor;
    return r;
  }
};

const std::string kDraft = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0";

void write_draft(Store& s) {
  REQUIRE(s.write("stories", {{"id", kDraft},
                              {"unit_id", std::string("dong-van")},
                              {"title", std::string("Người giữ rừng")},
                              {"subject", std::string("Ông Sùng Mí Páo")},
                              {"category", std::string("individual")},
                              {"body_md", std::string("Ba mươi năm giữ rừng.")}})
              .is_ok());
}

}  // namespace

TEST_CASE("regression (issue 9 row 12): a retraction naming the node's own draft deletes nothing") {
  HostileCase c;
  write_draft(*c.node);
  SyncResponse r = c.answer();
  r.retracted = {{"stories", kDraft}};
  FakeServer fake([&] { return encode_sync_response(r); });
  point_at(*c.node, fake.url());
  auto report = sync_node(*c.node, SyncFixture::fast());
  REQUIRE_MESSAGE(report.is_ok(), report.status().message());
  CHECK(report->rows_withdrawn == 0);
  CHECK(*c.node->count("stories") == 1);  // the draft is still here
  CHECK(cell_of(*c.node, "stories", kDraft, "title") == Value{std::string("Người giữ rừng")});
  // ...and the clerk can see what was refused (`thidua node status`).
  REQUIRE(report->refused.size() == 1);
  auto kept = NodeStore(*c.node).rejections();
  REQUIRE(kept.is_ok());
  CHECK(kept->first == 1);
  CHECK(kept->second.find("không nhận từ máy chủ: lệnh gỡ bài của chính đơn vị này") != std::string::npos);
}

TEST_CASE("regression (issue 9 row 12): a server time 10 years ahead is not adopted; nothing of the answer is kept") {
  HostileCase c;
  REQUIRE(c.node->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 40, "ghi chú")).is_ok());
  const std::int64_t ten_years = 3650LL * 24 * 3600 * 1000;
  SyncResponse r = c.answer();
  r.server_time_ms = wall_clock_ms() + ten_years;
  r.cursor = c.cursor + 5;
  r.cells = {RemoteCell{"progress", "2021-q1-02:dong-van", "note_md", Value{std::string("tương lai")},
                        hlc_pack(r.server_time_ms, 0), "ke-gia-mao", std::nullopt}};
  FakeServer fake([&] { return encode_sync_response(r); });
  point_at(*c.node, fake.url());
  const Hlc clock_before = *c.node->clock();
  auto report = sync_node(*c.node, SyncFixture::fast());
  REQUIRE_FALSE(report.is_ok());
  CHECK(report.status().message().find("giờ của máy chủ lệch với giờ máy này 3650 ngày (nhanh hơn)") != std::string::npos);
  CHECK(*c.node->clock() == clock_before);
  CHECK(*c.node->cursor("server") == c.cursor);
  CHECK(c.node->outbox()->size() > 0);  // the edit waits for an honest server
  CHECK(cell_of(*c.node, "progress", "2021-q1-02:dong-van", "note_md") == Value());
  // The next edit is stamped with this machine's time, not the server's claim.
  REQUIRE(c.node->write("progress", progress("2021-q1-03", "dong-van", "done", 100)).is_ok());
  CHECK(std::llabs(hlc_wall_ms(c.node->outbox()->back().hlc) - wall_clock_ms()) < 60'000);
}

TEST_CASE("regression (issue 9 row 12): pulled cells 11 days ahead are refused, kept for the clerk, never applied") {
  HostileCase c;
  const std::int64_t eleven_days = 11LL * 24 * 3600 * 1000;
  SyncResponse r = c.answer();
  r.cursor = c.cursor + 2;
  r.cells = {
      RemoteCell{"progress", "2021-q1-02:dong-van", "_row", Value{std::int64_t{1}}, hlc_pack(wall_clock_ms() + eleven_days, 0),
                 "ke-gia-mao", std::nullopt},
      RemoteCell{"progress", "2021-q1-02:dong-van", "note_md", Value{std::string("tương lai")},
                 hlc_pack(wall_clock_ms() + eleven_days, 0), "ke-gia-mao", std::nullopt},
      // A cell claiming to be this node's own write: the server never sends those.
      RemoteCell{"units", "dong-van", "name", Value{std::string("Đồng Giả")}, hlc_pack(wall_clock_ms(), 0),
                 c.node->node_id(), std::nullopt},
  };
  FakeServer fake([&] { return encode_sync_response(r); });
  point_at(*c.node, fake.url());
  const Value name = cell_of(*c.node, "units", "dong-van", "name");
  auto report = sync_node(*c.node, SyncFixture::fast());
  REQUIRE_MESSAGE(report.is_ok(), report.status().message());
  CHECK(cell_of(*c.node, "progress", "2021-q1-02:dong-van", "note_md") == Value());
  CHECK(cell_of(*c.node, "units", "dong-van", "name") == name);
  CHECK(hlc_wall_ms(*c.node->clock()) < wall_clock_ms() + 60'000);
  CHECK(report->refused.size() == 3);
  auto kept = NodeStore(*c.node).rejections();
  REQUIRE(kept.is_ok());
  CHECK(kept->first == 3);
  CHECK(kept->second.find("không nhận từ máy chủ") != std::string::npos);
}

TEST_CASE("regression (issue 9 row 12): a cursor going backwards, or standing still with more to come, is refused") {
  HostileCase c;
  for (bool backwards : {true, false}) {
    CAPTURE(backwards);
    SyncResponse r = c.answer();
    r.cursor = backwards ? c.cursor - 1 : c.cursor;
    r.more = !backwards;
    FakeServer fake([&] { return encode_sync_response(r); });
    point_at(*c.node, fake.url());
    auto report = sync_node(*c.node, SyncFixture::fast());
    REQUIRE_FALSE(report.is_ok());
    CHECK(report.status().message().find("vị trí đồng bộ") != std::string::npos);
    CHECK(fake.requests() == 1);  // no loop
    CHECK(*c.node->cursor("server") == c.cursor);
  }
}

TEST_CASE("regression (issue 9 row 12): an answer past the node's bound is dropped while read, asked again smaller, then refused") {
  HostileCase c;
  SyncResponse r = c.answer();
  r.cursor = c.cursor + 1;
  r.cells = {RemoteCell{"units", "dong-van", "name", Value{std::string(3u << 20, 'x')}, hlc_pack(wall_clock_ms(), 0),
                        "ke-gia-mao", std::nullopt}};
  const std::string big = encode_sync_response(r);
  FakeServer fake([&] { return big; });
  point_at(*c.node, fake.url());
  ClientOptions o = SyncFixture::fast();
  o.max_answer_bytes = 1u << 20;
  const Value name = cell_of(*c.node, "units", "dong-van", "name");
  auto report = sync_node(*c.node, o);
  REQUIRE_FALSE(report.is_ok());
  CHECK(report.status().message().find("câu trả lời của máy chủ lớn quá 1 MiB") != std::string::npos);
  CHECK(fake.requests() <= 12);  // 5000 is the server's default: 1000, 500, ... 1
  CHECK(cell_of(*c.node, "units", "dong-van", "name") == name);
  CHECK(*c.node->cursor("server") == c.cursor);
}
