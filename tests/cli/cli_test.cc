// The thidua command, run as a real process in temp folders.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBin = THIDUA_BIN;
const std::string kContent = std::string(THIDUA_SOURCE_DIR) + "/content";

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

// Copies the real content to `dir` so a test can break one thing.
void copy_content(const fs::path& dir) { fs::copy(kContent, dir, fs::copy_options::recursive); }

// Every file under `dir`, concatenated ("" when there is none).
std::string read_tree(const fs::path& dir) {
  std::string all;
  if (!fs::exists(dir)) return all;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) all += read_file(e.path());
  return all;
}

bool in_half_year(const nlohmann::json& day) {
  return day.is_string() && day.get<std::string>() >= "2021-01-01" &&
         day.get<std::string>() <= "2021-06-30";
}

// What the demo entered, counted from the central database's export by the
// plan's rule (a task is done when every unit the plan names for it has
// reported it done; overdue when not done and due before 30 June 2021), not
// by report/'s code; then the demo's printed figures, the report's and the
// site's commendation record must say the same, and none of them be zero.
void check_demo_half_year(const std::string& central, const std::string& demo_out,
                          const std::string& report, const fs::path& site) {
  auto exported = run({kBin, "export", "--db", central});
  REQUIRE(exported.exit_code == 0);
  const auto db = nlohmann::json::parse(exported.out);
  std::map<std::string, std::set<std::string>> named, done_by;
  for (const auto& l : db["task_units"])
    named[l["task_id"]].insert(l["unit_id"].get<std::string>());
  for (const auto& p : db["progress"]) {
    CAPTURE(p.dump());
    CHECK(named[p["task_id"]].count(p["unit_id"]) == 1);  // only units the plan names report
    CHECK(in_half_year(p["reported_on"]));
    if (p["status"] == "done") done_by[p["task_id"]].insert(p["unit_id"].get<std::string>());
  }
  int total = 0, done = 0, overdue = 0;
  for (const auto& t : db["tasks"]) {
    const int quarter = t["quarter"].get<int>();
    if (quarter > 2) continue;
    const std::string id = t["id"];
    ++total;
    const bool is_done =
        std::includes(done_by[id].begin(), done_by[id].end(), named[id].begin(), named[id].end());
    const std::string due = t["due"].is_string() ? t["due"].get<std::string>()
                            : quarter == 1       ? "2021-03-31"
                                                 : "2021-06-30";
    done += is_done;
    overdue += !is_done && due < "2021-06-30";
  }
  int stories = 0, sessions = 0, decided = 0, forwarded = 0;
  for (const auto& s : db["stories"])
    stories += s["status"] == "published" && in_half_year(s["published_on"]);
  for (const auto& c : db["council_sessions"])
    sessions += c["status"] == "held" && in_half_year(c["held_on"]);
  std::vector<std::string> awarded, refused;
  for (const auto& n : db["nominations"]) {
    CHECK(in_half_year(n["appraised_on"]));
    if (n["status"] == "approved" && n["decision_no"].is_string() &&
        in_half_year(n["decided_on"])) {
      ++decided;
      awarded.push_back(n["nominee"]);
    }
    forwarded += n["status"] == "forwarded" && in_half_year(n["forwarded_on"]);
    if (n["status"] == "rejected" && n["review_note"].is_string()) refused.push_back(n["nominee"]);
  }
  const int rejected = static_cast<int>(refused.size());
  for (int n : {total, done, overdue, stories, sessions, decided, forwarded, rejected})
    CHECK(n > 0);
  CHECK(done < total);
  const auto is = [](int n) { return std::to_string(n); };
  for (const std::string& said :
       {"30/06/2021: " + is(total) + " nhiệm vụ (" + is(done) + " hoàn thành, ",
        is(overdue) + " quá hạn), " + is(stories) + " bài điển hình, " + is(sessions) +
            " phiên họp Hội đồng, " + is(decided) + " khen thưởng đã có quyết định, " +
            is(forwarded) + " hồ sơ trình Trung ương"}) {
    CAPTURE(said);
    CHECK(demo_out.find(said) != std::string::npos);
  }
  CHECK(report.find("có " + is(total) + " nhiệm vụ: " + is(done) + " hoàn thành, ") !=
        std::string::npos);
  CHECK(report.find("; " + is(overdue) + " nhiệm vụ quá hạn (tính đến ngày 30/06/2021)") !=
        std::string::npos);
  const std::string record = read_tree(site / "khen-thuong");
  for (const auto& name : awarded) {
    CAPTURE(name);
    CHECK(report.find(name) != std::string::npos);
    CHECK(record.find(name) != std::string::npos);
  }
  for (const auto& name : refused) {
    CAPTURE(name);
    CHECK(record.find(name) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("every command has --help") {
  for (std::vector<std::string> args : {std::vector<std::string>{"--help"},
                                        {"server", "--help"},
                                        {"server", "init", "--help"},
                                        {"export", "--help"},
                                        {"demo", "--help"}}) {
    args.insert(args.begin(), kBin);
    auto r = run(args);
    CAPTURE(args[1]);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("--help") != std::string::npos);
  }
  auto r = run({kBin, "server", "init", "--help"});
  CHECK(r.out.find("Tạo cơ sở dữ liệu trung tâm") != std::string::npos);
}

TEST_CASE("server init then export shows all 38 tasks with their units") {
  TempDir dir;
  auto init = run({kBin, "server", "init", "--db", dir.file("central.db"), "--content", kContent});
  REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  CHECK(init.out.find("38 nhiệm vụ") != std::string::npos);
  CHECK(init.err.empty());

  auto exp = run({kBin, "export", "--db", dir.file("central.db")});
  REQUIRE_MESSAGE(exp.exit_code == 0, exp.err);
  auto json = nlohmann::json::parse(exp.out);
  CHECK(json["tasks"].size() == 38);
  CHECK(json["units"].size() == 22);
  std::map<std::string, int> per_task;
  for (const auto& tu : json["task_units"]) per_task[tu["task_id"].get<std::string>()]++;
  CHECK(per_task.size() == 38);
  int per_quarter[5] = {};
  for (const auto& t : json["tasks"]) {
    per_quarter[t["quarter"].get<int>()]++;
    CHECK(per_task[t["id"].get<std::string>()] >= 1);
  }
  CHECK(per_quarter[1] == 10);
  CHECK(per_quarter[2] == 9);
  CHECK(per_quarter[3] == 10);
  CHECK(per_quarter[4] == 9);
  CHECK(json["plans"][0]["title"] == "Kế hoạch triển khai công tác thi đua, khen thưởng năm 2021");

  // Deterministic byte for byte, to stdout or to a file.
  auto again = run({kBin, "export", "--db", dir.file("central.db"), "--out", dir.file("x.json")});
  CHECK(again.exit_code == 0);
  CHECK(read_file(dir.file("x.json")) == exp.out);
}

TEST_CASE("server init refuses to overwrite unless asked, in Vietnamese (issue 11: it was English)") {
  TempDir dir;
  REQUIRE(run({kBin, "server", "init", "--db", dir.file("c.db"), "--content", kContent}).exit_code == 0);
  auto r = run({kBin, "server", "init", "--db", dir.file("c.db"), "--content", kContent});
  CHECK(r.exit_code != 0);
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(r.err.find("c.db đã tồn tại; thêm --force") != std::string::npos);
  CHECK(r.err.find("already exists") == std::string::npos);
  auto forced = run({kBin, "server", "init", "--db", dir.file("c.db"), "--content", kContent, "--force"});
  CHECK(forced.exit_code == 0);
}

TEST_CASE("bad content stops with one line naming the file and writes nothing") {
  TempDir dir;
  copy_content(dir.path() / "content");
  auto plan = dir.path() / "content/plans/2021.json";
  std::string text = read_file(plan.string());
  auto at = text.find("\"quarter\": 3");
  REQUIRE(at != std::string::npos);
  text.replace(at, 12, "\"quarter\": 7");
  write_file(plan, text);
  auto r = run({kBin, "server", "init", "--db", dir.file("c.db"), "--content", dir.file("content")});
  CHECK(r.exit_code != 0);
  CHECK(lines(r.err) == 1);
  CHECK(r.err.find("2021.json") != std::string::npos);
  CHECK(r.err.find("quarter") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("c.db")));
}

TEST_CASE("failures are one clear line and a non-zero exit") {
  TempDir dir;
  auto missing = run({kBin, "export", "--db", dir.file("nothing.db")});
  CHECK(missing.exit_code != 0);
  CHECK(lines(missing.err) == 1);
  CHECK(missing.err.find("nothing.db") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("nothing.db")));

  auto no_content = run({kBin, "server", "init", "--db", dir.file("c.db"), "--content", dir.file("nope")});
  CHECK(no_content.exit_code != 0);
  CHECK(lines(no_content.err) == 1);

  auto usage = run({kBin, "server", "init"});
  CHECK(usage.exit_code != 0);
  CHECK(usage.err.find("--db") != std::string::npos);

  write_file(dir.path() / "junk.db", std::string(2048, 'j'));
  auto junk = run({kBin, "export", "--db", dir.file("junk.db")});
  CHECK(junk.exit_code != 0);
  CHECK(lines(junk.err) == 1);
}

