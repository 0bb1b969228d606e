// `thidua node ui` as a clerk starts it: the real binary on a free loopback
// port, bounded in time, killed at the end.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "netsim/free_port.h"
#include "tests/records/fixture.h"
#include "tests/support/process.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("thidua node ui serves the home page on loopback and stops on SIGTERM") {
  StoreFixture f;
  { auto s = open_node(f); }  // closed: the app opens it
  auto port = netsim::free_loopback_port();
  REQUIRE(port.is_ok());
  const std::string listen = "127.0.0.1:" + std::to_string(*port);
  Process ui({THIDUA_BIN, "node", "ui", "--db", f.dir.file("node.db"), "--listen", listen},
             f.dir.file("ui.log"));

  httplib::Client client("127.0.0.1", *port);
  client.set_connection_timeout(1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!client.Get("/") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto home = client.Get("/");
  REQUIRE_MESSAGE(home, read_file(f.dir.file("ui.log")));
  CHECK(home->status == 200);
  CHECK(contains(home->body, "Huyện Đồng Văn"));
  CHECK(home->get_header_value("Content-Security-Policy").find("default-src 'none'") == 0);
  // A HEAD tells the GET's length, without its body.
  auto head = client.Head("/");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->body.empty());
  CHECK(head->get_header_value("Content-Length") == std::to_string(home->body.size()));
  auto rebound = client.Get("/", {{"Host", "evil.example:" + std::to_string(*port)}});
  REQUIRE(rebound);
  CHECK(rebound->status == 421);
  auto large =
      client.Post("/dong-bo", std::string(600 * 1024, 'x'), "application/x-www-form-urlencoded");
  REQUIRE(large);
  CHECK(large->status == 413);

  const int status = ui.signal_and_wait(SIGTERM, 20);
  REQUIRE(status != -1);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string log = read_file(f.dir.file("ui.log"));
  CHECK(contains(
      log, "Mở ứng dụng trong trình duyệt tại http://127.0.0.1:" + std::to_string(*port) + "/"));
}

TEST_CASE("thidua node ui refuses to listen beyond this machine without a password") {
  StoreFixture f;
  { auto s = open_node(f); }
  auto r = run({THIDUA_BIN, "node", "ui", "--db", f.dir.file("node.db"), "--listen", "0.0.0.0:0"},
               "", 30);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "chỉ được nghe trên máy này"));
  auto every =
      run({THIDUA_BIN, "node", "ui", "--db", f.dir.file("node.db"), "--sync-every", "0"}, "", 30);
  CHECK(every.exit_code == 1);
  CHECK(contains(every.err, "--sync-every"));
  auto missing =
      run({THIDUA_BIN, "node", "ui", "--db", f.dir.file("khong-co.db"), "--listen", "127.0.0.1:0"},
          "", 30);
  CHECK(missing.exit_code == 1);
}
