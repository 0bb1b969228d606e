// Faults: a killed server, cut connections, lost answers, wrong clocks, and
// a convergence run through a link that drops. After each, syncing again
// converges with nothing lost and nothing duplicated.
#include <signal.h>

#include <nlohmann/json.hpp>
#include <random>

#include "netsim/free_port.h"
#include "netsim/proxy.h"
#include "tests/support/process.h"
#include "tests/sync/sync_fixture.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

void point_at(Store& node, const std::string& url) {
  auto cfg = NodeStore(node).node_config();
  REQUIRE(cfg->has_value());
  NodeConfig c = **cfg;
  c.server_url = url;
  REQUIRE(NodeStore(node).set_node_config(c).is_ok());
}

}  // namespace

TEST_CASE("the server killed with SIGKILL mid-sync: restart, sync again, nothing lost or doubled") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  auto port = netsim::free_loopback_port();
  REQUIRE(port.is_ok());
  const std::vector<std::string> args = {THIDUA_BIN, "server", "run", "--db", f.central_path(),
                                         "--listen", "127.0.0.1:" + std::to_string(*port), "--quiet"};
  auto server = std::make_unique<Process>(args, f.dir.file("server.log"));
  REQUIRE(wait_healthy(*port));
  const std::string url = "http://127.0.0.1:" + std::to_string(*port);
  auto made = init_node(f.dir.file("dv.db"), url, dv.token, SyncFixture::fast());
  REQUIRE_MESSAGE(made.is_ok(), made.status().message());
  auto node = Store::open(f.dir.file("dv.db"));
  REQUIRE(node.is_ok());
  write_stories(**node, "dong-van", 1500);

  // Small batches make many requests; the kill lands in the middle of them.
  ClientOptions o = SyncFixture::fast();
  o.batch_bytes = o.min_batch_bytes = o.max_batch_bytes = 16 << 10;
  o.max_attempts = 2;
  std::thread killer([&] {
    auto central = Store::open(f.central_path());
    for (int i = 0; i < 500; ++i) {
      auto n = (*central)->count("stories");
      if (n && *n > 100) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    server->signal_and_wait(SIGKILL);
  });
  auto interrupted = sync_node(**node, o);
  killer.join();
  CHECK_FALSE(interrupted.is_ok());
  CHECK_FALSE((*node)->outbox()->empty());  // unsent edits are still waiting

  server = std::make_unique<Process>(args, f.dir.file("server.log"));
  REQUIRE(wait_healthy(*port));
  auto done = sync_node(**node, SyncFixture::fast());
  REQUIRE_MESSAGE(done.is_ok(), done.status().message());
  CHECK((*node)->outbox()->empty());
  server->signal_and_wait(SIGTERM);
  auto central = f.central();
  CHECK(*central->count("stories") == 1500);
  CHECK(*central->integrity_check() == "ok");
  CHECK(*(*node)->integrity_check() == "ok");
  auto mine = nlohmann::json::parse(*(*node)->export_json());
  auto theirs = nlohmann::json::parse(*central->export_json());
  CHECK(mine["stories"] == theirs["stories"]);
}

TEST_CASE("connections cut mid-request and mid-response: the retry converges without duplicates") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  write_stories(*node, "dong-van", 200);
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), {});
  REQUIRE(proxy.is_ok());
  point_at(*node, "http://127.0.0.1:" + std::to_string((*proxy)->port()));
  ClientOptions o = SyncFixture::fast();
  o.max_attempts = 2;

  SUBCASE("mid-request: the server never sees a whole body") {
    netsim::LinkProfile cut;
    cut.cut_after_bytes_up = 3000;
    (*proxy)->set_profile(cut);
    o.min_batch_bytes = 64 << 10;  // too big to slip under the cut
    auto r = sync_node(*node, o);
    CHECK_FALSE(r.is_ok());
    CHECK(*f.central()->count("stories") == 0);
  }
  SUBCASE("mid-response: the server committed, the node did not (as if it died before settling)") {
    netsim::LinkProfile cut;
    cut.cut_after_bytes_down = 100;
    (*proxy)->set_profile(cut);
    auto r = sync_node(*node, o);
    CHECK_FALSE(r.is_ok());
    CHECK(*f.central()->count("stories") > 0);   // the server has them
    CHECK_FALSE(node->outbox()->empty());        // the node does not know
  }
  (*proxy)->set_profile({});
  auto r = sync_node(*node, SyncFixture::fast());
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(node->outbox()->empty());
  auto central = f.central();
  CHECK(*central->count("stories") == 200);
  auto mine = nlohmann::json::parse(*node->export_json());
  auto theirs = nlohmann::json::parse(*central->export_json());
  CHECK(mine["stories"] == theirs["stories"]);
  CHECK(*central->integrity_check() == "ok");
}

