// Loading the plan's content files. Over 400 lines: the bad-content case is
// one table of ~40 broken files, each with the message a clerk sees.
#include "plan/loader.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace thidua {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

const std::string kContent = THIDUA_SOURCE_DIR "/content";

const Task* find_task(const Plan& plan, const std::string& id) {
  for (const auto& t : plan.tasks)
    if (t.id == id) return &t;
  return nullptr;
}

TEST_CASE("the real content loads") {
  auto loaded = load_content(kContent);
  REQUIRE_MESSAGE(loaded.is_ok(), loaded.status().message());
  const Content& c = *loaded;

  CHECK(c.units.size() == 22);
  CHECK(std::count_if(c.units.begin(), c.units.end(), [](const Unit& u) { return u.kind == "district"; }) == 11);
  std::set<std::string> unit_ids;
  for (const auto& u : c.units) unit_ids.insert(u.id);
  CHECK(unit_ids.size() == c.units.size());
  CHECK(c.units.front().id == "ubnd-tinh");  // file order is kept

  REQUIRE(c.plans.size() == 1);
  const Plan& plan = c.plans[0];
  CHECK(plan.id == "2021");
  CHECK(plan.year == 2021);
  CHECK(plan.issuer == "ubnd-tinh");
  CHECK_FALSE(plan.issued_on.has_value());
  CHECK(plan.title == "Kế hoạch triển khai công tác thi đua, khen thưởng năm 2021");
  CHECK(plan.tasks.size() == 38);

  std::map<int, int> per_quarter;
  const std::map<int, std::string> due_of = {
      {1, "2021-03-31"}, {2, "2021-06-30"}, {3, "2021-09-30"}, {4, "2021-12-31"}};
  for (const auto& t : plan.tasks) {
    CAPTURE(t.id);
    ++per_quarter[t.quarter];
    CHECK(t.due == due_of.at(t.quarter));
    CHECK_FALSE(t.units.empty());
    for (const auto& u : t.units) CHECK(unit_ids.count(u) == 1);
  }
  CHECK(per_quarter == std::map<int, int>{{1, 10}, {2, 9}, {3, 10}, {4, 9}});

  const Task* q2_01 = find_task(plan, "2021-q2-01");
  REQUIRE(q2_01);
  CHECK(q2_01->quarter == 2);
  CHECK(q2_01->ordinal == 1);
  CHECK(q2_01->units == std::vector<std::string>{"ubnd-tinh", "hoi-dong-tdkt", "so-noi-vu", "ban-tdkt"});

  const Task* q1_01 = find_task(plan, "2021-q1-01");
  REQUIRE(q1_01);
  CHECK(q1_01->content.rfind("Triển khai thực hiện Chương trình số 273/CTr-UBND", 0) == 0);

  CHECK_FALSE(plan.intro_md.empty());
  CHECK_FALSE(plan.purpose_md.empty());
  CHECK_FALSE(plan.requirements_md.empty());
  CHECK_FALSE(plan.organisation_md.empty());
  CHECK(plan.intro_md.rfind("Căn cứ Luật Thi đua, Khen thưởng", 0) == 0);

  // The kinds of award the plan names (issue 13), in file order.
  REQUIRE(c.award_kinds.size() == 11);
  CHECK(c.award_kinds[0].id == "bang-khen-chu-tich-ubnd-tinh");
  CHECK(c.award_kinds[0].level == "province");
  CHECK(c.award_kinds[0].signer == "chu-tich-ubnd-tinh");
  CHECK(c.award_kinds[0].nominee_kinds.size() == 4);
  const AwardKind& medal = c.award_kinds.back();
  CHECK(medal.id == "huan-chuong-lao-dong-hang-ba");
  CHECK(medal.name == "Huân chương Lao động hạng Ba");
  CHECK(medal.level == "state");
  CHECK(medal.signer == "chu-tich-nuoc");
  CHECK(medal.ordinal == 11);
  int state_level = 0;
  for (const auto& a : c.award_kinds) state_level += a.level == "state" ? 1 : 0;
  CHECK(state_level == 4);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Replaces the first `from` in `file` by `to`; the case is wrong if absent.
void replace_once(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = read_text(file);
  auto p = text.find(from);
  REQUIRE_MESSAGE(p != std::string::npos, "not in " << file << ": " << from);
  text.replace(p, from.size(), to);
  write_file(file, text);
}

// A copy of the real content folder, to break one thing in.
struct ContentCopy {
  TempDir dir;
  fs::path root = dir.path() / "content";
  ContentCopy() { fs::copy(kContent, root, fs::copy_options::recursive); }
  fs::path plan() const { return root / "plans" / "2021.json"; }
  fs::path units() const { return root / "units" / "ha-giang.json"; }
};

// Every regular file under `root`, by its path relative to it, for the
// in-memory load_content.
std::map<std::string, std::string> files_under(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    files[fs::relative(e.path(), root).generic_string()].assign(std::istreambuf_iterator<char>(in), {});
  }
  return files;
}

