// Xung đột: conflicts listed with both values and settled through the
// app: keep one side, or save a merged text; refusals change nothing.
#include "tests/sync/sync_fixture.h"
#include "tests/webapp/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kOther = "bbbbbbbbbbbbbbbb";

// A story of this district whose body met a later remote body: the remote
// one is kept, this node's is the lost side.
std::string story_with_body_conflict(AppFixture& a) {
  NewStory st;
  st.title = "Người giữ rừng";
  st.subject = "Ông Chứ";
  st.category = "individual";
  st.body_md = "Dòng một của huyện\nDòng hai của huyện";
  auto id = add_story(*a.store, st);
  REQUIRE(id.is_ok());
  const Hlc later = hlc_pack(a.f.clock->now_ms + 60'000, 0);
  auto applied = a.store->apply_remote(
      {{"stories", *id, "body_md", std::string("Bản của tỉnh"), later, kOther, std::nullopt}});
  REQUIRE(applied.is_ok());
  REQUIRE(applied->conflicts == 1);
  return *id;
}

std::int64_t only_conflict(Store& s) {
  auto open = open_conflicts(s);
  REQUIRE(open.is_ok());
  REQUIRE(open->size() == 1);
  return open->front().id;
}

std::string csrf_of(webapp::App& app, std::string& cookie) {
  webapp::Request r;
  r.method = "GET";
  r.path = "/";
  r.headers["host"] = "127.0.0.1:8080";
  auto page = app.handle(r);
  cookie = page.header("Set-Cookie").substr(0, page.header("Set-Cookie").find(';'));
  const std::string marker = "name=\"csrf\" value=\"";
  const auto at = page.body.find(marker);
  REQUIRE(at != std::string::npos);
  return page.body.substr(at + marker.size(), 64);
}

}  // namespace

TEST_CASE("a conflict made by a district and the province through the server is settled in the app") {
  SyncFixture server;
  const Issued district = server.add_node("dong-van", "district");
  const Issued province = server.add_node("ubnd-tinh", "province");
  server.start();
  auto pc = server.init("dong-van.db", district);
  auto tinh = server.init("tinh.db", province);
  NewStory st{"Người giữ rừng", "Ông Páo", "individual", "Bản đầu", {}, "", ""};
  auto id = add_story(*pc, st);
  REQUIRE(id.is_ok());
  REQUIRE(submit_story(*pc, *id).is_ok());
  server.sync(*pc);
  server.sync(*tinh);
  // Offline on both sides: the district rewrites the body, then the
  // province corrects it and notes why.
  REQUIRE(pc->write("stories", {{"id", *id}, {"body_md", std::string("Bản của huyện\n\nđoạn hai")}})
              .is_ok());
  REQUIRE(tinh->write("stories", {{"id", *id},
                                  {"body_md", std::string("Bản của tỉnh")},
                                  {"review_note", std::string("Đã sửa chính tả")}})
              .is_ok());
  server.sync(*pc);
  server.sync(*tinh);
  server.sync(*pc);  // the province's later body wins; the district keeps its own as a conflict

  auto opened = webapp::App::open({server.dir.file("dong-van.db")});
  REQUIRE(opened.is_ok());
  webapp::App& app = **opened;
  std::string cookie;
  const std::string csrf = csrf_of(app, cookie);
  webapp::Request get;
  get.method = "GET";
  get.path = "/xung-dot";
  get.headers = {{"host", "127.0.0.1:8080"}, {"cookie", cookie}};
  auto page = app.handle(get);
  CHECK(page.status == 200);
  CHECK(contains(page.body, "Bài điển hình «Người giữ rừng», nội dung"));
  CHECK(contains(page.body, "Máy này"));
  CHECK(contains(page.body, "Cấp tỉnh"));
  CHECK(contains(page.body, "Bản của huyện\n\nđoạn hai"));  // whole, pre-wrap keeps the lines
  CHECK(contains(page.body, "Giữ bản của máy này"));
  CHECK(contains(page.body, "Giữ bản kia"));
  CHECK(contains(page.body, "Lưu bản đã gộp"));
  CHECK(contains(page.body, "href=\"/xung-dot\" aria-current=\"page\""));

  const auto conflict = only_conflict(*pc);
  webapp::Request post;
  post.method = "POST";
  post.path = "/xung-dot/" + std::to_string(conflict);
  post.headers = {{"host", "127.0.0.1:8080"},
                  {"cookie", cookie},
                  {"content-type", "application/x-www-form-urlencoded"}};
  post.body = "csrf=" + csrf + "&keep=mine";
  auto settled = app.handle(post);
  CHECK(settled.status == 303);
  CHECK(settled.header("Location") ==
        "/xung-dot?da-giai-quyet=" + std::to_string(conflict) + "&giu=mine");
  get.query = "da-giai-quyet=" + std::to_string(conflict) + "&giu=mine";
  CHECK(contains(app.handle(get).body, "Đã giải quyết xung đột số " + std::to_string(conflict) +
                                           ": đã giữ bản của máy này."));
  CHECK(open_conflicts(*pc)->empty());
  server.sync(*pc);
  auto central = server.central();
  CHECK(as_text(**central->get("stories", *id), "body_md") == "Bản của huyện\n\nđoạn hai");
  CHECK(app.handle(post).status == 404);  // settled already
}