TEST_CASE("a node whose clock is a day ahead or behind still gets every edit through") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  f.init("dv.db", dv);
  const std::int64_t day = 24LL * 3600 * 1000;
  for (std::int64_t skew : {day, -day}) {
    CAPTURE(skew);
    OpenOptions o;
    o.clock_ms = [skew] { return wall_clock_ms() + skew; };
    auto node = Store::open(f.dir.file("dv.db"), o);
    REQUIRE(node.is_ok());
    std::string note = skew > 0 ? "ngày mai" : "hôm qua";
    REQUIRE((*node)->write("progress", progress("2021-q4-0" + std::string(skew > 0 ? "1" : "2"), "dong-van",
                                                "in_progress", 50, note)).is_ok());
    auto r = sync_node(**node, SyncFixture::fast());
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    CHECK(r->cells_rejected == 0);
    CHECK((*node)->outbox()->empty());
    auto central = f.central();
    CHECK(cell_of(*central, "progress", std::string("2021-q4-0") + (skew > 0 ? "1" : "2") + ":dong-van", "note_md") ==
          Value{note});
    // The node now stamps edits near the server's time.
    REQUIRE((*node)->write("progress", progress("2021-q4-03", "dong-van", "done", 100, note)).is_ok());
    Hlc stamped = (*node)->outbox()->back().hlc;
    CHECK(std::llabs(hlc_wall_ms(stamped) - wall_clock_ms()) < 60'000);
    REQUIRE(sync_node(**node, SyncFixture::fast()).is_ok());
  }
}

