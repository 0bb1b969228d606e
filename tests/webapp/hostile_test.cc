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

TEST_CASE("hostile text in a conflict and in the progress matrix is escaped (Xung đột, Tiến độ)") {
  AppFixture a("ubnd-tinh", "province");
  const std::string other = "bbbbbbbbbbbbbbbb";
  const Hlc t = hlc_pack(a.f.clock->now_ms, 0);
  REQUIRE(a.store
              ->apply_remote({{"stories", "s1", "_row", std::int64_t{1}, t, other, std::nullopt},
                              {"stories", "s1", "unit_id", std::string("dong-van"), t, other,
                               std::nullopt},
                              {"stories", "s1", "title", kHostile, t, other, std::nullopt},
                              {"stories", "s1", "body_md", kHostile + "\n\nmột", t, other,
                               std::nullopt}})
              .is_ok());
  REQUIRE(a.store->write("stories", {{"id", std::string("s1")}, {"body_md", kHostile + "\n\nhai"}})
              .is_ok());
  REQUIRE(a.store
              ->apply_remote({{"stories", "s1", "body_md", kHostile + "\n\nba", t + 5, other,
                               std::optional<Hlc>(t)}})
              .is_ok());
  auto open = open_conflicts(*a.store);
  REQUIRE(open.is_ok());
  REQUIRE(open->size() == 1);
  const std::string target = "/xung-dot/" + std::to_string(open->front().id);
  REQUIRE(a.store->write("units", {{"id", std::string("dong-van")},
                                   {"name", kHostile},
                                   {"short_name", kHostile},
                                   {"kind", std::string("district")}})
              .is_ok());
  REQUIRE(a.store
              ->write("tasks",
                      {{"id", std::string("2021-q1-01")}, {"content", kHostile}, {"due", kHostile}})
              .is_ok());
  REQUIRE(a.store->write("task_units", {{"id", std::string("x")},
                                        {"task_id", std::string("2021-q1-01")},
                                        {"unit_id", std::string("dong-van")},
                                        {"role", std::string("responsible")}})
              .is_ok());
  const std::string note = kHostile + "\n\n<script>alert(3)</script>[x](javascript:alert(4))";
  REQUIRE(a.store->write("progress", {{"id", std::string("2021-q1-01:dong-van")},
                                      {"task_id", std::string("2021-q1-01")},
                                      {"unit_id", std::string("dong-van")},
                                      {"status", std::string("in_progress")},
                                      {"note_md", note}})
              .is_ok());

  REQUIRE(a.store->write("units", {{"id", std::string("ubnd-tinh")}, {"name", kHostile}}).is_ok());
  a.open_app();  // the unit's name is read at open

  auto conflicts = a.get("/xung-dot");
  CHECK(conflicts.status == 200);
  check_inert(conflicts.body, "conflicts");
  CHECK(contains(conflicts.body, "«&lt;script&gt;alert(1)&lt;/script&gt;"));
  auto refused = a.post(target, "keep=" + form_encode(kHostile));
  CHECK(refused.status == 400);
  check_inert(refused.body, "conflict refused");
  auto merged_bad = a.post(target, "keep=merged&merged=" + form_encode(kHostile + "\xff"));
  CHECK(merged_bad.status == 400);  // not UTF-8: refused before any handler
  check_inert(merged_bad.body, "merged refused");
  check_inert(a.get("/xung-dot/" + form_encode(kHostile)).body, "conflict 405");
  check_inert(a.post("/xung-dot/" + form_encode(kHostile), "keep=mine").body, "conflict 404");

  check_inert(a.get("/tien-do?nam=2021&quy=1").body, "progress");
  auto history = a.get("/tien-do/2021-q1-01/dong-van");
  check_inert(history.body, "history");
  CHECK_FALSE(contains(history.body, "<script>alert(3)"));
  CHECK_FALSE(contains(history.body, "href=\"javascript:"));
  check_inert(a.get("/tien-do?nam=" + form_encode(kHostile)).body, "progress 400");
  check_inert(a.get("/tien-do/" + form_encode(kHostile) + "/dong-van").body, "history 404");
}