TEST_CASE("the conflict page shows both sides with writer and time, and saves a merged text") {
  AppFixture a;
  const std::string id = story_with_body_conflict(a);
  const auto conflict = only_conflict(*a.store);
  auto page = a.get("/xung-dot");
  CHECK(page.status == 200);
  CHECK(contains(page.body, "Xung đột số " + std::to_string(conflict) +
                                ": Bài điển hình «Người giữ rừng», nội dung"));
  CHECK(contains(page.body, "01/04/2021 07:01"));  // the remote side, Vietnam's clock
  CHECK(contains(page.body, "Máy khác (của đơn vị hoặc của cấp tỉnh)"));
  // The merge box starts from the value in use.
  CHECK(contains(page.body, ">Bản của tỉnh</textarea>"));
  CHECK(contains(page.body, "<label for=\"gop-" + std::to_string(conflict) + "\">"));

  const std::string merged = "Dòng một của huyện\nBản của tỉnh";
  auto saved = a.post("/xung-dot/" + std::to_string(conflict),
                      "keep=merged&merged=" + form_encode(merged));
  CHECK(saved.status == 303);
  CHECK(text(get_row(*a.store, "stories", id), "body_md") == merged);
  CHECK(open_conflicts(*a.store)->empty());
  CHECK(contains(a.get(saved.header("Location")).body, "đã lưu bản đã gộp"));
  CHECK(contains(a.get("/xung-dot").body, "Không có xung đột nào cần giải quyết"));
}

