// The public site built from a fixture database: what it holds, what it
// must never hold, and how rebuilds behave.
#include <sys/stat.h>

#include <cstdlib>
#include <regex>

#include "tests/sitegen/site_fixture.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("the site holds the plan, the published stories and the approved commendations") {
  SiteFixture f;
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  CHECK(r->stories == 2);
  auto files = read_tree(f.out);
  for (const char* p : {"index.html", "ke-hoach/index.html", "ke-hoach/quy-1/index.html", "ke-hoach/quy-4/index.html",
                        "nhiem-vu/2021-q1-01/index.html", "guong-dien-hinh/index.html",
                        "guong-dien-hinh/nguoi-giu-rung-o-lung-cu/index.html", "guong-dien-hinh/loai/doanh-nghiep/index.html",
                        "don-vi/dong-van/index.html", "khen-thuong/index.html", "tim-kiem/index.html",
                        "tim-kiem/chi-muc.json", "feed.xml", "sitemap.xml", "robots.txt", "404.html"}) {
    CAPTURE(p);
    CHECK(files.count(p) == 1);
  }
  const std::string& home = files["index.html"];
  CHECK(contains(home, "<html lang=\"vi\">"));
  CHECK(contains(home, "<svg class=\"bar\""));
  CHECK(contains(home, "Người giữ rừng ở Lũng Cú"));
  const std::string& story = files["guong-dien-hinh/nguoi-giu-rung-o-lung-cu/index.html"];
  CHECK(contains(story, "02/05/2021"));                    // dd/mm/yyyy
  CHECK(contains(story, "<h2>Kết quả</h2>"));              // the body's "#" is under the page's h1
  CHECK(contains(story, "<strong>Sùng Mí Páo</strong>"));
  // Quarter 1 ended before "today": a task nobody finished is overdue; the
  // one Đồng Văn reported done still is (the plan names other units for it),
  // and the report shows as Đồng Văn's.
  const std::string& q1 = files["ke-hoach/quy-1/index.html"];
  CHECK(contains(q1, "Quá hạn"));
  CHECK(contains(q1, "Hoàn thành"));
  CHECK_FALSE(contains(files["ke-hoach/quy-4/index.html"], "Quá hạn"));
  // The task's history, from the audit log: who, when, what.
  const std::string& task = files["nhiem-vu/2021-q1-01/index.html"];
  CHECK(contains(task, "Huyện Đồng Văn"));
  CHECK(contains(task, "trạng thái: Đang thực hiện → Hoàn thành"));
  CHECK(contains(task, "tiến độ: 40% → 100%"));
  CHECK(contains(files["khen-thuong/2021/index.html"], "123/QĐ-UBND"));  // the record is by year (issue 13)
  CHECK(contains(files["feed.xml"], "<link href=\"https://thidua.example.vn/guong-dien-hinh/nguoi-giu-rung-o-lung-cu/\"/>"));
  CHECK(contains(files["sitemap.xml"], "<loc>https://thidua.example.vn/don-vi/dong-van/</loc>"));
  // Search: folded keys, so "dong van" finds Đồng Văn.
  CHECK(contains(files["tim-kiem/chi-muc.json"], "nguoi giu rung o lung cu"));
}

