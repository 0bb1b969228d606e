// `thidua report` as the board runs it: the real binary on the full-year
// fixture; read only (the file is not changed, nothing migrated); the
// format from the extension or --format; pandoc missing from PATH.
#include <doctest/doctest.h>

#include <filesystem>

#include "tests/report/fixture.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua::testing;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("thidua report: each format, read only") {
  TempDir dir;
  const std::string db = dir.file("central.db");
  make_full_year(db, THIDUA_SOURCE_DIR "/content");
  const std::string before = read_file(db);
  auto html = run({THIDUA_BIN, "report", "--db", db, "--kind", "so-ket-6-thang", "--year", "2021", "--today",
                   "2021-07-05", "--out", dir.file("bc.html")});
  REQUIRE_MESSAGE(html.exit_code == 0, html.err);
  CHECK(has(html.out, "Đã viết dự thảo báo cáo vào "));
  CHECK(has(html.out, "19 nhiệm vụ (4 hoàn thành, 15 quá hạn), 3 bài điển hình, 3 khen thưởng đã có quyết định."));
  CHECK(has(read_file(dir.file("bc.html")), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  auto xlsx = run({THIDUA_BIN, "report", "--db", db, "--kind", "tong-ket-nam", "--year", "2021", "--out",
                   dir.file("bc.bang"), "--format", "xlsx"});
  REQUIRE_MESSAGE(xlsx.exit_code == 0, xlsx.err);
  CHECK(read_file(dir.file("bc.bang")).rfind("PK", 0) == 0);
  auto docx = run({THIDUA_BIN, "report", "--db", db, "--kind", "bao-cao-9-thang", "--year", "2021", "--out",
                   dir.file("bc.docx")});
  REQUIRE_MESSAGE(docx.exit_code == 0, docx.err);
  CHECK(read_file(dir.file("bc.docx")).rfind("PK", 0) == 0);
  CHECK(read_file(db) == before);
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    CHECK_FALSE_MESSAGE(has(e.path().filename().string(), ".bak-v"), e.path().string());
}

TEST_CASE("thidua report: refusals say what to do, and write nothing") {
  TempDir dir;
  const std::string db = dir.file("central.db");
  make_full_year(db, THIDUA_SOURCE_DIR "/content");
  auto bad_kind = run({THIDUA_BIN, "report", "--db", db, "--kind", "quy", "--year", "2021", "--out", dir.file("a.html")});
  CHECK(bad_kind.exit_code == 1);
  CHECK(has(bad_kind.err, "so-ket-6-thang, bao-cao-9-thang hoặc tong-ket-nam"));
  auto no_ext = run({THIDUA_BIN, "report", "--db", db, "--kind", "tong-ket-nam", "--year", "2021", "--out", dir.file("a")});
  CHECK(no_ext.exit_code == 1);
  CHECK(has(no_ext.err, "--format"));
  auto no_plan = run({THIDUA_BIN, "report", "--db", db, "--kind", "tong-ket-nam", "--year", "2020", "--out",
                      dir.file("a.html")});
  CHECK(no_plan.exit_code == 1);
  CHECK(has(no_plan.err, "không có kế hoạch năm 2020"));
  // pandoc not on PATH: the Vietnamese sentence, exit 1, no file.
  auto no_pandoc = run({"/usr/bin/env", "PATH=" + dir.path().string(), THIDUA_BIN, "report", "--db", db, "--kind",
                        "so-ket-6-thang", "--year", "2021", "--out", dir.file("a.docx")});
  CHECK(no_pandoc.exit_code == 1);
  CHECK(has(no_pandoc.err, "sudo apt install pandoc"));
  CHECK_FALSE(std::filesystem::exists(dir.file("a.docx")));
  CHECK_FALSE(std::filesystem::exists(dir.file("a.html")));
  CHECK_FALSE(std::filesystem::exists(dir.file("a")));
}
