// The checks every request passes (Host, size, method, CSRF), the headers
// every response carries, and the home page.
#include <regex>

#include "tests/webapp/fixture.h"
#include "webapp/internal/render.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("every response carries the security headers, pages are not cached") {
  AppFixture a;
  for (const std::string target : {"/", "/cong-viec", "/khong-co", "/static/app.css"}) {
    auto r = a.get(target);
    CAPTURE(target);
    CHECK(r.header("Content-Security-Policy") ==
          "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action "
          "'self'; "
          "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'");
    CHECK(r.header("X-Content-Type-Options") == "nosniff");
    CHECK(r.header("Referrer-Policy") == "no-referrer");
  }
  CHECK(a.get("/").header("Cache-Control") == "no-store");
  CHECK(a.get("/khong-co").header("Cache-Control") == "no-store");
  auto css = a.get("/static/app.css");
  CHECK(css.status == 200);
  CHECK(css.header("Content-Type") == "text/css; charset=utf-8");
  auto js = a.get("/static/app.js");
  CHECK(js.status == 200);
  CHECK(js.header("Content-Type") == "text/javascript; charset=utf-8");
}

TEST_CASE("no page holds inline script or style") {
  AppFixture a;
  for (const std::string target : {"/", "/cong-viec", "/cong-viec/2021-q1-01", "/khong-co"}) {
    auto r = a.get(target);
    CAPTURE(target);
    CHECK(contains(r.body, "<html lang=\"vi\">"));
    CHECK_FALSE(contains(r.body, "<script>"));
    CHECK_FALSE(contains(r.body, "style="));
    CHECK_FALSE(contains(r.body, "<style"));
    CHECK_FALSE(
        std::regex_search(r.body, std::regex(R"(\son[a-z]+\s*=)")));  // no onclick= and the like
  }
}

