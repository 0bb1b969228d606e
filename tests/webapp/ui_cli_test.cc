// `thidua node ui` as a clerk starts it: the real binary on a free loopback
// port, bounded in time, killed at the end.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "netsim/free_port.h"
#include "tests/records/fixture.h"
#include "tests/support/process.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Sends `head` (a request line and headers, no body) to the port and
// returns what comes back within `seconds` ("" if nothing).
std::string answer_to_head(int port, const std::string& head, int seconds) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
  std::string got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (got.find("\r\n\r\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return got;
}

}  // namespace

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
  // A body the route does not take is refused on its declared size, before
  // it is read: the answer comes while the 50 MB are still unsent.
  const std::string host = "Host: 127.0.0.1:" + std::to_string(*port) + "\r\n";
  CHECK(contains(answer_to_head(*port,
                                "POST /dong-bo HTTP/1.1\r\n" + host +
                                    "Content-Type: multipart/form-data; boundary=x\r\n"
                                    "Content-Length: 50000000\r\n\r\n",
                                3),
                 "HTTP/1.1 413"));
  CHECK(contains(answer_to_head(*port,
                                "POST /bai-viet/moi HTTP/1.1\r\n" + host +
                                    "Content-Type: multipart/form-data; boundary=x\r\n"
                                    "Content-Length: 90000000\r\n\r\n",
                                3),
                 "HTTP/1.1 413"));

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