TEST_CASE("hostile text in what the province reviews is inert in the queue and on the review pages") {
  AppFixture a("ubnd-tinh", "province");
  REQUIRE(a.store->write("units", {{"id", std::string("dong-van")}, {"name", kHostile}}).is_ok());
  const std::string body =
      kHostile + "\n\n<script>alert(3)</script>[x](javascript:alert(4))\n\n![y](http://evil.example/a.png)";
  REQUIRE(a.store
              ->write("stories", {{"id", std::string("s1")},
                                  {"unit_id", std::string("dong-van")},
                                  {"title", kHostile},
                                  {"subject", kHostile},
                                  {"body_md", body},
                                  {"review_note", kHostile},
                                  {"status", std::string("submitted")}})
              .is_ok());
  REQUIRE(a.store
              ->write("story_photos", {{"id", std::string("p1")},
                                       {"story_id", std::string("s1")},
                                       {"blob_hash", kHostile},
                                       {"alt", kHostile}})
              .is_ok());
  REQUIRE(a.store
              ->write("nominations", {{"id", std::string("n1")},
                                      {"unit_id", std::string("dong-van")},
                                      {"nominee", kHostile},
                                      {"award", kHostile},
                                      {"achievement_md", body},
                                      {"review_note", kHostile},
                                      {"status", std::string("submitted")}})
              .is_ok());
  check_inert(a.get("/cho-duyet").body, "queue");
  for (const std::string& page : {std::string("/cho-duyet/bai-viet/s1"), std::string("/cho-duyet/de-nghi/n1"),
                                  std::string("/cho-duyet/bai-viet/s1/xem-truoc")}) {
    auto r = a.get(page);
    CHECK(r.status == 200);
    check_inert(r.body, page);
    CHECK_FALSE(contains(r.body, "javascript:"));
    CHECK_FALSE(contains(r.body, "src=\"http://evil"));  // an outside image is a plain link, not loaded
    CHECK_FALSE(contains(r.body, "src=\"/anh/<"));
  }
  auto unknown = a.get("/cho-duyet/bai-viet/" + form_encode(kHostile));
  CHECK(unknown.status == 404);
  check_inert(unknown.body + "{{csrf}}", "unknown id");  // its '/' makes it no id at all
  auto unknown_slashless = a.get("/cho-duyet/de-nghi/" + form_encode("<b>x\"'{{csrf}}"));
  CHECK(unknown_slashless.status == 404);
  CHECK(contains(unknown_slashless.body, "mã &lt;b&gt;x&quot;&apos;{{csrf}}"));
  CHECK(a.post("/cho-duyet?da=" + form_encode(kHostile), "").status == 405);
  check_inert(a.get("/cho-duyet?da=" + form_encode(kHostile)).body + "{{csrf}}", "confirmation code");
  auto rejected = a.post("/cho-duyet/bai-viet/s1", "action=reject&note=" + form_encode(kHostile));
  CHECK(rejected.status == 303);
  auto again = a.post("/cho-duyet/bai-viet/s1", "action=reject&note=" + form_encode(kHostile));
  CHECK(again.status == 409);
  CHECK_FALSE(contains(again.body, "<script>alert"));
  check_inert(a.get("/cho-duyet/bai-viet/s1").body, "after rejection");
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

TEST_CASE("hostile dossier file names: cleaned at upload, inert on the page, never out of the download header") {
  AppFixture a;
  auto id = nominate(*a.store, {"Chị Mai", "individual", "Bằng khen", "Thành tích."});
  REQUIRE(id.is_ok());
  const std::string pdf = "%PDF-1.4\n%%EOF\n";
  auto sent = post_multipart(a, "/de-nghi/" + *id + "/tai-lieu", {{"kind", "khac"}},
                             {{"tai_lieu", "../../" + kHostile + "\r\nX-A: b.pdf", "application/pdf", pdf}});
  REQUIRE(sent.status == 303);
  // As a sync could bring it from a hostile node: a name never cleaned.
  const std::string raw = "<img src=x onerror=alert(9)>\r\nSet-Cookie: thidua_session=x; \"{{csrf}}.pdf";
  const std::string other = "%PDF-1.4\n(raw)\n%%EOF\n";
  REQUIRE(a.store->put_blob({sha256_hex(other), "application/pdf", static_cast<std::int64_t>(other.size()), {}, {}},
                            other, false)
              .is_ok());
  REQUIRE(a.store->write("nomination_documents", {{"id", std::string("raw-doc")}, {"nomination_id", *id},
                                                  {"blob_hash", sha256_hex(other)}, {"file_name", raw}})
              .is_ok());
  auto page = a.get("/de-nghi/" + *id);
  check_inert(page.body, "documents list");
  CHECK_FALSE(contains(page.body, "../"));
  for (const auto& body : {pdf, other}) {
    auto file = a.get("/ho-so/" + sha256_hex(body));
    REQUIRE(file.status == 200);
    const std::string header = file.header("Content-Disposition");
    CAPTURE(header);
    const std::string prefix = "attachment; filename=\"tai-lieu.pdf\"; filename*=UTF-8''";
    CHECK(header.rfind(prefix, 0) == 0);
    CHECK(header.find_first_of("\r\n\"<>; ", prefix.size()) == std::string::npos);  // all escaped after it
    CHECK(file.header("Set-Cookie").empty());
  }
}

TEST_CASE(
    "hostile text in a task and the unit's name is inert in the Báo cáo page and the report") {
  AppFixture a("ubnd-tinh", "province");
  REQUIRE(a.store->write("units", {{"id", std::string("ubnd-tinh")}, {"name", kHostile}}).is_ok());
  REQUIRE(
      a.store->write("tasks", {{"id", std::string("2021-q1-01")}, {"content", kHostile}}).is_ok());
  a.open_app();
  const std::string asked = "loai=tong-ket-nam&nam=2021";
  check_inert(a.get("/bao-cao?" + asked).body, "report form");
  auto report = a.get("/bao-cao/xem?" + asked);
  CHECK(report.status == 200);
  check_inert(report.body, "report");
  CHECK(contains(report.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  // A hostile pick is never reflected: the form says what to choose.
  auto refused = a.get("/bao-cao?loai=" + form_encode(kHostile) + "&nam=" + form_encode(kHostile));
  CHECK(refused.status == 400);
  check_inert(refused.body, "report refused");
  auto file = a.get("/bao-cao/tai?" + asked + "&dang=" + form_encode("../xlsx"));
  CHECK(file.status == 404);
}

TEST_CASE(
    "hostile text in a council session, a nominee and the typed fields is inert on Hội đồng") {
  AppFixture a("ubnd-tinh", "province");
  REQUIRE(a.store
              ->write("nominations", {{"id", std::string("n1")},
                                      {"unit_id", std::string("dong-van")},
                                      {"nominee", kHostile},
                                      {"award", kHostile},
                                      {"status", std::string("appraised")}})
              .is_ok());
  auto added = a.post("/hoi-dong/them", "nam=2021&quarter=1&title=" + form_encode(kHostile) +
                                            "&place=" + form_encode(kHostile));
  REQUIRE(added.status == 303);
  check_inert(a.get("/hoi-dong?nam=2021").body, "council");
  auto refused = a.post("/hoi-dong/them", "nam=2021&quarter=" + form_encode(kHostile) +
                                              "&title=" + form_encode(kHostile) +
                                              "&held_on=" + form_encode(kHostile));
  CHECK(refused.status == 400);
  check_inert(refused.body, "council refused");
  auto path =
      a.post("/hoi-dong/" + form_encode(kHostile) + "/da-hop", "nam=2021&held_on=2021-01-05");
  CHECK(path.status == 404);
  CHECK_FALSE(contains(path.body, "<script>alert"));
}

TEST_CASE("hostile text typed into the steps after approval comes back inert beside its field") {
  AppFixture a("ubnd-tinh", "province");
  REQUIRE(a.store
              ->write("nominations", {{"id", std::string("n1")},
                                      {"unit_id", std::string("dong-van")},
                                      {"nominee", kHostile},
                                      {"status", std::string("approved")}})
              .is_ok());
  check_inert(a.get("/cho-duyet/de-nghi/n1").body, "decision form");
  auto refused =
      a.post("/cho-duyet/de-nghi/n1/quyet-dinh", "decision_no=" + form_encode(kHostile) +
                                                     "&decided_on=" + form_encode(kHostile) +
                                                     "&signing_level=" + form_encode(kHostile));
  CHECK(refused.status == 400);
  check_inert(refused.body, "decision refused");
  CHECK(text(get_row(*a.store, "nominations", "n1"), "decision_no") ==
        "<not text>");  // still unset
}