TEST_CASE("demo creates the central database and prints the plan at a glance") {
  TempDir dir;
  // The whole demo under the sanitizers of a slow machine: more than run()'s usual minute.
  auto r = run({kBin, "demo", "--dir", dir.file("demo"), "--content", kContent, "--site", dir.file("site")},
               "", 600);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(fs::exists(dir.file("demo/central.db")));
  for (const char* line :
       {"Quý I: 10 nhiệm vụ", "Quý II: 9 nhiệm vụ", "Quý III: 10 nhiệm vụ", "Quý IV: 9 nhiệm vụ",
        "Huyện, thành phố (11)", "Đồng Văn",
        // the withdrawn story leaves the others' machines, and comes back
        "xoá 1 bài bị gỡ", "sau khi gỡ: Đồng Văn giữ 2 bài", "đăng lại: Đồng Văn lại giữ 3 bài",
        // issue 11: a replaced PC's new copy gets the district's own work
        "máy mới nhận 2/2 hồ sơ đề nghị khen thưởng và 1/1 bài của Đồng Văn", "tải về 1 ảnh",
        "máy cũ đồng bộ lại: bị từ chối"}) {
    CAPTURE(line);
    CHECK(r.out.find(line) != std::string::npos);
  }
  // Issue 13: it ends with the six-month report, written into the demo's folder.
  const std::string report_line = "Dự thảo báo cáo sơ kết 6 tháng (in ra khổ A4 từ trình duyệt): ";
  const auto at = r.out.find(report_line);
  REQUIRE(at != std::string::npos);
  const std::string report = r.out.substr(at + report_line.size(), r.out.find('\n', at) - at - report_line.size());
  CHECK(fs::path(report) == fs::absolute(dir.file("demo/bao-cao-so-ket-6-thang-2021.html")).lexically_normal());
  CHECK(read_file(report).find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") != std::string::npos);
  check_demo_half_year(dir.file("demo/central.db"), r.out, read_file(report), dir.path() / "site");
  // Running it again starts afresh.
  CHECK(run({kBin, "demo", "--dir", dir.file("demo"), "--content", kContent, "--site",
             dir.file("site")})
            .exit_code == 0);
}

TEST_CASE("issue 11: add-node checks the role against the unit's kind, in Vietnamese") {
  TempDir dir;
  const std::string db = dir.file("c.db");
  REQUIRE(run({kBin, "server", "init", "--db", db, "--content", kContent}).exit_code == 0);
  auto add = [&](const std::string& unit, const std::string& role) {
    return run({kBin, "server", "add-node", "--db", db, "--unit", unit, "--role", role, "--json"});
  };
  auto province_as_district = add("ban-tdkt", "district");
  CHECK(province_as_district.exit_code == 1);
  CHECK(lines(province_as_district.err) == 1);
  CHECK(province_as_district.err.find("ban-tdkt là cơ quan cấp tỉnh; hãy dùng --role province") != std::string::npos);
  auto district_as_province = add("dong-van", "province");
  CHECK(district_as_province.exit_code == 1);
  CHECK(district_as_province.err.find("dong-van không phải cơ quan cấp tỉnh (loại district); hãy dùng --role district") !=
        std::string::npos);
  auto nodes = run({kBin, "server", "nodes", "--db", db, "--json"});
  REQUIRE(nodes.exit_code == 0);
  CHECK(nlohmann::json::parse(nodes.out).empty());  // nothing half-added

  CHECK(add("ban-tdkt", "province").exit_code == 0);
  CHECK(add("dong-van", "district").exit_code == 0);
  CHECK(add("so-noi-vu", "district").exit_code == 0);  // a department reports its own tasks
}

TEST_CASE("issue 11: a command typed wrong is one Vietnamese line, and --help has Vietnamese headings") {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {{"server", "init"}, "thidua: lỗi: thiếu --db (bắt buộc) (xem --help)"},
           {{"node"}, "thidua: lỗi: thiếu lệnh con (xem --help)"},
           {{"node", "sync", "--db"}, "thidua: lỗi: thiếu giá trị sau --db (xem --help)"},
           {{"node", "status", "--db", "x.db", "--bogus"}, "thidua: lỗi: không hiểu tham số: --bogus (xem --help)"},
           {{"server", "add-node", "--db", "x.db", "--unit", "dong-van", "--role", "huyen"},
            "thidua: lỗi: giá trị không hợp lệ: --role: huyen không thuộc {district,province} (xem --help)"},
       }) {
    std::vector<std::string> args = c.args;
    args.insert(args.begin(), kBin);
    auto r = run(args);
    CAPTURE(r.err);
    CHECK(r.exit_code != 0);
    CHECK(r.err == c.says + "\n");
  }
  auto help = run({kBin, "node", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* english : {"Usage", "Options", "Subcommands", "REQUIRED", "Print this help message"}) {
    CAPTURE(english);
    CHECK(help.out.find(english) == std::string::npos);
  }
  CHECK(help.out.find("Cách dùng: ") != std::string::npos);
  CHECK(help.out.find("Lệnh con:") != std::string::npos);
  CHECK(run({kBin, "server", "init", "--help"}).out.find("--db TEXT BẮT BUỘC") != std::string::npos);
}
