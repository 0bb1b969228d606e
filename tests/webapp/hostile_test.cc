// A hostile task title, note or unit name comes out inert on every page.
#include "tests/webapp/fixture.h"
#include "tests/webapp/story_forms.h"

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

TEST_CASE("hostile text in a story, its note, photo names and the form comes out inert on the story pages") {
  AppFixture a;
  REQUIRE(a.store->write("units", {{"id", std::string("dong-van")}, {"name", kHostile}}).is_ok());
  a.open_app();
  seed_story(*a.store, "s1", "dong-van", kHostile, "rejected", kHostile);
  REQUIRE(a.store->write("stories", {{"id", std::string("s1")}, {"subject", kHostile},
                                     {"body_md", kHostile + "\n\n<script>alert(3)</script>[x](javascript:alert(4))"}})
              .is_ok());
  check_inert(a.get("/bai-viet").body, "story list");
  check_inert(a.get("/bai-viet/s1").body, "story editor");
  const std::vector<std::pair<std::string, std::string>> hostile_form = {
      {"title", kHostile}, {"subject", kHostile}, {"category", kHostile}, {"body", kHostile}, {"alt", kHostile}};
  auto refused = post_multipart(a, "/bai-viet/moi", hostile_form,
                                {photo_part(kHostile + ".gif", "GIF89a", kHostile)});
  CHECK(refused.status == 400);
  check_inert(refused.body, "refused story form");
  auto preview = post_multipart(a, "/bai-viet/xem-truoc", {{"title", kHostile}, {"subject", kHostile},
                                                          {"category", kHostile}, {"id", "s1"},
                                                          {"body", kHostile + "\n\n[x](javascript:alert(4))"}},
                                {});
  CHECK(preview.status == 200);
  check_inert(preview.body, "story preview");
  CHECK_FALSE(contains(preview.body, "javascript:"));
  // A saving line carried in the query is text, never markup.
  check_inert(a.get("/bai-viet/s1?da-luu=1&anh=" + form_encode(kHostile)).body, "saving line");
}
