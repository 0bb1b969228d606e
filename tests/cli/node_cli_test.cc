// `thidua node ...` run as a clerk runs it: real process, temp folders.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <sqlite3.h>

#include "plan/import.h"
#include "plan/loader.h"
#include "store/store.h"
#include "tests/support/images.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kBin = THIDUA_BIN;
const std::string kContent = std::string(THIDUA_SOURCE_DIR) + "/content";

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

std::unique_ptr<Store> open_store(const std::string& path) {
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.is_ok(), store.status().message());
  return std::move(*store);
}

// A node database as `thidua node init` will leave it: the plan loaded and
// the node configured. With an empty `unit` the node is not configured.
void make_node_db(const std::string& path, const std::string& unit, const std::string& role) {
  auto store = open_store(path);
  auto content = load_content(kContent);
  REQUIRE_MESSAGE(content.is_ok(), content.status().message());
  REQUIRE(import_content(*store, *content).is_ok());
  if (unit.empty()) return;
  NodeConfig config;
  config.unit_id = unit;
  config.role = role;
  config.server_url = "http://127.0.0.1:1";
  config.token = "t";
  REQUIRE(NodeStore(*store).set_node_config(config).is_ok());
}

// Carries the rows a clerk wrote in `from` to `to`, as a sync would (the
// plan both already hold is left out: a district never sends it).
void carry(const std::string& from, const std::string& to) {
  auto src = open_store(from);
  auto dst = open_store(to);
  auto out = src->outbox();
  REQUIRE(out.is_ok());
  std::vector<RemoteCell> cells;
  for (const auto& e : *out) {
    if (e.table != "progress" && e.table != "stories" && e.table != "story_photos" &&
        e.table != "nominations")
      continue;
    cells.push_back({e.table, e.pk, e.column, e.value, e.hlc, src->node_id(), e.base});
  }
  REQUIRE_FALSE(cells.empty());
  auto applied = dst->apply_remote(cells);
  REQUIRE(applied.is_ok());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    CAPTURE(cells[i].table + "." + cells[i].column);
    CAPTURE(applied->reasons[i]);
    CHECK(applied->outcomes[i] != ApplyOutcome::kRejected);
  }
}

RunResult node(std::vector<std::string> args) {
  args.insert(args.begin(), {kBin, "node"});
  return run(args);
}

std::string story_status(const std::string& db, const std::string& id) {
  auto store = open_store(db);
  auto row = store->get("stories", id);
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  return std::get<std::string>((**row).at("status"));
}

bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

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