TEST_CASE("convergence: random offline edits, random sync order, a dropping link, then agreement") {
  SyncFixture f;
  const std::vector<std::string> units = {"dong-van", "meo-vac", "dong-van"};  // two PCs in Đồng Văn
  std::vector<Issued> issued;
  for (const auto& u : units) issued.push_back(f.add_node(u, "district"));
  Issued tinh = f.add_node("ban-tdkt", "province");
  f.start();
  std::vector<std::unique_ptr<Store>> nodes;
  for (std::size_t i = 0; i < units.size(); ++i) nodes.push_back(f.init("n" + std::to_string(i) + ".db", issued[i]));
  auto province = f.init("tinh.db", tinh);

  netsim::LinkProfile flaky;
  flaky.cut_probability = 0.5;
  flaky.seed = 7;
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), flaky);
  REQUIRE(proxy.is_ok());
  const std::string flaky_url = "http://127.0.0.1:" + std::to_string((*proxy)->port());
  for (auto& n : nodes) point_at(*n, flaky_url);

  std::mt19937 rng(12345);
  const char* statuses[] = {"not_started", "in_progress", "done", "blocked"};
  // Every accepted local write, to know which should win: (table,pk,col) -> (hlc,node,value).
  std::map<std::tuple<std::string, std::string, std::string>, std::tuple<Hlc, std::string, Value>> winner;
  auto remember = [&](Store& s, std::int64_t after) {
    auto entries = s.outbox(after);  // named: ranging over *temporary would dangle
    REQUIRE(entries.is_ok());
    for (const auto& e : *entries) {
      auto key = std::tuple{e.table, e.pk, e.column};
      auto cand = std::tuple{e.hlc, s.node_id(), e.value};
      auto it = winner.find(key);
      if (it == winner.end() || std::tie(std::get<0>(cand), std::get<1>(cand)) >
                                    std::tie(std::get<0>(it->second), std::get<1>(it->second))) {
        winner[key] = cand;
      }
    }
  };
  ClientOptions o = SyncFixture::fast();
  o.max_attempts = 3;
  o.batch_bytes = 2048;
  for (int round = 0; round < 6; ++round) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      Store& s = *nodes[i];
      auto last = s.outbox();
      std::int64_t after = last->empty() ? 0 : last->back().seq;
      for (int k = 0; k < 8; ++k) {
        int task = static_cast<int>(rng() % 6) + 1;
        std::string id = "2021-q1-0" + std::to_string(task);
        // Long, barely compressible notes: transfers big enough for the link to cut.
        std::string note = "ghi chú ";
        for (int c = 0; c < 600; ++c) note += "0123456789abcdef"[rng() % 16];
        REQUIRE(s.write("progress", progress(id, units[i], statuses[rng() % 4], static_cast<std::int64_t>(rng() % 101),
                                             note)).is_ok());
      }
      remember(s, after);
    }
    std::vector<std::size_t> order = {0, 1, 2};
    std::shuffle(order.begin(), order.end(), rng);
    for (auto i : order) (void)sync_node(*nodes[i], o);  // may fail: the link drops
  }
  // Link restored: everyone syncs until nothing moves.
  for (auto& n : nodes) point_at(*n, f.url());
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& n : nodes) REQUIRE(sync_node(*n, SyncFixture::fast()).is_ok());
    REQUIRE(sync_node(*province, SyncFixture::fast()).is_ok());
  }
  CHECK((*proxy)->stats().cuts > 0);

  auto central = f.central();
  auto server = nlohmann::json::parse(*central->export_json());
  // Every write that should have won did.
  for (const auto& [key, w] : winner) {
    auto [table, pk, col] = key;
    if (col == "_row") continue;  // existence, not a column: rows are compared below
    CAPTURE(pk);
    CAPTURE(col);
    CHECK(cell_of(*central, table, pk, col) == std::get<2>(w));
  }
  // Every copy agrees with the server on what it may see.
  CHECK(nlohmann::json::parse(*province->export_json()) == server);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto mine = nlohmann::json::parse(*nodes[i]->export_json());
    for (const char* t : {"units", "plans", "tasks", "task_units"}) CHECK(mine[t] == server[t]);
    nlohmann::json own = nlohmann::json::array();
    for (const auto& row : server["progress"])
      if (row["unit_id"] == units[i]) own.push_back(row);
    CHECK(mine["progress"] == own);
    CHECK(*nodes[i]->integrity_check() == "ok");
  }
  CHECK(*central->integrity_check() == "ok");
}

TEST_CASE("the node killed with SIGKILL after the server committed but before it did") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  f.init("dv.db", dv);
  {
    auto node = Store::open(f.dir.file("dv.db"));
    REQUIRE(node.is_ok());
    write_stories(**node, "dong-van", 300);
  }
  // A slow link: the server's answer is still on its way when the node dies.
  netsim::LinkProfile slow;
  slow.latency_ms = 1500;
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), slow);
  REQUIRE(proxy.is_ok());
  {
    auto node = Store::open(f.dir.file("dv.db"));
    point_at(**node, "http://127.0.0.1:" + std::to_string((*proxy)->port()));
  }
  Process sync({THIDUA_BIN, "node", "sync", "--db", f.dir.file("dv.db"), "--quiet"}, f.dir.file("node.log"));
  bool committed = false;
  // Up to 30 s for a sanitized node process to start and send; once the
  // server has committed, the answer still has 1.5 s to travel.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!committed && std::chrono::steady_clock::now() < deadline) {
    auto n = f.central()->count("stories");
    committed = n.is_ok() && *n == 300;
    if (!committed) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(committed);
  CHECK(sync.signal_and_wait(SIGKILL) != -1);

  auto node = Store::open(f.dir.file("dv.db"));
  REQUIRE(node.is_ok());
  CHECK(*(*node)->integrity_check() == "ok");
  CHECK((*node)->outbox()->size() > 0);  // it never learnt the server had them
  point_at(**node, f.url());
  auto again = sync_node(**node, SyncFixture::fast());
  REQUIRE_MESSAGE(again.is_ok(), again.status().message());
  CHECK(again->cells_rejected == 0);
  CHECK((*node)->outbox()->empty());
  auto central = f.central();
  CHECK(*central->count("stories") == 300);
  auto mine = nlohmann::json::parse(*(*node)->export_json());
  auto theirs = nlohmann::json::parse(*central->export_json());
  CHECK(mine["stories"] == theirs["stories"]);
}