TEST_CASE("a Host naming another site is refused (DNS rebinding)") {
  AppFixture a;
  CHECK(a.get("/", "localhost:8080").status == 200);
  CHECK(a.get("/", "127.0.0.1").status == 200);
  CHECK(a.get("/", "[::1]:8080").status == 200);
  for (const std::string host : {"evil.example:8080", "evil.example", "127.0.0.1.evil.example",
                                 "localhost:80x", "0.0.0.0:8080", "[::1]x"}) {
    CAPTURE(host);
    auto r = a.get("/", host);
    CHECK(r.status == 421);
    CHECK(contains(r.body, "Địa chỉ không đúng"));
    CHECK_FALSE(contains(r.body, "name=\"csrf\""));
  }
  auto none = a.get("/", "");
  CHECK(none.status == 400);
  const Snapshot before = snapshot(*a.store);
  CHECK(a.send("POST", "/cong-viec/2021-q1-01",
               "csrf=" + a.csrf() + "&trang-thai=done&phan-tram=100&hanh-dong=luu",
               "evil.example:8080")
            .status == 421);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("a POST without the CSRF token, or with a wrong one, is refused and writes nothing") {
  AppFixture a;
  const Snapshot before = snapshot(*a.store);
  const std::string fields = "trang-thai=done&phan-tram=100&ghi-chu=x&hanh-dong=luu";
  auto missing = a.post("/cong-viec/2021-q1-01", fields, false);
  CHECK(missing.status == 403);
  CHECK(contains(missing.body, "Không có gì được lưu"));
  std::string wrong = a.csrf();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  auto forged = a.post("/cong-viec/2021-q1-01", "csrf=" + wrong + "&" + fields, false);
  CHECK(forged.status == 403);
  auto twice =
      a.post("/cong-viec/2021-q1-01", "csrf=" + wrong + "&" + fields);  // a second token field
  CHECK(twice.status == 400);
  CHECK(a.post("/dong-bo", "", false).status == 403);
  CHECK(a.post("/xem-truoc", "ghi-chu=x", false).status == 403);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("unknown paths, wrong methods, large and malformed bodies get their status") {
  AppFixture a;
  auto unknown = a.get("/khong-co");
  CHECK(unknown.status == 404);
  CHECK(contains(unknown.body, "Không tìm thấy trang"));
  CHECK(a.get("/static/khong-co.css").status == 404);
  auto wrong = a.post("/", "");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("Allow") == "GET");
  CHECK(contains(wrong.body, "Không dùng được cách gửi này"));
  CHECK(a.get("/dong-bo").status == 405);
  CHECK(a.send("DELETE", "/cong-viec/2021-q1-01", "", "127.0.0.1:8080").status == 405);

  const Snapshot before = snapshot(*a.store);
  auto big = a.post("/cong-viec/2021-q1-01", "trang-thai=done&phan-tram=100&ghi-chu=" +
                                                 std::string(webapp::kMaxBodyBytes, 'x'));
  CHECK(big.status == 413);
  CHECK(contains(big.body, "quá lớn"));
  CHECK(a.post("/cong-viec/2021-q1-01", "trang-thai=%ZZ").status == 400);
  CHECK(a.post("/cong-viec/2021-q1-01", "ghi-chu=%C3%28").status == 400);  // not UTF-8
  CHECK(a.get("/cong-viec?nam=%ZZ").status == 400);
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE("the home page says who this node is and what waits to be sent") {
  AppFixture a;
  auto before = a.get("/");
  CHECK(before.status == 200);
  CHECK(contains(before.body, "Huyện Đồng Văn"));
  CHECK(contains(before.body, "Chưa đồng bộ lần nào."));
  CHECK(contains(before.body, "Đồng bộ ngay"));
  CHECK(contains(before.body, "name=\"csrf\" value=\"" + a.csrf() + "\""));
  CHECK(contains(before.body, "aria-current=\"page\">Trang chủ"));
  REQUIRE(a.store->ack_outbox(last_seq(*a.store)).is_ok());  // the reference data has been sent
  REQUIRE(report_progress(*a.store, {"2021-q1-01", "in_progress", 40, "Đã họp", ""}).is_ok());
  // One report is one change to the clerk, whatever its number of cells.
  CHECK(outbox_size(*a.store) > 1);
  CHECK(contains(a.get("/").body, ">1 thay đổi chờ gửi"));
}

TEST_CASE(
    "Đồng bộ ngay with no server says so in Vietnamese and keeps the work (post/redirect/get)") {
  AppFixture a;  // the node's server is http://127.0.0.1:1: nothing listens there
  const auto pending = node_summary(*a.store)->pending_records;
  auto r = a.post("/dong-bo", "");
  CHECK(r.status == 303);
  CHECK(r.header("Location") == "/");
  auto home = a.get("/");
  CHECK(contains(home.body, "Chưa đồng bộ được"));
  CHECK(contains(home.body, "Dữ liệu vẫn được giữ trên máy"));
  CHECK(contains(home.body, std::to_string(pending) + " thay đổi chờ gửi"));
}

TEST_CASE("a province node's home page says when the server last rebuilt the public site") {
  AppFixture a("ubnd-tinh", "province");
  CHECK(contains(a.get("/").body, "Máy chủ chưa báo lần dựng nào."));
  SiteBuildSeen seen;
  seen.built_at_ms = 1'617'235'200'000;  // 2021-04-01T00:00Z: 07:00 in Hà Giang
  seen.failed_at_ms = seen.built_at_ms + 60'000;
  seen.error = "<b>đĩa đầy</b>";
  REQUIRE(NodeStore(*a.store).set_site_build_seen(seen).is_ok());
  auto home = a.get("/");
  CHECK(contains(home.body, "Máy chủ dựng lại lúc 07:00 ngày 01/04/2021 ("));
  CHECK(contains(home.body, "Lần dựng sau đó bị lỗi</span> &lt;b&gt;đĩa đầy&lt;/b&gt;"));
  AppFixture district;
  CHECK_FALSE(contains(district.get("/").body, "Trang công khai"));
}

TEST_CASE(
    "each browser has its own session and CSRF token; a token from another session is refused") {
  AppFixture a;
  const std::string mine = a.csrf();
  CHECK(contains(a.cookie, "thidua_session="));
  const std::string my_cookie = a.cookie;
  a.cookie.clear();  // another browser
  const std::string theirs = a.csrf();
  CHECK(theirs != mine);
  const Snapshot before = snapshot(*a.store);
  auto r = a.post("/cong-viec/2021-q1-01",
                  "csrf=" + mine + "&trang-thai=done&phan-tram=100&hanh-dong=luu", false);
  CHECK(r.status == 403);
  CHECK(snapshot(*a.store) == before);
  a.cookie = my_cookie;
  CHECK(a.post("/cong-viec/2021-q1-01",
               "csrf=" + mine + "&trang-thai=done&phan-tram=100&hanh-dong=luu", false)
            .status == 303);
}

TEST_CASE("dates on the pages are written as a Vietnamese reader writes them") {
  CHECK(webapp::date_vi("2021-03-05") == "05/03/2021");
  CHECK(webapp::date_vi("2021-3-5") == "2021-3-5");  // not a date of the store: shown as it is
  CHECK(webapp::date_vi("") == "");
  CHECK(webapp::date_vi("2021-03-0x") == "2021-03-0x");
}

TEST_CASE("regression (issue 13): the 413 page of a dossier's document upload speaks of documents, not photos") {
  // It said "Ảnh gửi lên quá lớn … tối đa 8 ảnh" to a clerk sending a PDF.
  AppFixture a;
  webapp::Request head;
  head.method = "POST";
  head.path = "/de-nghi/n1/tai-lieu";
  head.headers["host"] = "127.0.0.1:8080";
  head.headers["content-type"] = "multipart/form-data; boundary=x";
  head.headers["content-length"] = std::to_string(webapp::kMaxUploadBytes + 1);
  auto refused = a.app->refuse_before_body(head);
  REQUIRE(refused);
  CHECK(refused->status == 413);
  CHECK(contains(refused->body, "Tài liệu gửi lên quá lớn"));
  CHECK(contains(refused->body, "Mỗi lần gửi một tài liệu (PDF, JPEG hoặc PNG), tối đa 10 MB."));
  CHECK_FALSE(contains(refused->body, "Ảnh gửi lên"));
  // The same checked after the body was read (App::handle).
  webapp::Request whole = head;
  whole.headers.erase("content-length");
  whole.files.push_back({"tai_lieu", "to-trinh.pdf", "application/pdf", std::string(webapp::kMaxUploadBytes, 'x')});
  auto handled = a.app->handle(whole);
  CHECK(handled.status == 413);
  CHECK(contains(handled.body, "Tài liệu gửi lên quá lớn"));
  // A story's photos keep their own words.
  head.path = "/bai-viet/moi";
  auto photos = a.app->refuse_before_body(head);
  REQUIRE(photos);
  CHECK(contains(photos->body, "Ảnh gửi lên quá lớn"));
}
