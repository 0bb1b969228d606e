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

// serve() asks this before httplib reads a body: what a route does not take
// is refused on its declared size, and photos only come from a browser that
// may use the app.
TEST_CASE("a body a request may not send is refused before it is read; photos only after the login") {
  AppFixture a;
  const auto head = [&](const std::string& path, const std::string& type, std::size_t length) {
    webapp::Request r;
    r.method = "POST";
    r.path = path;
    r.headers["host"] = "127.0.0.1:8080";
    r.headers["content-type"] = type;
    r.headers["content-length"] = std::to_string(length);
    if (!a.cookie.empty()) r.headers["cookie"] = a.cookie;
    return r;
  };
  const std::string multipart = "multipart/form-data; boundary=x";
  const std::string form = "application/x-www-form-urlencoded";
  CHECK_FALSE(a.app->refuse_before_body(head("/dong-bo", form, 1000)));
  // Up to 1 MiB is read, and refused by handle() past kMaxBodyBytes (the
  // browser gets the page, not a reset); past it, refused unread.
  CHECK_FALSE(a.app->refuse_before_body(head("/dong-bo", form, webapp::kMaxBodyBytes + 1)));
  auto big_form = a.app->refuse_before_body(head("/dong-bo", form, (1u << 20) + 1));
  REQUIRE(big_form);
  CHECK(big_form->status == 413);
  CHECK(contains(big_form->body, "Nội dung gửi lên quá lớn"));
  CHECK_FALSE(big_form->header("Content-Security-Policy").empty());
  // Photos go to the story pages only, and never past kMaxUploadBytes.
  CHECK(a.app->refuse_before_body(head("/dong-bo", multipart, 5u << 20)));
  CHECK_FALSE(a.app->refuse_before_body(head("/bai-viet/moi", multipart, 5u << 20)));
  auto too_many = a.app->refuse_before_body(head("/bai-viet/moi", multipart, webapp::kMaxUploadBytes + 1));
  REQUIRE(too_many);
  CHECK(contains(too_many->body, "Ảnh gửi lên quá lớn"));
  webapp::Request chunked = head("/dong-bo", form, 0);
  chunked.headers.erase("content-length");
  chunked.headers["transfer-encoding"] = "chunked";
  CHECK(a.app->refuse_before_body(chunked));

  // With a password: nothing large before the login, photos after it.
  set_password(*a.store);
  CHECK(a.app->refuse_before_body(head("/bai-viet/moi", multipart, 5u << 20)));
  const std::string csrf = login_csrf(a);
  REQUIRE(a.post("/dang-nhap", "csrf=" + csrf + "&mat-khau=" + form_encode(kPassword), false).status == 303);
  CHECK_FALSE(a.app->refuse_before_body(head("/bai-viet/moi", multipart, 5u << 20)));
}
