// With a password set (`thidua node ui-password`), a browser sees only the
// login page until it logs in; a good login gives a new session.
#include "common/password.h"
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kPassword = "mật khẩu văn phòng";

void set_password(Store& s) {
  auto hash = hash_password(kPassword);
  REQUIRE(hash.is_ok());
  REQUIRE(NodeStore(s).set_ui_password_hash(*hash).is_ok());
}

std::string login_csrf(AppFixture& a) {
  const std::string body = a.get("/dang-nhap").body;
  const std::string marker = "name=\"csrf\" value=\"";
  const auto at = body.find(marker);
  REQUIRE(at != std::string::npos);
  return body.substr(at + marker.size(), 64);
}

}  // namespace

TEST_CASE("with a password, every page sends a browser not logged in to the login page") {
  AppFixture a;
  set_password(*a.store);
  for (const std::string target : {"/", "/cong-viec", "/cong-viec/2021-q1-01", "/khong-co"}) {
    CAPTURE(target);
    auto r = a.get(target);
    CHECK(r.status == 303);
    CHECK(r.header("Location") == "/dang-nhap");
  }
  CHECK(a.get("/static/app.css").status == 200);
  auto page = a.get("/dang-nhap");
  CHECK(page.status == 200);
  CHECK(contains(page.body, "<label for=\"mat-khau\">Mật khẩu</label>"));
  CHECK_FALSE(contains(page.body, "href=\"/cong-viec\""));  // no nav before the login
  const Snapshot before = snapshot(*a.store);
  const std::string csrf = login_csrf(a);
  auto post = a.post("/cong-viec/2021-q1-01",
                     "csrf=" + csrf + "&trang-thai=done&phan-tram=100&hanh-dong=luu", false);
  CHECK(post.status == 303);
  CHECK(post.header("Location") == "/dang-nhap");
  CHECK(snapshot(*a.store) == before);
}

TEST_CASE(
    "a wrong password is refused in Vietnamese; a good one logs in with a new session; logout ends "
    "it") {
  AppFixture a;
  set_password(*a.store);
  const std::string csrf = login_csrf(a);
  const std::string anonymous = a.cookie;
  auto wrong =
      a.post("/dang-nhap", "csrf=" + csrf + "&mat-khau=" + form_encode("sai mật khẩu rồi"), false);
  CHECK(wrong.status == 401);
  CHECK(contains(wrong.body, "Mật khẩu không đúng"));
  CHECK(a.post("/dang-nhap", "mat-khau=" + form_encode(kPassword), false).status ==
        403);  // no token
  auto good = a.post("/dang-nhap", "csrf=" + csrf + "&mat-khau=" + form_encode(kPassword), false);
  CHECK(good.status == 303);
  CHECK(good.header("Location") == "/");
  CHECK(contains(good.header("Set-Cookie"), "HttpOnly"));
  CHECK(contains(good.header("Set-Cookie"), "SameSite=Strict"));
  CHECK(a.cookie != anonymous);
  auto home = a.get("/");
  CHECK(home.status == 200);
  CHECK(contains(home.body, "Đăng xuất"));
  const std::string logged_in = a.cookie;
  a.cookie = anonymous;  // the session planted before the login is worth nothing
  CHECK(a.get("/").status == 303);
  a.cookie = logged_in;
  CHECK(a.post("/dang-xuat", "").status == 303);
  a.cookie = logged_in;  // a copy of the ended session's cookie
  CHECK(a.get("/").status == 303);
}

TEST_CASE("five wrong passwords from one address lock it out for a while") {
  AppFixture a;
  set_password(*a.store);
  const std::string csrf = login_csrf(a);
  webapp::Response last;
  for (int i = 0; i < 6; ++i) {
    last = a.post("/dang-nhap", "csrf=" + csrf + "&mat-khau=" + form_encode("không phải mật khẩu"),
                  false);
  }
  CHECK(last.status == 429);
  auto good = a.post("/dang-nhap", "csrf=" + csrf + "&mat-khau=" + form_encode(kPassword), false);
  CHECK(good.status == 429);  // refused before the hash is even checked
}

TEST_CASE("listening beyond this PC, the app answers nobody while no password is set") {
  AppFixture a;
  webapp::AppOptions o;
  o.db_path = a.f.dir.file("node.db");
  o.listen_host = "192.0.2.10";  // never bound: App::handle needs no socket
  auto opened = webapp::App::open(o);
  REQUIRE(opened.is_ok());
  a.app = std::move(*opened);
  auto refused = a.get("/", "192.0.2.10:8080");
  CHECK(refused.status == 403);
  CHECK(contains(refused.body, "thidua node ui-password"));
  set_password(*a.store);
  auto login = a.get("/", "192.0.2.10:8080");
  CHECK(login.status == 303);
  CHECK(login.header("Location") == "/dang-nhap");
}
