// The office web app over a node database in a temp folder, driven through
// App::handle: no socket, requests built as a browser would send them.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "tests/records/fixture.h"
#include "webapp/internal/http.h"
#include "webapp/webapp.h"

namespace thidua::testing {

struct AppFixture {
  StoreFixture f;
  std::unique_ptr<Store> store;  // the test's own connection, for seeding and checks
  std::unique_ptr<webapp::App> app;
  std::string cookie;  // "thidua_session=...", as a browser keeps it

  explicit AppFixture(const std::string& unit = "dong-van", const std::string& role = "district") {
    store = open_node(f, unit, role);
    open_app();
  }

  void open_app() {
    app.reset();
    webapp::AppOptions o;
    o.db_path = f.dir.file("node.db");
    o.sync_connect_timeout_s = 1;
    o.sync_max_attempts = 1;
    auto opened = webapp::App::open(o);
    REQUIRE_MESSAGE(opened.is_ok(), opened.status().message());
    app = std::move(*opened);
    cookie.clear();
  }

  // The CSRF token of this browser's session, from a page's form (a GET of
  // the home page gives the browser its session first).
  std::string csrf() {
    const std::string body = get("/").body;
    const std::string marker = "name=\"csrf\" value=\"";
    const auto at = body.find(marker);
    REQUIRE(at != std::string::npos);
    return body.substr(at + marker.size(), 64);
  }

  webapp::Response get(const std::string& target, const std::string& host = "127.0.0.1:8080") {
    return send("GET", target, "", host);
  }

  // A form POST; `fields` already encoded ("a=1&b=2"), the CSRF token
  // added unless `with_csrf` is false.
  webapp::Response post(const std::string& target, const std::string& fields,
                        bool with_csrf = true) {
    std::string body = with_csrf ? "csrf=" + csrf() : "";
    if (!fields.empty()) body += (body.empty() ? "" : "&") + fields;
    return send("POST", target, body, "127.0.0.1:8080");
  }

  webapp::Response send(const std::string& method, const std::string& target,
                        const std::string& body, const std::string& host) {
    webapp::Request r;
    r.method = method;
    const auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    if (!host.empty()) r.headers["host"] = host;
    if (method == "POST") r.headers["content-type"] = "application/x-www-form-urlencoded";
    r.body = body;
    if (!cookie.empty()) r.headers["cookie"] = cookie;
    webapp::Response response = app->handle(r);
    const std::string set = response.header("Set-Cookie");
    if (!set.empty())
      cookie = set.find("Max-Age=0") != std::string::npos ? "" : set.substr(0, set.find(';'));
    return response;
  }
};

// `text` as a form value: the app's own encoder (webapp/internal/http.h),
// so tests and app agree on one definition.
inline std::string form_encode(const std::string& text) { return webapp::percent_encode(text); }

}  // namespace thidua::testing