bool has_empty_folder(const fs::path& root) {
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_directory() && fs::is_empty(e.path())) return true;
  }
  return false;
}

struct BadCase {
  std::string name;
  std::function<void(const ContentCopy&)> mutate;
  std::string file;       // relative to the content folder
  std::string place;      // "" when the problem is the file or folder itself
  std::string complaint;  // a part of what the message says is wrong
  Status::Code code = Status::Code::kInvalid;
};

void plan_edit(const ContentCopy& c, const std::string& from, const std::string& to) {
  replace_once(c.plan(), from, to);
}

void awards_edit(const ContentCopy& c, const std::string& from, const std::string& to) {
  replace_once(c.root / "awards.json", from, to);
}

TEST_CASE("bad content is refused with the file, the place and the problem") {
  using Code = Status::Code;
  const std::vector<BadCase> cases = {
      {"unknown unit in a task",
       [](const ContentCopy& c) { plan_edit(c, "\"ban-tdkt\"", "\"so-noi-vuu\""); },
       "plans/2021.json", "tasks[0].units[1]", "unknown unit \"so-noi-vuu\""},
      {"duplicate task id",
       [](const ContentCopy& c) { plan_edit(c, "\"id\": \"2021-q1-07\"", "\"id\": \"2021-q1-06\""); },
       "plans/2021.json", "tasks[6].id", "duplicate task id \"2021-q1-06\" (first at tasks[5])"},
      {"quarter 0",
       [](const ContentCopy& c) { plan_edit(c, "\"quarter\": 1,", "\"quarter\": 0,"); },
       "plans/2021.json", "tasks[0].quarter", "0 is not a quarter (1–4)"},
      {"quarter 5",
       [](const ContentCopy& c) { plan_edit(c, "\"quarter\": 4,", "\"quarter\": 5,"); },
       "plans/2021.json", "tasks[29].quarter", "5 is not a quarter (1–4)"},
      {"ordinal 0",
       [](const ContentCopy& c) { plan_edit(c, "\"ordinal\": 1,", "\"ordinal\": 0,"); },
       "plans/2021.json", "tasks[0].ordinal", "0 is not a position"},
      {"repeated (quarter, ordinal)",
       [](const ContentCopy& c) { plan_edit(c, "\"ordinal\": 2,", "\"ordinal\": 1,"); },
       "plans/2021.json", "tasks[1].ordinal", "quarter 1 already has ordinal 1 (tasks[0])"},
      {"missing field",
       [](const ContentCopy& c) { plan_edit(c, "\"ordinal\": 1,", ""); },
       "plans/2021.json", "tasks[0]", "missing \"ordinal\""},
      {"missing top-level field",
       [](const ContentCopy& c) { plan_edit(c, "\"year\": 2021,", ""); },
       "plans/2021.json", "", "missing \"year\""},
      {"text where a number belongs",
       [](const ContentCopy& c) { plan_edit(c, "\"ordinal\": 1,", "\"ordinal\": \"1\","); },
       "plans/2021.json", "tasks[0].ordinal", "expected a whole number, found \"1\""},
      {"fraction where a whole number belongs",
       [](const ContentCopy& c) { plan_edit(c, "\"ordinal\": 1,", "\"ordinal\": 1.5,"); },
       "plans/2021.json", "tasks[0].ordinal", "expected a whole number, found 1.5"},
      {"number where text belongs",
       [](const ContentCopy& c) { plan_edit(c, "\"id\": \"2021-q1-01\"", "\"id\": 202101"); },
       "plans/2021.json", "tasks[0].id", "expected text, found a number"},
      {"unknown task key (a typo)",
       [](const ContentCopy& c) { plan_edit(c, "\"units\": [", "\"unit\": ["); },
       "plans/2021.json", "tasks[0]", "unknown key \"unit\"; did you mean \"units\"?"},
      {"unknown top-level key",
       [](const ContentCopy& c) { plan_edit(c, "\"year\": 2021,", "\"year\": 2021, \"author\": \"x\","); },
       "plans/2021.json", "", "unknown key \"author\""},
      {"duplicate key",
       [](const ContentCopy& c) { plan_edit(c, "\"quarter\": 1,", "\"quarter\": 1, \"quarter\": 2,"); },
       "plans/2021.json", "tasks[0]", "duplicate key \"quarter\""},
      {"impossible date",
       [](const ContentCopy& c) { plan_edit(c, "\"issued_on\": null", "\"issued_on\": \"2021-02-29\""); },
       "plans/2021.json", "issued_on", "\"2021-02-29\" is not a date (YYYY-MM-DD)"},
      {"badly written due date",
       [](const ContentCopy& c) { plan_edit(c, "\"ordinal\": 1,", "\"ordinal\": 1, \"due\": \"31/03/2021\","); },
       "plans/2021.json", "tasks[0].due", "\"31/03/2021\" is not a date"},
      {"empty content",
       [](const ContentCopy& c) {
         std::string text = read_text(c.plan());
         auto from = text.find("\"content\": \"") + 12;
         text.erase(from, text.find('"', from) - from);
         write_file(c.plan(), text);
       },
       "plans/2021.json", "tasks[0].content", "must not be empty"},
      {"empty title",
       [](const ContentCopy& c) {
         plan_edit(c, "\"title\": \"Kế hoạch triển khai công tác thi đua, khen thưởng năm 2021\"", "\"title\": \"\"");
       },
       "plans/2021.json", "title", "must not be empty"},
      {"unknown issuer",
       [](const ContentCopy& c) { plan_edit(c, "\"issuer\": \"ubnd-tinh\"", "\"issuer\": \"ubnd\""); },
       "plans/2021.json", "issuer", "unknown unit \"ubnd\""},
      {"task id not a slug",
       [](const ContentCopy& c) { plan_edit(c, "\"id\": \"2021-q1-01\"", "\"id\": \"2021 Q1 01\""); },
       "plans/2021.json", "tasks[0].id", "\"2021 Q1 01\" is not a slug"},
      {"missing section file",
       [](const ContentCopy& c) { fs::remove(c.root / "plans" / "2021" / "yeu-cau.md"); },
       "plans/2021.json", "sections.requirements", "no such file", Code::kNotFound},
      {"section file not UTF-8",
       [](const ContentCopy& c) { write_file(c.root / "plans" / "2021" / "muc-dich.md", "M\xE1\xBB\xA5" "c \xE9"); },
       "plans/2021.json", "sections.purpose", "not valid UTF-8"},
      {"unit id not a slug",
       [](const ContentCopy& c) { replace_once(c.units(), "\"id\": \"dong-van\"", "\"id\": \"Đồng Văn\""); },
       "units/ha-giang.json", "units[14].id", "\"Đồng Văn\" is not a slug"},
      {"empty unit name",
       [](const ContentCopy& c) { replace_once(c.units(), "\"name\": \"Huyện Đồng Văn\"", "\"name\": \"\""); },
       "units/ha-giang.json", "units[14].name", "must not be empty"},
      {"duplicate unit id across two files",
       [](const ContentCopy& c) {
         write_file(c.root / "units" / "zz-extra.json",
                    R"({"units": [{"id": "dong-van", "name": "Huyện Đồng Văn", "short_name": "Đồng Văn",
                                   "kind": "district", "parent": null}]})");
       },
       "units/zz-extra.json", "units[0].id", "duplicate unit id \"dong-van\" (first at "},
      {"unknown parent",
       [](const ContentCopy& c) { replace_once(c.units(), "\"parent\": \"so-noi-vu\"", "\"parent\": \"so-noi-vuu\""); },
       "units/ha-giang.json", "units[3].parent", "unknown unit \"so-noi-vuu\""},
      {"parent cycle",
       [](const ContentCopy& c) {
         // so-noi-vu is the first department; ban-tdkt (units[3]) has it as parent.
         replace_once(c.units(), "\"kind\": \"department\",\n      \"parent\": null",
                      "\"kind\": \"department\",\n      \"parent\": \"ban-tdkt\"");
       },
       "units/ha-giang.json", "units[3].parent", "parent cycle \"ban-tdkt\" -> \"so-noi-vu\" -> \"ban-tdkt\""},
      {"no plans folder",
       [](const ContentCopy& c) { fs::remove_all(c.root / "plans"); },
       "plans", "", "no such folder", Code::kNotFound},
      {"no units files",
       [](const ContentCopy& c) { fs::remove(c.units()); },
       "units", "", "no *.json files", Code::kInvalid},
      {"award kind id not a slug",
       [](const ContentCopy& c) { awards_edit(c, "\"id\": \"co-thi-dua-ubnd-tinh\"", "\"id\": \"Cờ thi đua\""); },
       "awards.json", "award_kinds[1].id", "\"Cờ thi đua\" is not a slug"},
      {"duplicate award kind id",
       [](const ContentCopy& c) { awards_edit(c, "\"id\": \"co-thi-dua-ubnd-tinh\"", "\"id\": \"bang-khen-chu-tich-ubnd-tinh\""); },
       "awards.json", "award_kinds[1].id", "duplicate award kind id \"bang-khen-chu-tich-ubnd-tinh\" (first at award_kinds[0])"},
      {"unknown level",
       [](const ContentCopy& c) { awards_edit(c, "\"level\": \"province\"", "\"level\": \"tinh\""); },
       "awards.json", "award_kinds[0].level", "\"tinh\" is not one of province, state"},
      {"signer that does not sign the level",
       [](const ContentCopy& c) { awards_edit(c, "\"signer\": \"thu-tuong\"", "\"signer\": \"chu-tich-ubnd-tinh\""); },
       "awards.json", "award_kinds[7].signer", "does not sign state-level awards"},
      {"unknown nominee kind",
       [](const ContentCopy& c) { awards_edit(c, "[\"collective\", \"business\"]", "[\"collective\", \"company\"]"); },
       "awards.json", "award_kinds[1].nominee_kinds[1]", "\"company\" is not one of individual, collective"},
      {"nominee kind listed twice",
       [](const ContentCopy& c) { awards_edit(c, "[\"collective\", \"business\"]", "[\"collective\", \"collective\"]"); },
       "awards.json", "award_kinds[1].nominee_kinds[1]", "already listed at nominee_kinds[0]"},
      {"no nominee kind",
       [](const ContentCopy& c) { awards_edit(c, "[\"collective\", \"business\"]", "[]"); },
       "awards.json", "award_kinds[1].nominee_kinds", "names no kind of nominee"},
      {"repeated award ordinal",
       [](const ContentCopy& c) { awards_edit(c, "\"ordinal\": 2", "\"ordinal\": 1"); },
       "awards.json", "award_kinds[1].ordinal", "ordinal 1 is already award_kinds[0]'s"},
      {"award kind key typo",
       [](const ContentCopy& c) { awards_edit(c, "\"signer\": \"thu-tuong\"", "\"signed\": \"thu-tuong\""); },
       "awards.json", "award_kinds[7]", "unknown key \"signed\"; did you mean \"signer\"?"},
  };

  for (const auto& bad : cases) {
    SUBCASE(bad.name.c_str()) {
      ContentCopy copy;
      bad.mutate(copy);
      auto loaded = load_content(copy.root.string());
      REQUIRE_FALSE(loaded.is_ok());
      const std::string& msg = loaded.status().message();
      CAPTURE(msg);
      std::string prefix = (copy.root / bad.file).string() + ": ";
      if (!bad.place.empty()) prefix += bad.place + ": ";
      CHECK(msg.rfind(prefix, 0) == 0);
      CHECK(msg.find(bad.complaint) != std::string::npos);
      CHECK(loaded.status().code() == bad.code);
      // The same files from memory (what the fuzzer loads) give the same
      // answer; an empty folder has no in-memory form.
      if (!has_empty_folder(copy.root)) {
        auto in_memory = load_content(copy.root.string(), files_under(copy.root));
        REQUIRE_FALSE(in_memory.is_ok());
        CHECK(in_memory.status().message() == msg);
        CHECK(in_memory.status().code() == bad.code);
      }
    }
  }
}