// Issue 13: the quarter bars had counted reports, so one report done by a
// unit the plan does not name made quarter I look 100 % done.
TEST_CASE("progress is counted in tasks, each done only when every responsible unit reported it done") {
  SiteFixture f;
  {
    auto store = f.open();
    // 2021-q1-02 (UBND tỉnh, Ban TĐKT): both done. 2021-q1-03: one of its
    // units done only. 2021-q1-01: done by Đồng Văn alone, which it does not
    // name: not a report of the task at all ("chưa có báo cáo").
    f.report(*store, "2021-q1-02:ubnd-tinh", "done", 100, "Xong", 1);
    f.report(*store, "2021-q1-02:ban-tdkt", "done", 100, "Xong", 1);
    f.report(*store, "2021-q1-03:ubnd-tinh", "done", 100, "Xong", 1);
  }
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  auto files = read_tree(f.out);
  const std::string& home = files["index.html"];
  CHECK(contains(home, "<p>1/10 nhiệm vụ hoàn thành · 8 chưa có báo cáo · <span class=\"overdue\">9 quá hạn</span></p>"));
  CHECK(contains(home, "aria-label=\"Quý I: 1 hoàn thành, 1 đang thực hiện, 0 vướng mắc, 8 chưa thực hiện\""));
  CHECK(contains(files["ke-hoach/quy-1/index.html"], "10 nhiệm vụ, 1 hoàn thành, 8 chưa có báo cáo"));
  CHECK_FALSE(contains(files["nhiem-vu/2021-q1-02/index.html"], "class=\"overdue\">Quá hạn"));
  CHECK(contains(files["nhiem-vu/2021-q1-03/index.html"], "class=\"overdue\">Quá hạn"));
  CHECK(contains(files["nhiem-vu/2021-q1-01/index.html"], "class=\"overdue\">Quá hạn"));
}

TEST_CASE("no draft, submitted or rejected story and no undecided nomination leaves a trace") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  for (const auto& [path, bytes] : read_tree(f.out)) {
    CAPTURE(path);
    CHECK_FALSE(contains(bytes, kDraftMarker));
    CHECK_FALSE(contains(bytes, "Chưa duyệt"));
  }
}

TEST_CASE("hostile story text comes out inert") {
  SiteFixture f;
  {
    auto s = f.open();
    f.story(*s, "x1", "dong-van", "<script>alert('tieu-de')</script> Tiêu đề", "individual", "published", "2021-07-01",
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[bấm](javascript:alert(3)) "
            "[dữ liệu](data:text/html;base64,PHNjcmlwdD4=)\n\n![ảnh ngoài](https://cdn.example.com/a.png)\n\n"
            "<a href=\"#\" onclick=\"alert(4)\">x</a>");
  }
  REQUIRE(f.build().is_ok());
  int seen = 0;
  for (const auto& [path, bytes] : read_tree(f.out)) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    CAPTURE(path);
    // Only the theme's own script tag (search page) may appear.
    std::regex script("<script(?![^>]*src=\"[./]*assets/search\\.)", std::regex::icase);
    CHECK_FALSE(std::regex_search(bytes, script));
    CHECK_FALSE(contains(bytes, "javascript:"));
    CHECK_FALSE(contains(bytes, "onerror="));
    CHECK_FALSE(contains(bytes, "onclick="));
    CHECK_FALSE(contains(bytes, "data:text/html"));
    CHECK_FALSE(contains(bytes, "src=\"https://cdn.example.com"));
    seen += contains(bytes, "&lt;script&gt;alert(&apos;tieu-de&apos;)&lt;/script&gt;");
  }
  CHECK(seen > 0);  // the title is shown, escaped
}

TEST_CASE("every internal link and anchor resolves") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  const std::regex attr("(?:href|src)=\"([^\"]*)\"");
  int links = 0;
  for (const auto& [path, bytes] : read_tree(f.out)) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html" || path == "404.html") continue;
    for (std::sregex_iterator it(bytes.begin(), bytes.end(), attr), end; it != end; ++it) {
      std::string url = (*it)[1];
      if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0 || url.rfind("mailto:", 0) == 0) continue;
      CAPTURE(path);
      CAPTURE(url);
      std::string fragment;
      if (auto hash = url.find('#'); hash != std::string::npos) {
        fragment = url.substr(hash + 1);
        url = url.substr(0, hash);
      }
      if (auto q = url.find('?'); q != std::string::npos) url = url.substr(0, q);
      fs::path target = url.empty() ? fs::path(f.out) / path : (fs::path(f.out) / path).parent_path() / url;
      if (url.empty() || url.back() == '/') target = url.empty() ? target : target / "index.html";
      target = target.lexically_normal();
      CHECK(fs::exists(target));
      CHECK(target.string().rfind(fs::path(f.out).lexically_normal().string(), 0) == 0);  // stays in the site
      if (!fragment.empty() && fs::exists(target)) CHECK(contains(read(target.string()), "id=\"" + fragment + "\""));
      ++links;
    }
  }
  CHECK(links > 500);
}

