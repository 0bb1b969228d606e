// The three writers on the full-year fixture: the HTML's layout, escaping
// and numbers; the .xlsx's cells against the model; the .docx opened with
// unzip; nothing left at --out when a writer fails.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <regex>

#include "report/html.h"
#include "report/write.h"
#include "tests/report/fixture.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::report;
using namespace thidua::testing;

namespace {

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

struct Fixture {
  TempDir dir;
  std::string db = dir.file("central.db");
  Fixture() { make_full_year(db, THIDUA_SOURCE_DIR "/content"); }
  Report build(Kind kind, const std::string& today = "2021-07-05") {
    OpenOptions o;
    o.create = false;
    o.read_only = true;
    auto store = Store::open(db, o);
    REQUIRE(store.is_ok());
    auto r = build_report(**store, kind, 2021, today);
    REQUIRE(r.is_ok());
    return *r;
  }
};

std::string count_cells(const std::string& label, const TaskCounts& c) {
  std::string row = "<td class=\"n\">" + label + "</td>";
  for (int n : {c.total, c.done, c.in_progress, c.blocked, c.not_started, c.overdue})
    row += "<td class=\"n\">" + std::to_string(n) + "</td>";
  return row;
}

std::string unzip(const std::string& zip, const std::string& member) {
  auto r = run({"unzip", "-p", zip, member});
  REQUIRE_MESSAGE(r.exit_code == 0, (zip + " " + member + ": " + r.err));
  return r.out;
}

// The numeric cells of a worksheet by reference ("B4" -> 19).
std::map<std::string, long long> numbers(const std::string& sheet_xml) {
  std::map<std::string, long long> out;
  static const std::regex cell(R"re(<c r="([A-Z]+[0-9]+)"([^>]*)><v>([0-9]+)</v></c>)re");
  for (std::sregex_iterator it(sheet_xml.begin(), sheet_xml.end(), cell), end; it != end; ++it)
    if ((*it)[2].str().find("t=\"s\"") == std::string::npos) out[(*it)[1]] = std::stoll((*it)[3]);
  return out;
}

// Temporary files a writer left in `dir` ("" when none).
std::string leftovers(const std::filesystem::path& dir) {
  std::string out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (has(name, ".tmp-") || has(name, ".html")) out += name + " ";
  }
  return out;
}

}  // namespace

TEST_CASE("report html: the administrative layout, A4, escaped, self-contained") {
  Fixture f;
  const Report r = f.build(Kind::kSixMonths);
  const std::string html = render_html(r);
  for (const char* s :
       {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG",
        "Số: …/BC-…", "Hà Giang, ngày … tháng … năm …", "<h1>BÁO CÁO</h1>",
        "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2021", "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA KẾ HOẠCH",
        "<h2>II. ", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2021", "DỰ THẢO",
        "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }", "\"Times New Roman\"", "font-size: 13pt",
        // The file read on a phone reflows its tables (i13-fixes): screen only.
        "@media screen and (max-width: 40rem)"}) {
    CHECK_MESSAGE(has(html, s), s);
  }
  // Escaped: the hostile nominee and story title come out as text.
  CHECK_FALSE(has(html, "<b>Sơn Hà</b>"));
  CHECK(has(html, "&lt;b&gt;Sơn Hà&lt;/b&gt;"));
  CHECK_FALSE(has(html, "<script"));
  CHECK(has(html, "&lt;script&gt;alert(1)"));
  // Nothing from outside.
  for (const char* s : {"http:", "https:", "src=", "url(", "@import"}) CHECK_FALSE_MESSAGE(has(html, s), s);
  // The numbers are the model's (pinned against SQL in model_test).
  for (const auto& q : r.quarters) {
    CHECK(has(html, count_cells(q.quarter == 1 ? "I" : "II", q.counts)));
  }
  CHECK(has(html, count_cells("Cộng", r.tasks)));
  CHECK(has(html, "có " + std::to_string(r.tasks.total) + " nhiệm vụ: " + std::to_string(r.tasks.done) +
                      " hoàn thành"));
  for (const char* no : {"15/QĐ-UBND", "820/QĐ-UBND", "821/QĐ-UBND"}) CHECK(has(html, no));
  CHECK_FALSE(has(html, "1500/QĐ-UBND"));  // decided in September
  CHECK(has(html, "cho 3 trường hợp (3 cấp tỉnh, 0 cấp Nhà nước)"));
  CHECK(has(html, "đã đăng 3 bài viết"));
  CHECK(has(html, "đã trình Trung ương 1 hồ sơ: 1 được khen thưởng, 0 không được khen thưởng, 0 chưa có kết quả"));
  // Responsible units "; " apart: Ban TĐKT's own name holds a comma (i13-fixes).
  CHECK(has(html, "<td>UBND tỉnh; Ban TĐKT, Sở Nội vụ</td>"));
}

TEST_CASE(
    "report html linked: the stylesheet by address, the rest byte for byte (the web app's CSP)") {
  Fixture f;
  const Report r = f.build(Kind::kSixMonths);
  const std::string inline_html = render_html(r);
  const std::string linked = render_html_linked(r, "/bao-cao/bao-cao.css?a=1&b=\"2\"");
  CHECK_FALSE(has(linked, "<style>"));
  CHECK(has(linked,
            "<link rel=\"stylesheet\" href=\"/bao-cao/bao-cao.css?a=1&amp;b=&quot;2&quot;\">"));
  const std::string css = report_stylesheet();
  CHECK(has(css, "@page { size: A4;"));
  const std::string style = "<style>\n" + css + "\n</style>";
  const auto at = inline_html.find(style);
  REQUIRE(at != std::string::npos);
  const std::string link = "<link rel=\"stylesheet\" href=\"/x.css\">";
  CHECK(render_html_linked(r, "/x.css") ==
        inline_html.substr(0, at) + link + inline_html.substr(at + style.size()));
}