TEST_CASE("malformed JSON names the line and column") {
  ContentCopy copy;
  // Drop the comma after the first task's ordinal: the parser stumbles on
  // the next line, where "content" starts.
  std::string text = read_text(copy.plan());
  const std::string ordinal = "\"ordinal\": 1,";
  auto at = text.find(ordinal);
  REQUIRE(at != std::string::npos);
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  replace_once(copy.plan(), ordinal, "\"ordinal\": 1");

  auto loaded = load_content(copy.root.string());
  REQUIRE_FALSE(loaded.is_ok());
  const std::string& msg = loaded.status().message();
  CAPTURE(msg);
  CHECK(loaded.status().code() == Status::Code::kInvalid);
  std::string prefix = copy.plan().string() + ": line " + std::to_string(line + 1) + ", column ";
  CHECK(msg.rfind(prefix, 0) == 0);
  CHECK(msg.find("syntax error") != std::string::npos);
  CHECK(msg.find("[json.exception") == std::string::npos);
}

TEST_CASE("JSON columns count characters, not bytes") {
  ContentCopy copy;
  // "Đồng Văn" is 8 characters in 12 bytes; the stray '@' after it is
  // character 23 of its line (byte 27).
  write_file(copy.units(), "{\"units\": [\n  {\"name\": \"Đồng Văn\" @}\n]}\n");
  auto loaded = load_content(copy.root.string());
  REQUIRE_FALSE(loaded.is_ok());
  CAPTURE(loaded.status().message());
  CHECK(loaded.status().message().rfind(copy.units().string() + ": line 2, column 23: ", 0) == 0);
}