TEST_CASE("two builds of the same data are byte-identical, and a rebuild writes only what changed") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  REQUIRE(f.build(f.dir.file("again")).is_ok());
  CHECK(read_tree(f.out) == read_tree(f.dir.file("again")));

  std::ofstream(f.out + "/ghi-chu-cua-toi.txt") << "not generated";
  auto same = f.build();
  REQUIRE(same.is_ok());
  CHECK(same->written == 0);
  CHECK(same->removed == 0);

  {  // One story edited: its page, the lists, feed and index change; not the plan.
    auto s = f.open();
    REQUIRE(s->write("stories", {{"id", std::string("s2")}, {"body_md", std::string("Nội dung mới.")}}).is_ok());
  }
  auto before = read_tree(f.out);
  auto edited = f.build();
  REQUIRE(edited.is_ok());
  CHECK(edited->written > 0);
  CHECK(edited->written < 15);
  auto after = read_tree(f.out);
  CHECK(after["ke-hoach/quy-1/index.html"] == before["ke-hoach/quy-1/index.html"]);
  CHECK(contains(after["guong-dien-hinh/hop-tac-xa-che-shan-tuyet/index.html"], "Nội dung mới."));

  {  // Unpublished: its page goes, files the generator did not write stay.
    auto s = f.open();
    REQUIRE(s->write("stories", {{"id", std::string("s2")}, {"status", std::string("rejected")}}).is_ok());
  }
  auto removed = f.build();
  REQUIRE(removed.is_ok());
  CHECK(removed->removed >= 1);
  CHECK_FALSE(fs::exists(f.out + "/guong-dien-hinh/hop-tac-xa-che-shan-tuyet/index.html"));
  CHECK_FALSE(fs::exists(f.out + "/guong-dien-hinh/hop-tac-xa-che-shan-tuyet"));
  CHECK(fs::exists(f.out + "/ghi-chu-cua-toi.txt"));
}

namespace {

// Builds with a content folder whose theme/ holds `name` with `text` (and
// whatever earlier calls put there).
Result<site::BuildReport> build_with_theme_file(SiteFixture& f, const std::string& name, const std::string& text) {
  fs::create_directories(f.dir.file("content/theme"));
  std::ofstream(f.dir.file("content/theme/" + name)) << text;
  site::BuildOptions o;
  o.db_path = f.db;
  o.content_dir = f.dir.file("content");
  o.out_dir = f.out;
  return site::build_site(o);
}

}  // namespace

TEST_CASE("bad input stops the build with one clear message and leaves the previous site whole") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  const auto good = read_tree(f.out);

  SUBCASE("a database that does not exist") {
    site::BuildOptions o;
    o.db_path = f.dir.file("khong-co.db");
    o.out_dir = f.out;
    auto r = site::build_site(o);
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), "khong-co.db"));
  }
  SUBCASE("a file that is not a database") {
    const std::string junk = f.dir.file("hong.db");
    std::ofstream(junk) << "đây không phải cơ sở dữ liệu";
    site::BuildOptions o;
    o.db_path = junk;
    o.out_dir = f.out;
    auto r = site::build_site(o);
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), "hong.db: không phải cơ sở dữ liệu"));
  }
  SUBCASE("a template override with a syntax error") {
    auto r = build_with_theme_file(f, "story.mustache", "<h1>{{#title}}</h1>");
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), "theme/story.mustache"));
    CHECK(contains(r.status().message(), "sai cú pháp"));
  }
  SUBCASE("a template that calls a partial that is not there") {
    auto r = build_with_theme_file(f, "story.mustache", "<h1>{{title}}</h1>{{> partial_chu_ky}}");
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), "theme/story.mustache"));
    CHECK(contains(r.status().message(), "partial_chu_ky"));
  }
  SUBCASE("a template named like none of the theme's (a typo would change nothing)") {
    auto r = build_with_theme_file(f, "stroy.mustache", "<h1>{{title}}</h1>");
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), "theme/stroy.mustache"));
    CHECK(contains(r.status().message(), "story.mustache"));  // the names that exist
  }
  SUBCASE("an output path that is a file, not a folder (fails for root too)") {
    const std::string file = f.dir.file("a-file");
    std::ofstream(file) << "not a folder";
    auto r = f.build(file + "/public");
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), file));
    CHECK(read(file) == "not a folder");
  }
  SUBCASE("an output folder that cannot be written") {
    if (geteuid() == 0) return;  // root writes anywhere
    REQUIRE(chmod(f.out.c_str(), 0555) == 0);
    auto r = f.build();
    chmod(f.out.c_str(), 0755);
    REQUIRE_FALSE(r.is_ok());
    CHECK(contains(r.status().message(), f.out));
  }
  CHECK(read_tree(f.out) == good);
}

