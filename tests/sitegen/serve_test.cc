// The preview server: serves the built site and rebuilds it when the
// database changes.
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sitegen/serve.h"
#include "tests/sitegen/site_fixture.h"

using namespace thidua;
using namespace thidua::testing;

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
  for (int i = 0; i < 200 && port == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  REQUIRE(port > 0);

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
    CAPTURE(bad);
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