TEST_CASE("JSON text that is not UTF-8 is refused with a clean message") {
  ContentCopy copy;
  write_file(copy.units(), "{\"units\": [\n  {\"name\": \"\xC4\x90\xFF\"}\n]}\n");
  auto loaded = load_content(copy.root.string());
  REQUIRE_FALSE(loaded.is_ok());
  const std::string& msg = loaded.status().message();
  CAPTURE(msg);
  CHECK(msg.rfind(copy.units().string() + ": line 2, column ", 0) == 0);
  CHECK(msg.find("UTF-8") != std::string::npos);
  CHECK(msg.find('\xFF') == std::string::npos);
}

TEST_CASE("the real content loads the same from memory as from disk") {
  auto on_disk = load_content(kContent);
  auto in_memory = load_content(kContent, files_under(kContent));
  REQUIRE(on_disk.is_ok());
  REQUIRE_MESSAGE(in_memory.is_ok(), in_memory.status().message());
  CHECK(in_memory->units.size() == on_disk->units.size());
  REQUIRE(in_memory->plans.size() == 1);
  CHECK(in_memory->plans[0].tasks.size() == on_disk->plans[0].tasks.size());
  CHECK(in_memory->plans[0].organisation_md == on_disk->plans[0].organisation_md);
  // Nothing is read from disk: the folder named need not exist.
  auto elsewhere = load_content("/nowhere/content", files_under(kContent));
  CHECK(elsewhere.is_ok());
}