TEST_CASE("a theme file in content/theme replaces the default one") {
  SiteFixture f;
  REQUIRE(build_with_theme_file(f, "404.mustache", "<h1>Lạc đường rồi</h1>").is_ok());
  CHECK(contains(read(f.out + "/404.html"), "Lạc đường rồi"));
  CHECK(contains(read(f.out + "/index.html"), "Gương điển hình mới"));  // the rest is the default theme

  // A site may add partials of its own and call them from its overrides.
  std::ofstream(f.dir.file("content/theme/partial_chu_ky.mustache")) << "<p class=\"ky\">Ban Thi đua - Khen thưởng</p>";
  std::ofstream(f.dir.file("content/theme/ghi-chu.txt")) << "not a theme file: ignored";
  REQUIRE(build_with_theme_file(f, "story.mustache", "<h1>{{title}}</h1>{{{body_html}}}{{> partial_chu_ky}}").is_ok());
  const std::string story = read(f.out + "/guong-dien-hinh/nguoi-giu-rung-o-lung-cu/index.html");
  CHECK(contains(story, "<p class=\"ky\">Ban Thi đua - Khen thưởng</p>"));
  CHECK(contains(story, "Sùng Mí Páo"));
}

TEST_CASE("the pages are well-formed HTML (tidy)") {
  if (std::system("command -v tidy >/dev/null 2>&1") != 0) {
    MESSAGE("tidy is not installed: skipped (scripts/install-deps.sh installs it)");
    return;
  }
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  for (const auto& [path, bytes] : read_tree(f.out)) {
    if (path.size() < 5 || path.substr(path.size() - 5) != ".html") continue;
    CAPTURE(path);
    // -e: errors only. Exit 0 = clean, 1 = warnings only, 2 = errors.
    auto r = run({"tidy", "-q", "-e", "-utf8", (fs::path(f.out) / path).string()});
    CHECK_MESSAGE(r.exit_code < 2, r.err);
  }
}

TEST_CASE("pages match the golden files (THIDUA_UPDATE_GOLDEN=1 rewrites them)") {
  SiteFixture f;
  REQUIRE(f.build().is_ok());
  const fs::path golden = fs::path(THIDUA_SOURCE_DIR) / "tests/sitegen/golden";
  const bool update = std::getenv("THIDUA_UPDATE_GOLDEN") != nullptr;
  // A task's history shows when the server received each change (the audit
  // log's real clock): those times, and only those, are put aside.
  const std::regex received(R"(<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z">\d\d/\d\d/\d{4} \d\d:\d\d</time>)");
  for (const char* p : {"index.html", "guong-dien-hinh/nguoi-giu-rung-o-lung-cu/index.html", "khen-thuong/index.html",
                        "khen-thuong/2021/index.html", "khen-thuong/2021/giang-thi-mai/index.html",
                        "ke-hoach/quy-1/index.html", "nhiem-vu/2021-q1-01/index.html", "don-vi/dong-van/index.html",
                        "guong-dien-hinh/index.html", "feed.xml", "sitemap.xml", "robots.txt"}) {
    CAPTURE(p);
    const std::string actual = std::regex_replace(read(f.out + "/" + p), received, "<time>(giờ nhận)</time>");
    const fs::path expected = golden / p;
    if (update) {
      fs::create_directories(expected.parent_path());
      std::ofstream(expected, std::ios::binary) << actual;
      continue;
    }
    REQUIRE_MESSAGE(fs::exists(expected), "missing golden file; run with THIDUA_UPDATE_GOLDEN=1");
    CHECK(read(expected.string()) == actual);
  }
}