TEST_CASE("report xlsx: the same numbers as the model") {
  Fixture f;
  const Report r = f.build(Kind::kYear, "2022-01-10");
  const std::string out = f.dir.file("bao-cao.xlsx");
  REQUIRE(write_report(r, Format::kXlsx, out).is_ok());
  auto summary = numbers(unzip(out, "xl/worksheets/sheet1.xml"));
  const auto& t = r.tasks;
  CHECK(std::vector<long long>{summary["B5"], summary["B6"], summary["B7"], summary["B8"], summary["B9"],
                               summary["B10"]} ==
        std::vector<long long>{t.total, t.done, t.in_progress, t.blocked, t.not_started, t.overdue});
  CHECK(summary["B11"] == static_cast<long long>(r.stories.size()));
  CHECK(summary["B12"] == static_cast<long long>(r.sessions.size()));
  CHECK(summary["B13"] == r.decided_total());
  CHECK(summary["B16"] == static_cast<long long>(r.forwarded.size()));
  CHECK(summary["B19"] == r.pending.submitted);
  CHECK(summary["B20"] == r.pending.appraised);
  auto quarters = numbers(unzip(out, "xl/worksheets/sheet2.xml"));
  for (const auto& q : r.quarters) {
    const std::string row = std::to_string(q.quarter + 1);
    CHECK(quarters["B" + row] == q.counts.total);
    CHECK(quarters["C" + row] == q.counts.done);
    CHECK(quarters["G" + row] == q.counts.overdue);
  }
  auto units = numbers(unzip(out, "xl/worksheets/sheet3.xml"));
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    CHECK(units["B" + std::to_string(i + 2)] == r.units[i].counts.total);
    CHECK(units["C" + std::to_string(i + 2)] == r.units[i].counts.done);
  }
  const std::string strings = unzip(out, "xl/sharedStrings.xml");
  for (const char* s : {"15/QĐ-UBND", "2300/QĐ-UBND", "1234/QĐ-CTN", "Huân chương Lao động hạng Ba", "Tổng hợp",
                        "UBND tỉnh; Ban TĐKT, Sở Nội vụ"})
    CHECK_MESSAGE(has(strings + unzip(out, "xl/workbook.xml"), s), s);
}

TEST_CASE("report docx: pandoc's document holds the headings and the tables") {
  Fixture f;
  const Report r = f.build(Kind::kNineMonths);
  const std::string out = f.dir.file("bao-cao.docx");
  Status s = write_report(r, Format::kDocx, out);
  REQUIRE_MESSAGE(s.is_ok(), s.message());
  const std::string doc = unzip(out, "word/document.xml");
  for (const char* h : {"BÁO CÁO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA KẾ HOẠCH",
                        "III. NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2021", "1500/QĐ-UBND", "<w:tbl>",
                        "UBND tỉnh; Ban TĐKT, Sở Nội vụ"}) {
    CHECK_MESSAGE(has(doc, h), h);
  }
  CHECK(has(doc, "Heading1"));
  CHECK(has(doc, "Heading2"));
  // Typed as an administrative document: Times New Roman, body 14 pt
  // (28 half-points) from the compiled-in reference, on A4.
  const std::string styles = unzip(out, "word/styles.xml");
  const std::string defaults = styles.substr(0, styles.find("</w:docDefaults>"));
  CHECK(has(defaults, "w:ascii=\"Times New Roman\""));
  CHECK(has(defaults, "<w:sz w:val=\"28\" />"));
  CHECK_FALSE(has(styles, "majorHAnsi"));
  CHECK(has(doc, "<w:pgSz w:h=\"16838\" w:w=\"11906\" />"));
  CHECK(leftovers(f.dir.path()).empty());
}

TEST_CASE("report docx: without pandoc, a clear message and nothing at --out") {
  Fixture f;
  const Report r = f.build(Kind::kSixMonths);
  const std::string out = f.dir.file("bao-cao.docx");
  WriteOptions o;
  o.pandoc = "/khong-co/pandoc";
  Status s = write_report(r, Format::kDocx, out, o);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.code() == Status::Code::kNotFound);
  CHECK(has(s.message(), "sudo apt install pandoc"));
  CHECK_FALSE(std::filesystem::exists(out));
  // An older report there stays as it was.
  write_file(out, "cũ");
  CHECK_FALSE(write_report(r, Format::kDocx, out, o).is_ok());
  CHECK(read_file(out) == "cũ");
  CHECK(leftovers(f.dir.path()).empty());
}

TEST_CASE("report formats: from --format or the file's extension") {
  CHECK(*format_of_path("a/b/bao-cao.HTML") == Format::kHtml);
  CHECK(*format_of_path("bao-cao.htm") == Format::kHtml);
  CHECK(*format_of_path("bao-cao.docx") == Format::kDocx);
  CHECK(*format_of_path("bao-cao.xlsx") == Format::kXlsx);
  CHECK_FALSE(format_of_path("bao-cao").is_ok());
  CHECK_FALSE(format_of_path("thu.muc/bao-cao").is_ok());
  CHECK(*parse_format("xlsx") == Format::kXlsx);
  CHECK_FALSE(parse_format("pdf").is_ok());
}
