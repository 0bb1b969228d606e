// `thidua node ...` for nominations, progress notes and the commendation
// cycle (issues 12, 13), run as a clerk runs it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/node_cli.h"
#include "tests/support/images.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

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
