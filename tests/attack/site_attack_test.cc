// Attacks on site (issue 9): each case starts a real server or uses the
// real binary, runs one attack on loopback, bounded in time and traffic,
// and names the row of issue 9 it pins.
#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include "tests/sitegen/site_fixture.h"
#include "tests/support/process.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

// A loopback port free a moment ago (the kernel's pick for port 0).
int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(s);
  return port;
}

// Waits (at most 15 s) until the preview answers on `port`.
bool wait_answering(int port) {
  for (int i = 0; i < 150; ++i) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(0, 200'000);
    if (auto r = c.Get("/")) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

TEST_CASE("regression (issue 9 row 9): a real `site serve` serves no file through a planted link, no %00 trick") {
  TempDir dir;
  const std::string out = dir.file("public");
  write_file(out + "/index.html", "<p>trang chủ</p>");
  write_file(out + "/404.html", "<p>Không tìm thấy trang</p>");
  write_file(dir.file("outside/secret.txt"), "NGOÀI-THƯ-MỤC");
  fs::create_symlink("/etc/passwd", out + "/passwd");
  fs::create_directory_symlink("/etc", out + "/etc");
  fs::create_directory_symlink(dir.file("outside"), out + "/anh");
  const int port = free_port();
  REQUIRE(port > 0);
  Process serve({THIDUA_BIN, "site", "serve", "--out", out, "--listen", "127.0.0.1:" + std::to_string(port)},
                dir.file("serve.log"));
  REQUIRE_MESSAGE(wait_answering(port), read_file(dir.file("serve.log")));
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(5, 0);
  for (const char* path : {"/passwd", "/etc/passwd", "/etc/hostname", "/anh/secret.txt", "/%2e%2e/outside/secret.txt",
                           "/anh/../anh/secret.txt"}) {
    CAPTURE(std::string(path));
    auto r = http.Get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("root:") == std::string::npos);
    CHECK(r->body.find("NGOÀI-THƯ-MỤC") == std::string::npos);
  }
  auto nul = http.Get("/index.html%00.png");
  REQUIRE(nul);
  CHECK(nul->status == 400);
  CHECK(nul->get_header_value("Content-Type").rfind("image/", 0) == std::string::npos);
  auto home = http.Get("/index.html");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(home->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(serve.signal_and_wait(SIGTERM) != -1);
}

TEST_CASE("regression (issue 9 row 9): a real `site build` over public/ with folders linked outside changes nothing outside") {
  SiteFixture f;
  auto build = [&] {
    return run({THIDUA_BIN, "site", "build", "--db", f.db, "--content", f.content, "--out", f.out, "--today",
                "2021-07-15"});
  };
  auto first = build();
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  // Outside: files named as the pages a rebuild writes and removes.
  const std::string outside = f.dir.file("outside");
  write_file(outside + "/index.html", "NGOÀI: không được ghi đè");
  write_file(outside + "/dong-van/index.html", "NGOÀI: không được ghi đè");
  const auto before = read_tree(outside);
  fs::remove_all(f.out + "/don-vi");
  fs::create_directory_symlink(outside, f.out + "/don-vi");
  const std::string story = f.out + "/guong-dien-hinh/nguoi-giu-rung-o-lung-cu";
  fs::remove_all(story);
  fs::create_directory_symlink(outside, story);
  {
    auto s = f.open();
    REQUIRE(s->write("stories", {{"id", std::string("s1")}, {"status", std::string("draft")}}).is_ok());
  }
  auto second = build();
  CHECK_MESSAGE(second.exit_code == 0, second.err);
  CHECK(read_tree(outside) == before);
  CHECK_FALSE(fs::is_symlink(f.out + "/don-vi"));
  CHECK(fs::is_regular_file(f.out + "/don-vi/dong-van/index.html"));
}
