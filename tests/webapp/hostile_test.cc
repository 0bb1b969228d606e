// A hostile task title, note or unit name comes out inert on every page.
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kHostile =
    "<script>alert(1)</script>\"><img src=x onerror=alert(2)>{{csrf}}{{{x}}}'";

void check_inert(const std::string& body, const std::string& where) {
  CAPTURE(where);
  CHECK_FALSE(contains(body, "<script>alert"));
  CHECK_FALSE(contains(body, "<img src=x"));
  CHECK_FALSE(contains(body, "\"><img"));
  CHECK_FALSE(contains(body, "'<"));
  // Mustache in data is text, never a tag: the token does not leak twice.
  CHECK(contains(body, "{{csrf}}"));
}

}  // namespace

TEST_CASE("hostile text in the unit, a task and a note is escaped on every page") {
  AppFixture a;
  REQUIRE(a.store->write("units", {{"id", std::string("dong-van")}, {"name", kHostile}}).is_ok());
  REQUIRE(a.store
              ->write("tasks",
                      {{"id", std::string("2021-q1-01")}, {"content", kHostile}, {"due", kHostile}})
              .is_ok());
  REQUIRE(report_progress(*a.store, {"2021-q1-01", "in_progress", 10, kHostile, ""}).is_ok());
  a.open_app();  // the unit's name is read at open

  check_inert(a.get("/").body, "home");
  check_inert(a.get("/cong-viec").body, "tasks");
  auto form = a.get("/cong-viec/2021-q1-01");
  check_inert(form.body, "form");
  CHECK(contains(
      form.body,
      "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  check_inert(a.get("/khong-co").body, "404");

  const std::string note =
      "ghi-chu=" + form_encode(kHostile + "\n\n<script>alert(3)</script>[x](javascript:alert(4))");
  auto preview =
      a.post("/cong-viec/2021-q1-01", "trang-thai=done&phan-tram=1&hanh-dong=xem-truoc&" + note);
  check_inert(preview.body, "preview");
  CHECK_FALSE(contains(preview.body, "href=\"javascript:"));  // the textarea keeps it as text
  auto refused = a.post("/cong-viec/2021-q1-01", "trang-thai=" + form_encode(kHostile) +
                                                     "&phan-tram=" + form_encode(kHostile) +
                                                     "&hanh-dong=luu&" + note);
  CHECK(refused.status == 400);
  check_inert(refused.body, "refused form");
  auto live = a.post("/xem-truoc", note);
  CHECK_FALSE(contains(live.body, "<script>"));
  CHECK_FALSE(contains(live.body, "<img src=x"));
  CHECK_FALSE(contains(live.body, "javascript:"));
}

TEST_CASE("hostile text in a nomination and the province's note is escaped on every nomination page") {
  AppFixture a;
  REQUIRE(a.store->write("units", {{"id", std::string("dong-van")}, {"name", kHostile}}).is_ok());
  a.open_app();  // the unit's name is read at open
  auto id = nominate(*a.store, {kHostile, "individual", kHostile,
                                kHostile + "\n\n<script>alert(3)</script>[x](javascript:alert(4))"});
  REQUIRE(id.is_ok());
  REQUIRE(a.store->write("nominations", {{"id", *id}, {"status", std::string("rejected")}, {"review_note", kHostile}})
              .is_ok());
  const std::string page = "/de-nghi/" + *id;
  check_inert(a.get("/de-nghi").body, "list");
  auto form = a.get(page);
  check_inert(form.body, "rejected form");
  CHECK(contains(form.body, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  check_inert(a.get("/de-nghi/moi").body, "new form");
  const std::string fields = "nominee=" + form_encode(kHostile) + "&nominee_kind=" + form_encode(kHostile) +
                             "&award=" + form_encode(kHostile) + "&achievement=" +
                             form_encode(kHostile + "\n\n<script>alert(3)</script>[x](javascript:alert(4))");
  auto preview = a.post("/de-nghi/moi", fields + "&hanh-dong=xem-truoc");
  check_inert(preview.body, "preview");
  CHECK_FALSE(contains(preview.body, "href=\"javascript:"));
  auto refused = a.post(page, fields + "&hanh-dong=luu");  // the kind is not one of the two
  CHECK(refused.status == 400);
  check_inert(refused.body, "refused form");
  REQUIRE(a.store->write("nominations", {{"id", *id}, {"status", std::string("approved")}}).is_ok());
  auto locked = a.get(page);
  check_inert(locked.body, "read-only page");
  CHECK_FALSE(contains(locked.body, "href=\"javascript:"));
  check_inert(a.get("/de-nghi/" + form_encode(kHostile)).body, "404");
}