TEST_CASE("content without awards.json has no award kinds") {
  ContentCopy copy;
  fs::remove(copy.root / "awards.json");
  auto loaded = load_content(copy.root.string());
  REQUIRE_MESSAGE(loaded.is_ok(), loaded.status().message());
  CHECK(loaded->award_kinds.empty());
  CHECK(loaded->plans.size() == 1);
}

TEST_CASE("a missing content folder is not_found") {
  TempDir dir;
  auto loaded = load_content(dir.file("nowhere"));
  REQUIRE_FALSE(loaded.is_ok());
  CHECK(loaded.status().code() == Status::Code::kNotFound);
  CHECK(loaded.status().message().rfind(dir.file("nowhere") + ": ", 0) == 0);
}

TEST_CASE("plans and units from several files, read in name order") {
  ContentCopy copy;
  write_file(copy.root / "units" / "a-first.json",
             R"({"units": [{"id": "xa-lung-cu", "name": "Xã Lũng Cú", "short_name": "Lũng Cú",
                            "kind": "commune", "parent": "dong-van"}]})");
  write_file(copy.root / "plans" / "2020.json",
             R"({"id": "2020", "year": 2020, "title": "Kế hoạch năm 2020", "issuer": "ubnd-tinh",
                 "issued_on": "2020-01-15", "signed_by": "", "signer_title": "",
                 "sections": {"intro": "2021/gioi-thieu.md", "purpose": "2021/muc-dich.md",
                              "requirements": "2021/yeu-cau.md", "organisation": "2021/to-chuc-thuc-hien.md"},
                 "tasks": [{"id": "2020-q2-01", "quarter": 2, "ordinal": 1, "content": "Việc",
                            "units": ["xa-lung-cu"], "due": "2020-05-15"},
                           {"id": "2020-q3-01", "quarter": 3, "ordinal": 1, "content": "Việc khác",
                            "units": ["dong-van"]}]})");
  auto loaded = load_content(copy.root.string());
  REQUIRE_MESSAGE(loaded.is_ok(), loaded.status().message());
  // A child may come before its parent: parents are checked after all files.
  REQUIRE(loaded->units.size() == 23);
  CHECK(loaded->units[0].id == "xa-lung-cu");
  CHECK(loaded->units[0].parent == "dong-van");
  REQUIRE(loaded->plans.size() == 2);
  CHECK(loaded->plans[0].id == "2020");
  CHECK(loaded->plans[0].issued_on == "2020-01-15");
  CHECK(loaded->plans[0].tasks[0].due == "2020-05-15");
  CHECK(loaded->plans[0].tasks[1].due == "2020-09-30");
  CHECK(loaded->plans[1].id == "2021");

  // The same task id in another plan is refused, naming where it was first.
  replace_once(copy.root / "plans" / "2020.json", "\"2020-q3-01\"", "\"2021-q1-01\"");
  auto dup = load_content(copy.root.string());
  REQUIRE_FALSE(dup.is_ok());
  CHECK(dup.status().message() == copy.plan().string() + ": tasks[0].id: duplicate task id \"2021-q1-01\" (first at " +
                                      (copy.root / "plans" / "2020.json").string() + " tasks[1])");
}

}  // namespace
}  // namespace thidua
