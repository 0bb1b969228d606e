// `thidua node ...` run as a clerk runs it: real process, temp folders. Help,
// the clerk's daily commands and their failures here; bad input in
// node_cli_input_test.cc, nominations and the commendation cycle in
// node_cli_records_test.cc.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/node_cli.h"
#include "tests/support/images.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("every node command has Vietnamese --help") {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"report", "--help"},
                                        {"story", "--help"},
                                        {"story", "add", "--help"},
                                        {"story", "edit", "--help"},
                                        {"story", "submit", "--help"},
                                        {"nominate", "--help"},
                                        {"nomination", "edit", "--help"},
                                        {"nomination", "resubmit", "--help"},
                                        {"review", "--help"},
                                        {"status", "--help"},
                                        {"conflicts", "--help"}}) {
    auto r = node(args);
    CAPTURE(args[0]);
    CHECK(r.exit_code == 0);
    CHECK(has(r.out, "--help"));
  }
  CHECK(has(node({"story", "add", "--help"}).out, "--body-file"));
  CHECK(has(node({"report", "--help"}).out, "Báo cáo tiến độ"));
  CHECK(has(node({"review", "--help"}).out, "Cấp tỉnh duyệt"));
}

TEST_CASE("a district clerk reports, writes a story with a photo, submits and nominates") {
  TempDir dir;
  const std::string db = dir.file("dong-van.db");
  make_node_db(db, "dong-van", "district");
  write_file(dir.path() / "anh.png", kOnePixelPng);
  write_file(dir.path() / "bai.md", "# Người giữ rừng\n\nBa mươi năm giữ rừng nghiến.\n");
  write_file(dir.path() / "thanh-tich.md", "Mười năm dạy chữ ở điểm trường.\n");

  auto report = node({"report", "--db", db, "--task", "2021-q1-01", "--status", "in_progress",
                      "--percent", "60", "--note", "Đã triển khai tới 19 xã"});
  REQUIRE_MESSAGE(report.exit_code == 0, report.err);
  CHECK(report.out == "2021-q1-01:dong-van\n");
  CHECK(report.err.empty());

  auto add = node({"story", "add", "--db", db, "--title", "Người giữ rừng Lũng Cú", "--subject",
                   "Ông Vàng Mí Chứ", "--category", "individual", "--body-file", dir.file("bai.md"),
                   "--photo", dir.file("anh.png")});
  REQUIRE_MESSAGE(add.exit_code == 0, add.err);
  REQUIRE(lines(add.out) == 1);
  const std::string story = add.out.substr(0, add.out.size() - 1);
  CHECK(story.size() == 32);
  CHECK(story.find_first_not_of("0123456789abcdef") == std::string::npos);

  auto edit = node(
      {"story", "edit", "--db", db, "--id", story, "--subject", "Ông Vàng Mí Chứ, xã Lũng Cú"});
  CHECK_MESSAGE(edit.exit_code == 0, edit.err);
  auto submit = node({"story", "submit", "--db", db, "--id", story});
  CHECK_MESSAGE(submit.exit_code == 0, submit.err);
  CHECK(story_status(db, story) == "submitted");

  auto nominate = node({"nominate", "--db", db, "--nominee", "Chị Lò Thị Mai", "--kind",
                        "individual", "--award", "Bằng khen của Chủ tịch UBND tỉnh",
                        "--achievement-file", dir.file("thanh-tich.md"), "--json"});
  REQUIRE_MESSAGE(nominate.exit_code == 0, nominate.err);
  CHECK(nlohmann::json::parse(nominate.out)["id"].get<std::string>().size() == 32);

  auto status = node({"status", "--db", db, "--json"});
  REQUIRE_MESSAGE(status.exit_code == 0, status.err);
  auto json = nlohmann::json::parse(status.out);
  CHECK(json["unit_id"] == "dong-van");
  CHECK(json["role"] == "district");
  CHECK(json["pending_cells"].get<int>() > 0);
  CHECK(json["pending_photos"] == 1);
  CHECK(json["open_conflicts"] == 0);
  CHECK(json["last_sync_at"].is_null());
  CHECK_FALSE(json.contains("token"));
  auto plain = node({"status", "--db", db});
  CHECK(has(plain.out, "Ảnh chờ tải lên: 1"));

  auto conflicts = node({"conflicts", "--db", db});
  CHECK(conflicts.exit_code == 0);
  CHECK(has(conflicts.out, "Không có xung đột"));
  CHECK(nlohmann::json::parse(node({"conflicts", "--db", db, "--json"}).out).empty());

  // The district may not review its own story.
  auto review = node({"review", "--db", db, "--story", story, "--approve"});
  CHECK(review.exit_code == 1);
  CHECK(lines(review.err) == 1);
  CHECK(has(review.err, "chỉ cấp tỉnh được duyệt"));
  CHECK(story_status(db, story) == "submitted");

  // The province, once the story has reached it, publishes it.
  const std::string province = dir.file("tinh.db");
  make_node_db(province, "ban-tdkt", "province");
  carry(db, province);
  auto publish =
      node({"review", "--db", province, "--story", story, "--publish", "--note", "Bài tốt"});
  REQUIRE_MESSAGE(publish.exit_code == 0, publish.err);
  CHECK(story_status(province, story) == "published");
  auto twice = node({"review", "--db", province, "--story", story, "--publish"});
  CHECK(twice.exit_code == 1);
  CHECK(lines(twice.err) == 1);
  CHECK(has(twice.err, "đã đăng (published)"));

  // Withdrawn from the public site; then it cannot be withdrawn again.
  auto unpublish = node({"review", "--db", province, "--story", story, "--unpublish", "--note", "Cần đính chính"});
  REQUIRE_MESSAGE(unpublish.exit_code == 0, unpublish.err);
  CHECK(has(unpublish.out, "Đã gỡ khỏi trang công khai"));
  CHECK(story_status(province, story) == "approved");
  auto again = node({"review", "--db", province, "--story", story, "--unpublish"});
  CHECK(again.exit_code == 1);
  CHECK(lines(again.err) == 1);
  CHECK(has(again.err, "đã duyệt (approved)"));
  auto both = node({"review", "--db", province, "--story", story, "--publish", "--unpublish"});
  CHECK(both.exit_code == 1);
  CHECK(has(both.err, "đúng một trong"));
}