TEST_CASE("regression (issue 9 row 13): an answer lost after the server moved the lineage on is retried fine") {
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  f.start();
  auto node = f.init("dv.db", dv);
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), {});
  REQUIRE(proxy.is_ok());
  point_at(*node, "http://127.0.0.1:" + std::to_string((*proxy)->port()));
  REQUIRE(node->write("progress", progress("2021-q1-01", "dong-van", "in_progress", 40, "lần một")).is_ok());
  netsim::LinkProfile cut;
  cut.cut_after_bytes_down = 60;  // the server committed; its answer (with the new lineage) never arrives
  (*proxy)->set_profile(cut);
  ClientOptions o = SyncFixture::fast();
  o.max_attempts = 3;  // retried in the same sync, each answer lost again
  CHECK_FALSE(sync_node(*node, o).is_ok());
  CHECK(cell_of(*f.central(), "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("lần một")});
  CHECK_FALSE(node->outbox()->empty());
  (*proxy)->set_profile({});
  auto r = sync_node(*node, SyncFixture::fast());  // a later sync: the same attempt, recognised
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(node->outbox()->empty());
  REQUIRE(node->write("progress", progress("2021-q1-01", "dong-van", "done", 100, "lần hai")).is_ok());
  f.sync(*node);
  CHECK(cell_of(*f.central(), "progress", "2021-q1-01:dong-van", "note_md") == Value{std::string("lần hai")});
}

TEST_CASE("a new copy whose long first pages a link cuts asks for shorter ones and gets everything") {
  // A new copy asks for pages of four times the server's pull limit (20,000
  // cells here); on a cut it asks for 5,000 (kPageAfterDrop in client.cc),
  // then halves. This link cuts every connection after 256 KiB down: one
  // long page never passes it, a short one does.
  SyncFixture f;
  auto dv = f.add_node("dong-van", "district");
  {
    auto central = f.central();
    std::mt19937 rng(7);
    REQUIRE(central->transaction([&]() -> Status {
      for (int i = 0; i < 2'400; ++i) {
        std::string body;  // about half as long once compressed: the pages' sizes are known
        for (int k = 0; k < 40; ++k) body += std::to_string(rng());
        THIDUA_RETURN_IF_ERROR(central->write("stories", {{"id", story_id(i)},
                                                          {"unit_id", std::string("dong-van")},
                                                          {"title", "Điển hình số " + std::to_string(i)},
                                                          {"subject", std::string("Hoàng Văn Minh")},
                                                          {"category", std::string("individual")},
                                                          {"status", std::string("published")},
                                                          {"body_md", body}}));
      }
      return Status::ok();
    }).is_ok());
  }
  f.start();
  netsim::LinkProfile cuts;
  cuts.cut_after_bytes_down = 256 << 10;
  auto proxy = netsim::Proxy::start("127.0.0.1", f.port(), cuts);
  REQUIRE(proxy.is_ok());
  ClientOptions o = SyncFixture::fast();
  o.max_attempts = 4;  // per failure in a row; each short page that passes starts the count again
  const std::string url = "http://127.0.0.1:" + std::to_string((*proxy)->port());
  auto made = init_node(f.dir.file("new.db"), url, dv.token, o);
  REQUIRE_MESSAGE(made.is_ok(), made.status().message());
  CHECK((*proxy)->stats().cuts > 0);
  CHECK(made->requests >= 6);  // 24,000 cells and more in pages of at most 5,000
  auto node = Store::open(f.dir.file("new.db"));
  REQUIRE(node.is_ok());
  CHECK(*(*node)->count("stories") == 2'400);
  auto mine = nlohmann::json::parse(*(*node)->export_json());
  auto theirs = nlohmann::json::parse(*f.central()->export_json());
  CHECK(mine["stories"] == theirs["stories"]);
}