TEST_CASE("a rebuild from the previous build's cache gives exactly what a fresh build gives") {
  // The cache lets a rebuild skip unchanged stories and pages; after every
  // kind of edit its output must equal a build into an empty folder.
  SiteFixture f;
  {
    auto s = f.open();
    for (int i = 0; i < 45; ++i) {  // enough for several list pages
      f.story(*s, "m" + std::to_string(i), i % 2 ? "dong-van" : "meo-vac", "Gương số " + std::to_string(i % 40),
              i % 3 ? "individual" : "collective", "published", "2021-0" + std::to_string(1 + i % 9) + "-15",
              "Nội dung **" + std::to_string(i) + "**.");
    }
  }
  REQUIRE(f.build().is_ok());
  int round = 0;
  auto check_same_as_fresh = [&](const char* what) {
    CAPTURE(what);
    auto incremental = f.build();
    REQUIRE(incremental.is_ok());
    const std::string fresh_dir = f.dir.file("fresh" + std::to_string(++round));
    REQUIRE(f.build(fresh_dir).is_ok());
    auto a = read_tree(f.out);
    auto b = read_tree(fresh_dir);
    a.erase(".thidua-cache");
    b.erase(".thidua-cache");
    CHECK(a == b);
    return *incremental;
  };
  auto edit = [&](const std::string& id, const Row& row) {
    auto s = f.open();
    Row r = row;
    r["id"] = id;
    REQUIRE(s->write("stories", r).is_ok());
  };
  auto r = check_same_as_fresh("nothing changed");
  CHECK(r.written == 0);
  edit("m7", {{"body_md", std::string("Thân bài mới của m7.")}});
  r = check_same_as_fresh("a body edited");
  CHECK(r.written > 0);
  CHECK(r.written < 12);
  edit("m8", {{"title", std::string("Gương số 9")}});  // now shares m9's title: slugs shift
  check_same_as_fresh("a title that collides");
  edit("m10", {{"status", std::string("rejected")}});
  check_same_as_fresh("a story unpublished");
  f.story(*f.open(), "m99", "yen-minh", "Gương mới", "business", "published", "2021-12-01", "Mới.");
  check_same_as_fresh("a story published");
  {
    auto s = f.open();
    REQUIRE(s->write("units", {{"id", std::string("dong-van")}, {"name", std::string("Huyện Đồng Văn (mới)")}}).is_ok());
  }
  check_same_as_fresh("a unit renamed");
  fs::remove(f.out + "/guong-dien-hinh/guong-so-3/index.html");
  check_same_as_fresh("a page deleted by hand");
  {  // a damaged cache is ignored: a field longer than the file
    using namespace std::string_literals;
    std::ofstream(f.out + "/.thidua-cache", std::ios::binary) << "thidua-site-cache 2\n\x03\0\0\0xyz\x01\0\0\0S\x40\0\0\0broken"s;
  }
  edit("m3", {{"body_md", std::string("Sửa lần nữa.")}});
  check_same_as_fresh("a damaged cache");
  {  // ... and a cache cut short
    const std::string cache = f.out + "/.thidua-cache";
    fs::resize_file(cache, fs::file_size(cache) / 2);
  }
  edit("m3", {{"body_md", std::string("Sửa lần thứ ba.")}});
  check_same_as_fresh("a cache cut short");
}