TEST_CASE("unknown ids, bad choices and refusals change nothing") {
  AppFixture a;
  const std::string id = story_with_body_conflict(a);
  const auto conflict = only_conflict(*a.store);
  const std::string target = "/xung-dot/" + std::to_string(conflict);
  const Snapshot before = snapshot(*a.store);

  CHECK(a.post("/xung-dot/999", "keep=mine").status == 404);
  CHECK(a.post("/xung-dot/abc", "keep=mine").status == 404);
  CHECK(a.post("/xung-dot/-1", "keep=mine").status == 404);
  CHECK(a.post("/xung-dot/99999999999999999999999", "keep=mine").status == 404);
  CHECK(a.post(target, "keep=bogus").status == 400);
  CHECK(a.post(target, "").status == 400);
  CHECK(a.post(target, "keep=merged").status == 400);  // no merged text sent
  CHECK(a.post(target, "keep=mine", /*with_csrf=*/false).status == 403);
  CHECK(a.get(target).status == 405);
  CHECK(a.get("/xung-dot?da-giai-quyet=abc").status == 400);
  CHECK(snapshot(*a.store) == before);

  // The province approved the story meanwhile: writing this node's side back
  // would be refused by the server, so it is refused here, input kept.
  const Hlc later = hlc_pack(a.f.clock->now_ms + 120'000, 0);
  REQUIRE(a.store
              ->apply_remote(
                  {{"stories", id, "status", std::string("approved"), later, kOther, std::nullopt}})
              .is_ok());
  const Snapshot approved = snapshot(*a.store);
  auto mine = a.post(target, "keep=mine");
  CHECK(mine.status == 409);
  CHECK(contains(mine.body, "cấp tỉnh đã duyệt"));
  auto merged = a.post(target, "keep=merged&merged=" + form_encode("Bản gộp của tôi"));
  CHECK(merged.status == 409);
  CHECK(contains(merged.body, ">Bản gộp của tôi</textarea>"));
  CHECK(contains(merged.body, "aria-invalid=\"true\""));
  CHECK(snapshot(*a.store) == approved);
  // Keeping the value in use still closes it.
  CHECK(a.post(target, "keep=theirs").status == 303);
  CHECK(a.post(target, "keep=theirs").status == 404);
}

TEST_CASE("a conflict of two other nodes offers current or lost; a percent offers no merge") {
  AppFixture a;
  REQUIRE(report_progress(*a.store, {"2021-q1-01", "in_progress", 60, std::nullopt, ""}).is_ok());
  const Hlc later = hlc_pack(a.f.clock->now_ms + 1000, 0);
  REQUIRE(a.store
              ->apply_remote({{"progress", "2021-q1-01:dong-van", "percent", std::int64_t{20},
                               later, kOther, std::nullopt}})
              .is_ok());
  const auto percent = only_conflict(*a.store);
  auto page = a.get("/xung-dot");
  CHECK(contains(page.body, "Báo cáo tiến độ «Triển khai», tỷ lệ hoàn thành"));
  CHECK(contains(page.body, "60 %"));
  CHECK_FALSE(contains(page.body, "Lưu bản đã gộp"));
  CHECK(a.post("/xung-dot/" + std::to_string(percent), "keep=merged&merged=40").status == 400);
  REQUIRE(a.post("/xung-dot/" + std::to_string(percent), "keep=mine").status == 303);
  CHECK(get_row(*a.store, "progress", "2021-q1-01:dong-van")["percent"] == Value{std::int64_t{60}});

  const Hlc t = hlc_pack(a.f.clock->now_ms + 5000, 0);
  REQUIRE(a.store
              ->apply_remote({{"stories", "far", "_row", std::int64_t{1}, t, "cccccccccccccccc", std::nullopt},
                              {"stories", "far", "unit_id", std::string("dong-van"), t, "cccccccccccccccc",
                               std::nullopt},
                              {"stories", "far", "title", std::string("Bản C"), t, "cccccccccccccccc",
                               std::nullopt}})
              .is_ok());
  REQUIRE(a.store
              ->apply_remote({{"stories", "far", "title", std::string("Bản D"), t + 5,
                               "dddddddddddddddd", std::nullopt}})
              .is_ok());
  const auto others = only_conflict(*a.store);
  page = a.get("/xung-dot");
  CHECK(contains(page.body, "Giữ bản đang dùng"));
  CHECK(contains(page.body, "Giữ bản bị thay"));
  CHECK_FALSE(contains(page.body, "Giữ bản của máy này"));
  CHECK(a.post("/xung-dot/" + std::to_string(others), "keep=mine").status == 400);
  CHECK(a.post("/xung-dot/" + std::to_string(others), "keep=lost").status == 303);
  CHECK(text(get_row(*a.store, "stories", "far"), "title") == "Bản C");
}
