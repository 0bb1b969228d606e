// `thidua node set-server` and `set-token` (issue 11: a node could not be
// re-pointed; `node init` refuses an existing file, so pending work was
// stranded). Real processes: `thidua server run` on free loopback ports.
#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "tests/cli/node_cli.h"
#include "netsim/free_port.h"
#include "store/node_store.h"
#include "store/store.h"
#include "tests/support/images.h"
#include "tests/support/process.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

RunResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), kBin);
  return run(args);
}

// A token for `unit` as the operator gets it from add-node.
std::string add_node(const std::string& central, const std::string& unit) {
  auto r =
      cli({"server", "add-node", "--db", central, "--unit", unit, "--role", "district", "--json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return nlohmann::json::parse(r.out)["token"].get<std::string>();
}

// `thidua server run` on a free loopback port; stopped with the object.
struct RunningServer {
  RunningServer(const std::string& central, const std::string& log) {
    auto p = netsim::free_loopback_port();
    REQUIRE(p.is_ok());
    port = *p;
    process = std::make_unique<Process>(
        std::vector<std::string>{kBin, "server", "run", "--db", central, "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--quiet"},
        log);
    REQUIRE(wait_healthy(port));
  }
  ~RunningServer() { process->signal_and_wait(SIGTERM); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
  int port = 0;
  std::unique_ptr<Process> process;
};

// What must survive re-pointing: everything waiting to be sent or decided.
struct Pending {
  std::size_t outbox = 0, photos = 0;
  std::size_t conflicts = 0;
  bool operator==(const Pending&) const = default;
};

Pending pending(const std::string& db) {
  auto store = Store::open(db);
  REQUIRE(store.is_ok());
  Pending p;
  p.outbox = (*store)->outbox()->size();
  p.photos = NodeStore(**store).photos_to_upload()->size();
  p.conflicts = (*store)->conflicts(/*include_resolved=*/true)->size();
  return p;
}

NodeConfig config_of(const std::string& db) {
  auto store = Store::open(db);
  REQUIRE(store.is_ok());
  auto config = NodeStore(**store).node_config();
  REQUIRE(config.is_ok());
  REQUIRE(config->has_value());
  return **config;
}

}  // namespace

TEST_CASE(
    "issue 11: set-server and set-token re-point a node and keep its pending work, which the next "
    "sync pushes") {
  TempDir dir;
  const std::string central = dir.file("central.db"), db = dir.file("dv.db");
  REQUIRE(cli({"server", "init", "--db", central, "--content", kContent}).exit_code == 0);
  const std::string old_token = add_node(central, "dong-van");
  {
    RunningServer old_server(central, dir.file("server-old.log"));
    auto init =
        cli({"node", "init", "--db", db, "--server", old_server.url(), "--token", old_token});
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  }
  // Work done while the old address and token no longer answer.
  write_file(dir.path() / "anh.png", kOnePixelPng);
  write_file(dir.path() / "bai.md", "Ba mươi năm giữ rừng nghiến.\n");
  REQUIRE(
      cli({"node", "report", "--db", db, "--task", "2021-q1-01", "--status", "done"}).exit_code ==
      0);
  auto story = cli({"node", "story", "add", "--db", db, "--title", "Người giữ rừng", "--subject",
                    "Ông Chứ", "--category", "individual", "--body-file", dir.file("bai.md"),
                    "--photo", dir.file("anh.png")});
  REQUIRE_MESSAGE(story.exit_code == 0, story.err);
  const Pending before = pending(db);
  REQUIRE(before.outbox > 0);
  REQUIRE(before.photos == 1);

  // The old token is revoked; the operator gives a new one and the server moves.
  std::string old_node =
      nlohmann::json::parse(cli({"server", "nodes", "--db", central, "--json"}).out)[0]["id"];
  REQUIRE(cli({"server", "revoke-node", "--db", central, "--node", old_node}).exit_code == 0);
  const std::string new_token = add_node(central, "dong-van");
  RunningServer server(central, dir.file("server.log"));

  auto set_server = cli({"node", "set-server", "--db", db, "--url", server.url() + "/"});
  REQUIRE_MESSAGE(set_server.exit_code == 0, set_server.err);
  CHECK(has(set_server.out, "Đã đổi địa chỉ máy chủ"));
  CHECK(has(set_server.out, "Vẫn giữ " + std::to_string(before.outbox) + " thay đổi chờ gửi"));
  auto set_token = cli({"node", "set-token", "--db", db, "--token", " " + new_token + "\n"});
  REQUIRE_MESSAGE(set_token.exit_code == 0, set_token.err);
  CHECK(has(set_token.out, "Đã đổi mã truy cập"));
  CHECK(pending(db) == before);
  CHECK(config_of(db).server_url == server.url());  // the trailing "/" dropped
  CHECK(config_of(db).token == new_token);
  CHECK(config_of(db).unit_id == "dong-van");

  auto sync = cli({"node", "sync", "--db", db, "--quiet"});
  REQUIRE_MESSAGE(sync.exit_code == 0, sync.err);
  CHECK(pending(db) == Pending{});
  auto store = Store::open(central);
  REQUIRE(store.is_ok());
  CHECK(*(*store)->count("stories") == 1);
  auto report = (*store)->get("progress", "2021-q1-01:dong-van");
  REQUIRE(report.is_ok());
  CHECK(report->has_value());
}

TEST_CASE("issue 11: a mistyped address or token is refused in Vietnamese and changes nothing") {
  TempDir dir;
  const std::string central = dir.file("central.db"), db = dir.file("dv.db");
  REQUIRE(cli({"server", "init", "--db", central, "--content", kContent}).exit_code == 0);
  const std::string token = add_node(central, "dong-van");
  {
    RunningServer server(central, dir.file("server.log"));
    REQUIRE(
        cli({"node", "init", "--db", db, "--server", server.url(), "--token", token}).exit_code ==
        0);
  }
  const NodeConfig before = config_of(db);
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {{"set-server", "--url", "192.0.2.10:8787"}, "phải bắt đầu bằng http:// hoặc https://"},
           {{"set-server", "--url", "htp://192.0.2.10"}, "phải bắt đầu bằng http:// hoặc https://"},
           {{"set-server", "--url", "http://"}, "thiếu tên máy"},
           {{"set-server", "--url", "http://192.0.2.10:87870"}, "từ 1 đến 65535"},
           {{"set-server", "--url", "http://192.0.2.10:"}, "từ 1 đến 65535"},
           {{"set-server", "--url", "http://192.0.2.10:0"}, "từ 1 đến 65535"},
           {{"set-server", "--url", "http://may chu:8787"}, "không có đường dẫn hay ký tự lạ"},
           {{"set-server", "--url", "http://192.0.2.10:8787/sync"},
            "không có đường dẫn hay ký tự lạ"},
           {{"set-server", "--url", "http://192.0.2.10:8787//"}, "không có đường dẫn hay ký tự lạ"},
           {{"set-server", "--url", "http://may_chu:8787"}, "thiếu tên máy hoặc có ký tự lạ"},
           {{"set-token", "--token", token.substr(1)}, "đúng 64 ký tự, mã đã nhập có 63"},
           {{"set-token", "--token", token + "0"}, "đúng 64 ký tự, mã đã nhập có 65"},
           {{"set-token", "--token", "o" + token.substr(1)}, "chỉ gồm chữ số 0–9 và chữ a–f"},
       }) {
    std::vector<std::string> args = {"node", c.args[0], "--db", db, c.args[1], c.args[2]};
    auto r = cli(args);
    CAPTURE(c.args[2]);
    CAPTURE(r.err);
    CHECK(r.exit_code == 1);
    CHECK(has(r.err, "thidua: lỗi: "));
    CHECK(has(r.err, c.says));
  }
  const NodeConfig after = config_of(db);
  CHECK(after.server_url == before.server_url);
  CHECK(after.token == before.token);

  // Not a node: said, and the file is left as it was.
  auto central_set = cli({"node", "set-server", "--db", central, "--url", "http://127.0.0.1:8787"});
  CHECK(central_set.exit_code == 1);
  CHECK(has(central_set.err, "chưa là một nút"));
}