namespace {

// Another program's SQLite database: a table, an index, a trigger, a
// user_version of its own.
void make_foreign_db(const std::string& path) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  const char* sql =
      "PRAGMA user_version = 3;"
      "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
      "CREATE INDEX contacts_name ON contacts(name);"
      "CREATE TABLE log (what TEXT);"
      "CREATE TRIGGER contacts_log AFTER INSERT ON contacts BEGIN INSERT INTO log VALUES (NEW.name); END;"
      "INSERT INTO contacts (name) VALUES ('Lò Thị Hoa');";
  char* err = nullptr;
  int rc = sqlite3_exec(raw, sql, nullptr, nullptr, &err);
  CAPTURE(err ? err : "");
  sqlite3_free(err);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("regression (issue 9 row 11): no command modifies a foreign SQLite file or a 0-byte file given as --db") {
  TempDir dir;
  write_file(dir.path() / "bai.md", "Nội dung");
  const std::string foreign = dir.file("khac.db"), empty = dir.file("rong.db");
  make_foreign_db(foreign);
  write_file(dir.path() / "rong.db", "");
  const std::string foreign_bytes = read_file(foreign);
  REQUIRE(foreign_bytes.size() > 0);
  for (const std::string& db : {foreign, empty}) {
    std::vector<std::vector<std::string>> commands = {
        {"node", "status", "--db", db},
        {"node", "report", "--db", db, "--task", "2021-q1-01", "--status", "done"},
        {"node", "story", "add", "--db", db, "--title", "T", "--subject", "S", "--category", "individual",
         "--body-file", dir.file("bai.md")},
        {"node", "story", "submit", "--db", db, "--id", "x"},
        {"node", "nominate", "--db", db, "--nominee", "A", "--kind", "individual", "--award", "B",
         "--achievement-file", dir.file("bai.md")},
        {"node", "review", "--db", db, "--story", "x", "--publish"},
        {"node", "sync", "--db", db},
        {"node", "init", "--db", db, "--server", "http://127.0.0.1:1", "--token", "t"},
        {"node", "conflicts", "--db", db},
        {"export", "--db", db},
        {"site", "build", "--db", db, "--out", dir.file("public")},
        {"server", "init", "--db", db, "--content", kContent},
        {"server", "init", "--db", db, "--content", kContent, "--force"},
        {"server", "nodes", "--db", db},
        {"server", "add-node", "--db", db, "--unit", "dong-van", "--role", "district", "--name", "M"},
        {"server", "revoke-node", "--db", db, "--node", "x"},
        {"server", "run", "--db", db, "--listen", "127.0.0.1:0"},
    };
    for (auto args : commands) {
      args.insert(args.begin(), kBin);
      auto r = run(args, "", 20);
      CAPTURE(db);
      CAPTURE(args[1] + " " + args[2]);
      CAPTURE(r.err);
      CHECK(r.exit_code != 0);
      CHECK(read_file(db) == (db == foreign ? foreign_bytes : std::string()));
    }
    CHECK_FALSE(std::filesystem::exists(db + "-journal"));
  }
  // What the clerk reads says what the file is and what to do.
  auto r = node({"status", "--db", foreign});
  CHECK(has(r.err, "không phải cơ sở dữ liệu của thidua"));
  CHECK(has(r.err, "thidua node init"));
}

TEST_CASE("regression (issue 9, integers on the CLI): out-of-range numbers are refused with the range, never wrapped") {
  TempDir dir;
  const std::string db = dir.file("n.db");
  make_node_db(db, "dong-van", "district");
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<std::string> report = {"node", "report", "--db", db, "--task", "2021-q1-01", "--status", "done",
                                           "--percent"};
  auto with = [](std::vector<std::string> a, const std::string& v) {
    a.push_back(v);
    return a;
  };
  for (const Case& c : std::vector<Case>{
           {with(report, "18446744073709551615"), "--percent phải là một số nguyên từ 0 đến 100"},
           {with(report, "18446744073709551666"), "--percent phải là một số nguyên từ 0 đến 100"},
           {with(report, "-1"), "--percent phải là một số nguyên từ 0 đến 100"},
           {with(report, "50abc"), "--percent phải là một số nguyên từ 0 đến 100"},
           {{"node", "sync", "--db", db, "--watch", "4294967297"}, "--watch phải là một số nguyên từ 1 đến 86400"},
           {{"node", "sync", "--db", db, "--watch", "0"}, "--watch phải là một số nguyên từ 1 đến 86400"},
           {{"node", "conflicts", "--db", db, "--resolve", "18446744073709551617", "--keep", "mine"},
            "--resolve phải là một số nguyên từ 1 đến"},
           {{"server", "run", "--db", db, "--listen", "127.0.0.1:4294967297"},
            "cổng trong --listen phải là một số nguyên từ 0 đến 65535"},
           {{"site", "serve", "--db", db, "--listen", "127.0.0.1:80x"},
            "cổng trong --listen phải là một số nguyên từ 0 đến 65535"},
       }) {
    auto args = c.args;
    args.insert(args.begin(), kBin);
    auto r = run(args, "", 20);
    CAPTURE(args[3]);
    CAPTURE(r.err);
    CHECK(r.exit_code == 1);
    CHECK(lines(r.err) == 1);
    CHECK(has(r.err, c.says));
  }
  auto store = open_store(db);
  CHECK(*store->count("progress") == 0);
}

TEST_CASE("a clerk edits a nomination, and resubmits it once the province rejected it") {
  TempDir dir;
  const std::string db = dir.file("dong-van.db");
  make_node_db(db, "dong-van", "district");
  write_file(dir.path() / "thanh-tich.md", "Mười năm dạy chữ.\n");
  write_file(dir.path() / "bo-sung.md", "Mười năm dạy chữ, có minh chứng.\n");
  auto nominate = node({"nominate", "--db", db, "--nominee", "Chị Lò Thị Mai", "--kind", "individual",
                        "--award", "Giấy khen", "--achievement-file", dir.file("thanh-tich.md"), "--json"});
  REQUIRE_MESSAGE(nominate.exit_code == 0, nominate.err);
  const std::string id = nlohmann::json::parse(nominate.out)["id"];

  auto edit = node({"nomination", "edit", "--db", db, "--id", id, "--award", "Bằng khen của Chủ tịch UBND tỉnh",
                    "--achievement-file", dir.file("bo-sung.md")});
  REQUIRE_MESSAGE(edit.exit_code == 0, edit.err);
  CHECK(has(edit.out, "Đã sửa hồ sơ đề nghị " + id));
  auto early = node({"nomination", "resubmit", "--db", db, "--id", id});
  CHECK(early.exit_code != 0);
  CHECK(has(early.err, "chỉ gửi lại được hồ sơ bị trả lại"));
  auto nothing = node({"nomination", "edit", "--db", db, "--id", id});
  CHECK(nothing.exit_code != 0);
  CHECK(has(nothing.err, "không có gì để sửa"));

  {
    auto store = open_store(db);
    REQUIRE(store->write("nominations", {{"id", id}, {"status", std::string("rejected")}}).is_ok());
  }
  auto resubmit = node({"nomination", "resubmit", "--db", db, "--id", id});
  REQUIRE_MESSAGE(resubmit.exit_code == 0, resubmit.err);
  CHECK(has(resubmit.out, "Đã gửi lại hồ sơ đề nghị " + id));
  auto store = open_store(db);
  auto row = store->get("nominations", id);
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  CHECK(std::get<std::string>((**row).at("status")) == "submitted");
  CHECK(std::get<std::string>((**row).at("award")) == "Bằng khen của Chủ tịch UBND tỉnh");
  CHECK(std::get<std::string>((**row).at("achievement_md")) == "Mười năm dạy chữ, có minh chứng.\n");
}

// Issue 13: done below 100 % is refused at entry; a note is public only as
// the province publishes it.
TEST_CASE("node report refuses done below 100 and node progress publish-note publishes a unit's note") {
  TempDir dir;
  const std::string district = dir.file("dong-van.db"), province = dir.file("tinh.db");
  make_node_db(district, "dong-van", "district");
  make_node_db(province, "ubnd-tinh", "province");
  auto help = node({"progress", "publish-note", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(has(help.out, "--text"));
  CHECK(has(help.out, "công bố ghi chú"));
  auto partial = node({"report", "--db", district, "--task", "2021-q1-01", "--status", "done", "--percent", "80"});
  CHECK(partial.exit_code == 1);
  CHECK(lines(partial.err) == 1);
  CHECK(has(partial.err, "tỷ lệ hoàn thành phải là 100"));
  REQUIRE(node({"report", "--db", district, "--task", "2021-q1-01", "--status", "in_progress", "--percent", "80",
                "--note", "Đã họp ở 19 xã"})
              .exit_code == 0);
  carry(district, province);

  auto refused = node({"progress", "publish-note", "--db", district, "--id", "2021-q1-01:dong-van"});
  CHECK(refused.exit_code == 1);
  CHECK(has(refused.err, "chỉ cấp tỉnh"));
  auto published = node({"progress", "publish-note", "--db", province, "--id", "2021-q1-01:dong-van"});
  REQUIRE_MESSAGE(published.exit_code == 0, published.err);
  CHECK(has(published.out, "Đã công bố ghi chú: 2021-q1-01:dong-van"));
  auto corrected = node({"progress", "publish-note", "--db", province, "--id", "2021-q1-01:dong-van", "--text",
                         "Đã họp ở **19 xã**."});
  REQUIRE_MESSAGE(corrected.exit_code == 0, corrected.err);
  auto missing = node({"progress", "publish-note", "--db", province, "--id", "2021-q1-01:meo-vac"});
  CHECK(missing.exit_code == 1);
  CHECK(has(missing.err, "không có báo cáo tiến độ 2021-q1-01:meo-vac"));
  auto store = open_store(province);
  auto row = store->get("progress", "2021-q1-01:dong-van");
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  CHECK(std::get<std::string>((**row).at("public_note_md")) == "Đã họp ở **19 xã**.");
  CHECK(std::get<std::string>((**row).at("note_md")) == "Đã họp ở 19 xã");
}

TEST_CASE("issue 13: the commendation cycle from the command line, nomination to the centre's decision") {
  TempDir dir;
  const std::string db = dir.file("dong-van.db");
  make_node_db(db, "dong-van", "district");
  write_file(dir.path() / "thanh-tich.md", "Ba năm liền hoàn thành xuất sắc.\n");
  auto wrong = node({"nominate", "--db", db, "--nominee", "Công ty Chè", "--kind", "business", "--award-kind",
                     "chien-si-thi-dua-toan-quoc", "--achievement-file", dir.file("thanh-tich.md")});
  CHECK(wrong.exit_code == 1);
  CHECK(has(wrong.err, "chỉ dành cho: individual"));
  auto nominate = node({"nominate", "--db", db, "--nominee", "Lò Thị Hoa", "--kind", "individual", "--award-kind",
                        "huan-chuong-lao-dong-hang-ba", "--achievement-file", dir.file("thanh-tich.md"), "--json"});
  REQUIRE_MESSAGE(nominate.exit_code == 0, nominate.err);
  const std::string id = nlohmann::json::parse(nominate.out)["id"];
  auto district_step = node({"nomination", "appraise", "--db", db, "--id", id, "--note", "Đủ"});
  CHECK(district_step.exit_code == 1);
  CHECK(has(district_step.err, "chỉ cấp tỉnh được thẩm định hồ sơ"));

  const std::string province = dir.file("tinh.db");
  make_node_db(province, "ban-tdkt", "province");
  carry(db, province);
  auto session = node({"session", "add", "--db", province, "--year", "2021", "--quarter", "2", "--title",
                       "Phiên họp Hội đồng TĐKT tỉnh Quý II/2021", "--place", "Hà Giang", "--json"});
  REQUIRE_MESSAGE(session.exit_code == 0, session.err);
  const std::string session_id = nlohmann::json::parse(session.out)["id"];
  auto early = node({"nomination", "decide", "--db", province, "--id", id, "--approve"});
  CHECK(early.exit_code == 1);
  CHECK(has(early.err, "đã gửi (submitted)"));

  auto ok = [](const RunResult& r) { REQUIRE_MESSAGE(r.exit_code == 0, r.err); };
  ok(node({"nomination", "appraise", "--db", province, "--id", id, "--note", "Đủ tiêu chuẩn", "--on", "2021-05-10"}));
  ok(node({"nomination", "schedule", "--db", province, "--id", id, "--session", session_id}));
  auto listed = node({"session", "list", "--db", province, "--year", "2021"});
  ok(listed);
  CHECK(has(listed.out, session_id + "  2021 quý 2  dự kiến  Phiên họp Hội đồng TĐKT tỉnh Quý II/2021 (Hà Giang)  1 hồ sơ"));
  ok(node({"session", "hold", "--db", province, "--id", session_id, "--held-on", "2021-06-25"}));
  auto both = node({"nomination", "decide", "--db", province, "--id", id, "--approve", "--reject"});
  CHECK(both.exit_code == 1);
  CHECK(has(both.err, "đúng một trong --approve hoặc --reject"));
  ok(node({"nomination", "decide", "--db", province, "--id", id, "--approve"}));
  auto province_decision = node({"nomination", "decision", "--db", province, "--id", id, "--decision-no", "1/QĐ-UBND",
                                 "--decided-on", "2021-06-30"});
  CHECK(province_decision.exit_code == 1);
  CHECK(has(province_decision.err, "trình Trung ương"));
  ok(node({"nomination", "forward", "--db", province, "--id", id, "--on", "2021-07-05"}));
  ok(node({"nomination", "centre", "--db", province, "--id", id, "--conferred", "--decision-no", "2011/QĐ-CTN",
           "--decided-on", "2021-11-20"}));
  auto store = open_store(province);
  auto row = store->get("nominations", id);
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  CHECK(std::get<std::string>((**row).at("status")) == "forwarded");
  CHECK(std::get<std::string>((**row).at("centre_result")) == "conferred");
  CHECK(std::get<std::string>((**row).at("signing_level")) == "chu-tich-nuoc");
  CHECK(std::get<std::string>((**row).at("session_id")) == session_id);
  for (std::vector<std::string> help : {std::vector<std::string>{"session", "--help"},
                                        {"nomination", "appraise", "--help"},
                                        {"nomination", "centre", "--help"}}) {
    CAPTURE(help[0]);
    CHECK(node(help).exit_code == 0);
  }
}

TEST_CASE("issue 13: a clerk attaches dossier documents and lists them; a file that is no document is refused") {
  TempDir dir;
  const std::string db = dir.file("dong-van.db");
  make_node_db(db, "dong-van", "district");
  write_file(dir.path() / "thanh-tich.md", "Mười năm dạy chữ.\n");
  write_file(dir.path() / "to-trinh.pdf", "%PDF-1.4\n(to trinh)\n%%EOF\n");
  write_file(dir.path() / "trang.html", "<html></html>");
  for (const char* sub : {"attach", "documents", "detach"}) {
    auto help = node({"nomination", sub, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(has(help.out, "hồ sơ"));
  }
  auto nominate = node({"nominate", "--db", db, "--nominee", "Chị Lò Thị Mai", "--kind", "individual",
                        "--award", "Giấy khen", "--achievement-file", dir.file("thanh-tich.md"), "--json"});
  REQUIRE_MESSAGE(nominate.exit_code == 0, nominate.err);
  const std::string id = nlohmann::json::parse(nominate.out)["id"];
  auto empty = node({"nomination", "documents", "--db", db, "--id", id});
  CHECK(has(empty.out, "chưa có tài liệu nào"));
  auto attach = node({"nomination", "attach", "--db", db, "--id", id, "--kind", "to-trinh", "--file",
                      dir.file("to-trinh.pdf")});
  REQUIRE_MESSAGE(attach.exit_code == 0, attach.err);
  CHECK(has(attach.out, "Đã đính kèm Tờ trình vào hồ sơ " + id));
  auto html = node({"nomination", "attach", "--db", db, "--id", id, "--kind", "khac", "--file", dir.file("trang.html")});
  CHECK(html.exit_code == 1);
  CHECK(lines(html.err) == 1);
  CHECK(has(html.err, "chỉ nhận tệp PDF, ảnh JPEG hoặc PNG"));
  auto missing = node({"nomination", "attach", "--db", db, "--id", id, "--kind", "khac", "--file", dir.file("khong-co.pdf")});
  CHECK(has(missing.err, "không tìm thấy tệp"));
  auto list = node({"nomination", "documents", "--db", db, "--id", id});
  REQUIRE_MESSAGE(list.exit_code == 0, list.err);
  CHECK(has(list.out, "1. Tờ trình: to-trinh.pdf (26 byte) mã "));
  CHECK(lines(list.out) == 1);
}
