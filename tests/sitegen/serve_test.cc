// The preview server: serves the built site and rebuilds it when the
// database changes.
#include <httplib.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sitegen/serve.h"
#include "tests/sitegen/site_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

// Waits up to 60 s for the preview server to say its port: serve_site
// builds the whole site before it listens, seconds under the sanitizers.
void wait_for_port(const std::atomic<int>& port) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (port == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

}  // namespace

TEST_CASE("site serve shows the site, refuses paths out of it, and rebuilds when the database changes") {
  SiteFixture f;
  site::ServeOptions o;
  o.out_dir = f.out;
  o.port = 0;
  o.build.db_path = f.db;
  o.build.content_dir = f.content;
  o.build.out_dir = f.out;
  o.build.today = "2021-07-15";
  std::atomic<int> port{0};
  std::atomic<int> rebuilds{0};
  std::atomic<bool> stop{false};
  o.on_listening = [&](int p) { port = p; };
  o.log = [&](const std::string&) { ++rebuilds; };
  Status result;
  std::thread server([&] { result = site::serve_site(o, stop); });
  wait_for_port(port);
  if (port == 0) {  // the thread must be joined before the case ends
    stop = true;
    server.join();
    FAIL("the preview server did not listen within 60 s: " << result.message());
  }

  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(5, 0);
  auto home = http.Get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(home->body.find("Người giữ rừng ở Lũng Cú") != std::string::npos);
  auto css = http.Get("/guong-dien-hinh/");
  REQUIRE(css);
  CHECK(css->status == 200);
  auto missing = http.Get("/khong-co/");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->body.find("Không tìm thấy trang") != std::string::npos);
  for (const char* bad : {"/../central.db", "/%2e%2e/central.db", "/.thidua-files", "/.thidua-cache"}) {
    CAPTURE(std::string(bad));
    auto r = http.Get(bad);
    REQUIRE(r);
    CHECK(r->status == 404);
  }

  // A story published while the preview runs appears without a restart.
  {
    auto s = f.open();
    f.story(*s, "live", "dong-van", "Tin mới trong lúc xem trước", "individual", "published", "2021-07-10", "Mới.");
  }
  // Pages are written while the build runs: the rebuild is logged when it
  // has finished, a little after the page shows.
  bool seen = false;
  for (int i = 0; i < 100 && !(seen && rebuilds >= 2); ++i) {  // bounded: 10 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto r = http.Get("/");
    seen = r && r->body.find("Tin mới trong lúc xem trước") != std::string::npos;
  }
  CHECK(seen);
  CHECK(rebuilds >= 2);
  stop = true;
  server.join();
  CHECK(result.is_ok());
}

namespace {

// A preview server over `out` (no database: nothing is rebuilt), stopped
// when it goes out of scope.
struct Preview {
  std::atomic<bool> stop{false};
  std::atomic<int> port{0};
  Status result;
  std::thread server;
  explicit Preview(const std::string& out) {
    site::ServeOptions o;
    o.out_dir = out;
    o.port = 0;
    o.on_listening = [this](int p) { port = p; };
    server = std::thread([this, o] { result = site::serve_site(o, stop); });
    wait_for_port(port);
    CHECK(port > 0);  // not REQUIRE: the thread must be joined
  }
  ~Preview() {
    stop = true;
    server.join();
  }
};

}  // namespace

TEST_CASE("regression (issue 9 row 9): site serve serves only regular files below its root, never through a link") {
  TempDir dir;
  const std::string out = dir.file("public");
  write_file(out + "/index.html", "<p>trang chủ</p>");
  write_file(out + "/404.html", "<p>Không tìm thấy trang</p>");
  write_file(dir.file("outside/index.html"), "NGOÀI-THƯ-MỤC");
  write_file(dir.file("outside/secret.txt"), "NGOÀI-THƯ-MỤC");
  std::filesystem::create_symlink("/etc/passwd", out + "/passwd.txt");
  std::filesystem::create_directory_symlink(dir.file("outside"), out + "/ngoai");
  std::filesystem::create_symlink(dir.file("outside/index.html"), out + "/lien-ket.html");
  REQUIRE(::mkfifo((out + "/ong.html").c_str(), 0644) == 0);
  Preview p(out);
  httplib::Client http("127.0.0.1", p.port);
  http.set_read_timeout(5, 0);
  for (const char* bad : {"/passwd.txt", "/ngoai/", "/ngoai/secret.txt", "/ngoai/index.html", "/lien-ket.html", "/ong.html"}) {
    CAPTURE(std::string(bad));
    auto r = http.Get(bad);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("root:") == std::string::npos);
    CHECK(r->body.find("NGOÀI-THƯ-MỤC") == std::string::npos);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
  }
  auto home = http.Get("/");
  REQUIRE(home);
  CHECK(home->status == 200);
  CHECK(home->body == "<p>trang chủ</p>");
}

TEST_CASE("regression (issue 9, also seen): /index.html%00.png is refused; types come from the real file's name") {
  TempDir dir;
  const std::string out = dir.file("public");
  write_file(out + "/index.html", "<p>trang chủ</p>");
  write_file(out + "/404.html", "<p>Không tìm thấy trang</p>");
  write_file(out + "/du-lieu.bin", "\x01\x02");
  write_file(out + "/khong-duoi", "<script>alert(1)</script>");
  write_file(out + "/anh/a.png", "\x89PNG");
  Preview p(out);
  httplib::Client http("127.0.0.1", p.port);
  http.set_read_timeout(5, 0);
  for (const char* bad : {"/index.html%00.png", "/index.html%00", "/index%0a.html", "/%7f", "/anh%00/a.png"}) {
    CAPTURE(std::string(bad));
    auto r = http.Get(bad);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(r->get_header_value("Content-Type").find("image/") == std::string::npos);
  }
  auto type_of = [&](const char* path) {
    auto r = http.Get(path);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    return r->get_header_value("Content-Type");
  };
  CHECK(type_of("/") == "text/html; charset=utf-8");
  CHECK(type_of("/index.html") == "text/html; charset=utf-8");
  CHECK(type_of("/anh/a.png") == "image/png");
  CHECK(type_of("/du-lieu.bin") == "application/octet-stream");
  CHECK(type_of("/khong-duoi") == "application/octet-stream");
}