TEST_CASE("story add --json prints the id as JSON") {
  TempDir dir;
  const std::string db = dir.file("n.db");
  make_node_db(db, "meo-vac", "district");
  write_file(dir.path() / "bai.md", "Nội dung");
  auto r = node({"story", "add", "--db", db, "--title", "T", "--subject", "S", "--category",
                 "collective", "--body-file", dir.file("bai.md"), "--json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto json = nlohmann::json::parse(r.out);
  CHECK(json.size() == 1);
  CHECK(json["id"].get<std::string>().size() == 32);
}

TEST_CASE("node failures are one Vietnamese line and exit code 1") {
  TempDir dir;
  const std::string db = dir.file("n.db");
  make_node_db(db, "dong-van", "district");
  write_file(dir.path() / "bai.md", "Nội dung");
  write_file(dir.path() / "not-a-photo.png", "<html>không phải ảnh</html>");

  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {{"report", "--db", db, "--task", "2021-q9-01", "--status", "done"},
            "không có nhiệm vụ 2021-q9-01"},
           {{"report", "--db", db, "--task", "2021-q1-01", "--status", "xong"},
            "trạng thái phải là một trong: not_started, in_progress, done, blocked"},
           {{"report", "--db", db, "--task", "2021-q1-01", "--status", "done", "--percent", "140"},
            "từ 0 đến 100"},
           {{"report", "--db", db, "--task", "2021-q1-01", "--status", "done", "--note", "a",
             "--note-file", dir.file("bai.md")},
            "--note-file"},
           {{"story", "add", "--db", db, "--title", "T", "--subject", "S", "--category", "hero",
             "--body-file", dir.file("bai.md")},
            "loại điển hình"},
           {{"story", "add", "--db", db, "--title", "T", "--subject", "S", "--category",
             "individual", "--body-file", dir.file("bai.md"), "--photo",
             dir.file("not-a-photo.png")},
            "không phải ảnh JPEG, PNG hay WebP"},
           {{"story", "add", "--db", db, "--title", "T", "--subject", "S", "--category",
             "individual", "--body-file", dir.file("missing.md")},
            "missing.md"},
           {{"story", "submit", "--db", db, "--id", "khong-co"}, "không có bài điển hình khong-co"},
           // Issue 13: business is a nominee kind now; "company" is not.
           {{"nominate", "--db", db, "--nominee", "A", "--kind", "company", "--award", "B",
             "--achievement-file", dir.file("bai.md")},
            "individual, collective, business, entrepreneur"},
           {{"review", "--db", db, "--story", "x", "--approve", "--reject"}, "đúng một trong"},
           {{"conflicts", "--db", db, "--resolve", "3"}, "--keep"},
           {{"conflicts", "--db", db, "--resolve", "3", "--keep", "both"}, "mine, theirs"},
           {{"conflicts", "--db", db, "--resolve", "3", "--keep", "mine"},
            "không có xung đột đang mở số 3"},
           {{"status", "--db", dir.file("missing.db")}, "missing.db"},
       }) {
    auto r = node(c.args);
    CAPTURE(c.args[0]);
    CAPTURE(r.err);
    CHECK(r.exit_code == 1);
    CHECK(lines(r.err) == 1);
    CHECK(has(r.err, "thidua: lỗi: "));
    CHECK(has(r.err, c.says));
    CHECK(r.out.empty());
  }
  CHECK_FALSE(std::filesystem::exists(dir.file("missing.db")));
  // Nothing the refusals tried reached the database.
  auto store = open_store(db);
  CHECK(*store->count("progress") == 0);
  CHECK(*store->count("stories") == 0);
  CHECK(*store->count("nominations") == 0);
}

TEST_CASE("a database without node configuration says to run node init first") {
  TempDir dir;
  const std::string db = dir.file("central.db");
  make_node_db(db, "", "");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"report", "--db", db, "--task", "2021-q1-01", "--status", "done"},
        {"status", "--db", db},
        {"conflicts", "--db", db}}) {
    auto r = node(args);
    CAPTURE(args[0]);
    CHECK(r.exit_code == 1);
    CHECK(lines(r.err) == 1);
    CHECK(has(r.err, "thidua node init"));
  }
}
