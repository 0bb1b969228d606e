// Đồng bộ ngay and the background sync against a real server (in this
// process, on a free loopback port).
#include <chrono>
#include <thread>

#include "records/progress.h"
#include "tests/sync/sync_fixture.h"
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::unique_ptr<webapp::App> open_app(const std::string& db, int every_s = 0) {
  webapp::AppOptions o;
  o.db_path = db;
  o.sync_every_s = every_s;
  o.sync_connect_timeout_s = 1;
  o.sync_max_attempts = 1;
  auto app = webapp::App::open(o);
  REQUIRE_MESSAGE(app.is_ok(), app.status().message());
  return std::move(*app);
}

// One browser: the session cookie the app hands out is sent back.
std::string g_cookie;

webapp::Response call(webapp::App& app, const std::string& method, const std::string& path,
                      const std::string& body = "") {
  webapp::Request r;
  r.method = method;
  r.path = path;
  r.headers["host"] = "127.0.0.1:8080";
  r.headers["content-type"] = "application/x-www-form-urlencoded";
  r.body = body;
  if (!g_cookie.empty()) r.headers["cookie"] = g_cookie;
  webapp::Response response = app.handle(r);
  const std::string set = response.header("Set-Cookie");
  if (!set.empty()) g_cookie = set.substr(0, set.find(';'));
  return response;
}

}  // namespace

TEST_CASE("a report made in the app reaches the server through Đồng bộ ngay") {
  SyncFixture server;
  server.start();
  const Issued who = server.add_node("dong-van", "district");
  { auto node = server.init("dong-van.db", who); }
  auto app = open_app(server.dir.file("dong-van.db"));
  g_cookie.clear();
  const std::string page = call(*app, "GET", "/").body;
  const std::string marker = "name=\"csrf\" value=\"";
  const auto at = page.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string csrf = "csrf=" + page.substr(at + marker.size(), 64);

  auto tasks = call(*app, "GET", "/cong-viec");
  REQUIRE(tasks.status == 200);
  CHECK(contains(tasks.body, "Quý 1"));
  auto saved = call(*app, "POST", "/cong-viec/2021-q1-01",
                    csrf + "&trang-thai=in_progress&phan-tram=60&ghi-chu=" + form_encode("Đã họp") +
                        "&hanh-dong=luu");
  REQUIRE(saved.status == 303);
  CHECK_FALSE(contains(call(*app, "GET", "/").body, ">0 thay đổi chờ gửi"));

  auto synced = call(*app, "POST", "/dong-bo", csrf);
  CHECK(synced.status == 303);
  auto home = call(*app, "GET", "/");
  CHECK(contains(home.body, "Đồng bộ xong: đã gửi các thay đổi chờ gửi"));
  CHECK(contains(home.body, ">0 thay đổi chờ gửi"));
  CHECK(contains(home.body, "(vừa xong)"));
  auto central = server.central();
  auto row = central->get("progress", "2021-q1-01:dong-van");
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  CHECK(as_text(**row, "note_md") == "Đã họp");
}

TEST_CASE("the background sync retries after a failure and the home page says when") {
  SyncFixture server;
  server.start();
  const Issued who = server.add_node("dong-van", "district");
  { auto node = server.init("dong-van.db", who); }
  server.stop();  // the link is down
  auto app = open_app(server.dir.file("dong-van.db"), 3600);
  std::string body;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    body = call(*app, "GET", "/").body;
    if (contains(body, "thử lại lúc")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(contains(body, "Mất mạng hoặc máy chủ không trả lời"));
  CHECK(contains(body, "thử lại lúc"));
  CHECK(contains(body, "Chưa đồng bộ được"));
  const auto stopping = std::chrono::steady_clock::now();
  app.reset();  // stops the thread at once, though its next try is minutes away
  CHECK(std::chrono::steady_clock::now() - stopping < std::chrono::seconds(5));
}
