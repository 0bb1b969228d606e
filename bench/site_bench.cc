// Site generator benchmark: `thidua site build` against Debian's hugo on the
// same published stories.
//
//   site_bench THIDUA_BIN CONTENT_DIR [--stories N] [--runs R] [--keep]
//   (or: bash bench/run-site.sh [--stories N] [--runs R])
//
// N defaults to 10,000 and R to 3; --keep leaves the temporary directory
// (database, Hugo site, both outputs) for inspection.
//
// In a temporary directory it creates a central database with
// `thidua server init`, fills it as if the 11 districts had synced N
// published stories (~600 words of Vietnamese Markdown each) and a progress
// row for every task and district, and writes the same stories as a minimal
// Hugo site. Then, R times each, it measures the wall time (median) and the
// peak RSS (max; ru_maxrss of the child from wait4) of:
//   a. thidua site build into an empty out dir;
//   b. thidua site build again, nothing changed;
//   c. thidua site build after one story's body_md changed in the database;
//   d. hugo into an empty out dir;
//   e. hugo after one content file changed (hugo has no incremental build
//      outside its server: it builds everything again).
// and checks the targets: a full build >= 5x faster than hugo's, peak
// memory < 250 MB, a rebuild after one edit < 0.2 s. The runs of a and d
// alternate, so that neither gets the fresher disk. Everything is written
// under std::filesystem::temp_directory_path() (TMPDIR): a disk, or
// TMPDIR=/dev/shm to leave the disk's file-creation cost out.
//
// What the Hugo site renders (layouts written below, no theme): every story
// page (title, subject, date, district and category links, the Markdown
// body); the stories section, each district and each category as lists of
// 20 per page, paginated, newest first; the district and category indexes;
// a home page with the 10 newest stories and the districts with counts;
// Hugo's default RSS feeds (limited to 20 items) and sitemap. thidua builds
// at least these pages (and the plan, progress and search pages besides).
//
// The data is generated in a child process so that this process stays small:
// a forked child's ru_maxrss starts from the size of its parent.
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "common/slug.h"
#include "store/hlc.h"
#include "store/store.h"

using namespace thidua;
namespace fs = std::filesystem;
using namespace thidua::bench;

namespace {

// ---------------------------------------------------------------------------
// Failing, cleaning up

fs::path g_temp_dir;      // removed at exit, by the process that made it
pid_t g_owner_pid = -1;

void remove_temp_dir() {
  if (g_owner_pid != getpid() || g_temp_dir.empty()) return;
  std::error_code ec;
  fs::remove_all(g_temp_dir, ec);
}


std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) die("cannot write " + p.string());
}

// ---------------------------------------------------------------------------
// Child processes

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal
  double seconds = 0;
  long peak_rss_kb = 0;
};

// Runs args (args[0] looked up in PATH) with stdout and stderr sent to the
// given files; waits with wait4 for its resource usage.
RunResult run_process(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string out_s = out.string(), err_s = err.string();
  std::cout.flush();
  std::fflush(stdout);
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid < 0) die(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    int o = open(out_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_s.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0) _exit(126);
    execvp(argv[0], argv.data());
    dprintf(2, "cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) die(std::string("wait4: ") + std::strerror(errno));
  }
  RunResult r;
  r.seconds = seconds_since(start);
  r.peak_rss_kb = usage.ru_maxrss;  // kilobytes on Linux
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs `body` in a forked child and waits; dies when the child fails (the
// child's die() has printed why).
template <typename F>
void in_child(const std::string& what, F&& body) {
  std::cout.flush();
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) die(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    body();
    std::cout.flush();
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) die(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die(what + " failed");
}

// ---------------------------------------------------------------------------
// Vietnamese text from a fixed vocabulary

constexpr std::array kPhrases = {
    "phong trào", "thi đua", "khen thưởng", "nông dân", "sản xuất", "hợp tác xã", "đồng bào", "xây dựng",
    "nông thôn mới", "kinh tế", "gia đình", "thu nhập", "cây chè", "cây ngô", "đàn bò", "chăn nuôi",
    "trồng rừng", "bảo vệ rừng", "giảm nghèo", "bền vững", "văn hóa", "truyền thống", "học sinh",
    "giáo viên", "nhà trường", "thôn bản", "cộng đồng", "đoàn kết", "sáng kiến", "kỹ thuật", "năng suất",
    "chất lượng", "thị trường", "sản phẩm", "đặc sản", "du lịch", "cao nguyên đá", "vùng cao", "biên giới",
    "an ninh", "trật tự", "cán bộ", "đảng viên", "chính quyền", "hội phụ nữ", "đoàn thanh niên",
    "cựu chiến binh", "người có uy tín", "tích cực", "gương mẫu", "vận động", "tuyên truyền", "hướng dẫn",
    "hỗ trợ", "nâng cao", "phát triển", "đổi mới", "hiệu quả", "trách nhiệm", "nhiệt tình", "đóng góp",
    "ngày công", "đường giao thông", "bê tông", "nước sạch", "điện lưới", "nhà văn hóa", "vệ sinh môi trường",
    "chuyển đổi", "cơ cấu cây trồng", "vật nuôi", "liên kết", "tiêu thụ", "thương hiệu", "chứng nhận",
    "tiết kiệm", "vốn vay", "ngân hàng chính sách", "hộ nghèo", "thoát nghèo", "làm giàu", "bà con",
    "trên địa bàn", "năm 2021", "nhiều năm liền", "kế hoạch", "mục tiêu", "nhiệm vụ", "hoàn thành",
    "vượt mức", "chỉ tiêu", "mật ong bạc hà", "cam sành", "thảo quả", "dệt lanh", "bánh tam giác mạch"};
constexpr std::array kLinks = {"và", "của", "cho", "với", "trong", "để", "đã", "được", "những", "các", "nhằm", "từ"};
constexpr std::array kOpenings = {"Năm 2021,", "Trong những năm qua,", "Với tinh thần", "Nhờ sự quan tâm của cấp ủy,",
                                  "Bằng sự nỗ lực", "Hằng năm,", "Đến nay,", "Từ khi tham gia", "Không chỉ vậy,",
                                  "Bên cạnh đó,", "Để làm được điều đó,", "Theo đánh giá của xã,"};
constexpr std::array kHeadings = {"Hoàn cảnh và xuất phát điểm", "Cách làm sáng tạo", "Những kết quả nổi bật",
                                  "Lan tỏa trong cộng đồng", "Bài học kinh nghiệm", "Hướng đi trong thời gian tới"};

template <typename A>
const char* pick(const A& words, std::mt19937& rng) {
  return words[rng() % words.size()];
}

int word_count(const std::string& s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// One sentence: an opening, then phrases joined by small words; now and then
// a phrase in **bold** or *emphasis*.
std::string sentence(std::mt19937& rng) {
  std::string s = pick(kOpenings, rng);
  int phrases = 5 + static_cast<int>(rng() % 8);
  for (int i = 0; i < phrases; ++i) {
    std::string phrase = pick(kPhrases, rng);
    unsigned style = rng() % 20;
    if (style == 0) phrase = "**" + phrase + "**";
    if (style == 1) phrase = "*" + phrase + "*";
    s += " " + phrase;
    if (i + 1 < phrases && rng() % 2) s += std::string(" ") + pick(kLinks, rng);
  }
  return s + ".";
}

std::string paragraph(std::mt19937& rng, int sentences) {
  std::string p;
  for (int i = 0; i < sentences; ++i) {
    if (i) p += ' ';
    p += sentence(rng);
  }
  return p + "\n\n";
}

std::string bullet_list(std::mt19937& rng) {
  std::string l;
  int items = 3 + static_cast<int>(rng() % 3);
  for (int i = 0; i < items; ++i) {
    std::string item = std::string(pick(kPhrases, rng)) + " " + pick(kLinks, rng) + " " + pick(kPhrases, rng) + " " +
                       pick(kPhrases, rng);
    l += "- " + item + ";\n";
  }
  return l + "\n";
}

// ~600 words of Markdown: headings, paragraphs, a list, bold, emphasis, a link.
std::string story_body(std::mt19937& rng) {
  std::string md = paragraph(rng, 3);
  std::size_t h = rng() % kHeadings.size();
  md += std::string("## ") + kHeadings[h] + "\n\n" + paragraph(rng, 4);
  md += std::string("## ") + kHeadings[(h + 2) % kHeadings.size()] + "\n\n" + paragraph(rng, 2) + bullet_list(rng);
  md += "Theo [Kế hoạch thi đua, khen thưởng năm 2021 của tỉnh](https://hagiang.gov.vn/), " + sentence(rng) +
        "\n\n";
  md += std::string("## ") + kHeadings[(h + 4) % kHeadings.size()] + "\n\n";
  while (word_count(md) < 600) md += paragraph(rng, 3);
  return md;
}

constexpr std::array kFamily = {"Nguyễn", "Trần", "Hoàng", "Sùng", "Giàng", "Vàng", "Lò", "Ma", "Lù", "Thào", "Lục"};
constexpr std::array kGiven = {"Páo", "Chứ", "Hoa", "Mai", "Dình", "Dũng", "Lan", "Sính", "Tủa", "Hùng", "Thắm", "Pà"};
constexpr std::array kPlaces = {"Lũng Cú", "Sủng Là", "Lũng Phìn", "Pải Lủng", "Thài Phìn Tủng", "Nậm Ban",
                                "Tả Lủng", "Cán Tỷ", "Nấm Dẩn", "Thông Nguyên", "Việt Lâm", "Phương Thiện"};
constexpr std::array kCollectives = {"Hợp tác xã chè Shan tuyết", "Trường Phổ thông dân tộc bán trú",
                                     "Hội Phụ nữ xã", "Chi đoàn thanh niên thôn", "Tổ hợp tác dệt lanh"};
constexpr std::array kBusinesses = {"Công ty TNHH Chè Phìn Hồ", "Công ty cổ phần Mật ong bạc hà",
                                    "Doanh nghiệp tư nhân Du lịch cao nguyên đá", "Công ty TNHH Cam sành",
                                    "Công ty TNHH Dược liệu"};
constexpr std::array kMovements = {"thi đua yêu nước", "xây dựng nông thôn mới", "giảm nghèo bền vững",
                                   "chuyển đổi số", "bảo vệ rừng", "khởi nghiệp", "học tập suốt đời",
                                   "toàn dân đoàn kết xây dựng đời sống văn hóa"};
constexpr std::array kCategories = {"individual", "collective", "business"};

std::string subject(const std::string& category, std::mt19937& rng) {
  if (category == "individual") {
    bool woman = rng() % 2;
    return std::string(pick(kFamily, rng)) + (woman ? " Thị " : " Văn ") + pick(kGiven, rng);
  }
  const auto& names = category == "collective" ? kCollectives : kBusinesses;
  return std::string(pick(names, rng)) + " " + pick(kPlaces, rng);
}

std::string title(const std::string& subj, std::mt19937& rng) {
  switch (rng() % 3) {
    case 0: return subj + " – tấm gương sáng trong phong trào " + pick(kMovements, rng);
    case 1: return subj + ": điển hình tiên tiến về " + pick(kMovements, rng);
    default: return "Phong trào " + std::string(pick(kMovements, rng)) + " qua câu chuyện của " + subj;
  }
}

// "2021-MM-DD" for day 0..364 of 2021.
std::string date_2021(int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month = 0;
  while (day >= kDays[month]) day -= kDays[month++];
  char buf[16];
  std::snprintf(buf, sizeof buf, "2021-%02d-%02d", month + 1, day + 1);
  return buf;
}

std::string hex_id(std::mt19937& rng, int words) {
  std::string id;
  char buf[9];
  for (int i = 0; i < words; ++i) {
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rng()));
    id += buf;
  }
  return id;
}

// ---------------------------------------------------------------------------
// The data

struct Unit {
  std::string id, name;
};

struct Story {
  std::string id, unit_id, title, subject, category, created_on, published_on, body_md;
};

std::vector<Unit> districts(Store& store) {
  std::vector<Unit> out;
  for (const auto& row : check(store.rows("units"), "read units")) {
    std::string kind = as_text(row, "kind");
    if (kind == "district" || kind == "city") out.push_back({as_text(row, "id"), as_text(row, "name")});
  }
  if (out.empty()) die("the content has no district units");
  return out;
}

std::vector<Story> make_stories(int n, const std::vector<Unit>& units, std::mt19937& rng) {
  std::vector<Story> stories;
  stories.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Story s;
    s.id = hex_id(rng, 4);
    s.unit_id = units[rng() % units.size()].id;
    s.category = pick(kCategories, rng);
    s.subject = subject(s.category, rng);
    s.title = title(s.subject, rng);
    int published = static_cast<int>(rng() % 365);
    s.published_on = date_2021(published);
    s.created_on = date_2021(std::max(0, published - static_cast<int>(rng() % 30)));
    s.body_md = story_body(rng);
    stories.push_back(std::move(s));
  }
  return stories;
}

// The cells a district node's insert of a row would bring: "_row" = 1 and
// every column, all at one clock.
void add_row(std::vector<RemoteCell>& cells, const std::string& table, const Row& row, Hlc hlc,
             const std::string& node) {
  const std::string pk = std::get<std::string>(row.at("id"));
  cells.push_back({table, pk, "_row", std::int64_t{1}, hlc, node, std::nullopt});
  for (const auto& [column, value] : row)
    if (column != "id") cells.push_back({table, pk, column, value, hlc, node, std::nullopt});
}

// Applies the stories and a progress row per task and district, as cells
// from one made-up node per district. Returns how many cells were applied.
std::size_t sync_in(Store& store, const std::vector<Story>& stories, const std::vector<Unit>& units,
                    std::mt19937& rng) {
  std::map<std::string, std::string> node_of;
  for (const auto& u : units) node_of[u.id] = hex_id(rng, 2);
  // Clocks an hour in the past, one per row, so none is refused as future.
  std::int64_t ms = wall_clock_ms() - 3'600'000;
  std::vector<RemoteCell> cells;
  for (const auto& s : stories) {
    add_row(cells, "stories",
            {{"id", s.id}, {"unit_id", s.unit_id}, {"title", s.title}, {"subject", s.subject},
             {"category", s.category}, {"body_md", s.body_md}, {"status", std::string("published")},
             {"created_on", s.created_on}, {"published_on", s.published_on}},
            hlc_pack(ms++, 0), node_of[s.unit_id]);
  }
  static constexpr std::array kStatus = {"not_started", "in_progress", "done", "blocked"};
  for (const auto& task : check(store.rows("tasks"), "read tasks")) {
    for (const auto& u : units) {
      std::string status = pick(kStatus, rng);
      std::int64_t percent = status == "done"          ? 100
                             : status == "not_started" ? 0
                                                       : 10 + static_cast<std::int64_t>(rng() % 80);
      std::string task_id = as_text(task, "id");
      add_row(cells, "progress",
              {{"id", task_id + ":" + u.id}, {"task_id", task_id}, {"unit_id", u.id}, {"status", status},
               {"percent", percent}, {"note_md", paragraph(rng, 1)},
               {"reported_on", date_2021(static_cast<int>(rng() % 365))}},
              hlc_pack(ms++, 0), node_of[u.id]);
    }
  }
  auto applied = check(store.apply_remote(cells), "apply cells");
  for (std::size_t i = 0; i < applied.outcomes.size(); ++i) {
    if (applied.outcomes[i] == ApplyOutcome::kRejected) {
      die("cell " + cells[i].table + "." + cells[i].column + " of " + cells[i].pk +
          " was rejected: " + applied.reasons[i]);
    }
  }
  return cells.size();
}

// ---------------------------------------------------------------------------
// The Hugo site

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const char* category_name(const std::string& category) {
  if (category == "individual") return "Cá nhân";
  if (category == "collective") return "Tập thể";
  return "Doanh nghiệp";
}

void write_hugo_layouts(const fs::path& site) {
  fs::path l = site / "layouts" / "_default";
  fs::create_directories(l);
  // Its cache inside the temp dir too (by default hugo makes $TMPDIR/hugo_cache).
  const std::string cache_dir = toml_string((site.parent_path() / "hugo-cache").string());
  write_file(site / "config.toml",
             "cacheDir = " + cache_dir +
                 "\n"
                 "baseURL = \"https://thidua.hagiang.example/\"\n"
                 "languageCode = \"vi\"\n"
                 "title = \"Thi đua - Khen thưởng tỉnh Hà Giang\"\n"
                 "paginate = 20\n"
                 "[services.rss]\n  limit = 20\n"
                 "[taxonomies]\n  district = \"districts\"\n  category = \"categories\"\n");
  write_file(l / "baseof.html",
             "<!DOCTYPE html>\n<html lang=\"{{ .Site.LanguageCode }}\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ .Site.Title }}</title>\n</head>\n<body>\n"
             "<header><a href=\"{{ \"/\" | relURL }}\">{{ .Site.Title }}</a> · "
             "<a href=\"{{ \"/stories/\" | relURL }}\">Gương điển hình</a> · "
             "<a href=\"{{ \"/districts/\" | relURL }}\">Huyện, thành phố</a> · "
             "<a href=\"{{ \"/categories/\" | relURL }}\">Loại</a></header>\n"
             "<main>{{ block \"main\" . }}{{ end }}</main>\n</body>\n</html>\n");
  write_file(l / "single.html",
             "{{ define \"main\" }}<article>\n<h1>{{ .Title }}</h1>\n"
             "<p>{{ .Params.subject }} · <time>{{ .Date.Format \"02/01/2006\" }}</time>"
             "{{ range .GetTerms \"districts\" }} · <a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}"
             "{{ range .GetTerms \"categories\" }} · <a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</p>\n"
             "{{ .Content }}\n</article>{{ end }}\n");
  write_file(l / "list.html",
             "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul>\n"
             "{{ range (.Paginate .Pages.ByDate.Reverse).Pages }}"
             "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> <time>{{ .Date.Format \"02/01/2006\" }}</time></li>\n"
             "{{ end }}</ul>\n{{ template \"_internal/pagination.html\" . }}{{ end }}\n");
  write_file(l / "index.html",
             "{{ define \"main\" }}<h1>{{ .Site.Title }}</h1>\n<h2>Bài mới</h2>\n<ul>\n"
             "{{ range first 10 (where .Site.RegularPages \"Section\" \"stories\").ByDate.Reverse }}"
             "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>\n{{ end }}</ul>\n"
             "<h2>Theo huyện, thành phố</h2>\n<ul>\n"
             "{{ range .Site.Taxonomies.districts.ByCount }}"
             "<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>\n{{ end }}</ul>"
             "{{ end }}\n");
}

void write_index_page(const fs::path& dir, const std::string& title) {
  fs::create_directories(dir);
  write_file(dir / "_index.md", "+++\ntitle = " + toml_string(title) + "\n+++\n");
}

fs::path hugo_story_path(const fs::path& site, const Story& s) {
  return site / "content" / "stories" / (slugify(s.title) + "-" + s.id.substr(0, 8) + ".md");
}

void write_hugo_site(const fs::path& site, const std::vector<Story>& stories, const std::vector<Unit>& units) {
  write_hugo_layouts(site);
  fs::path content = site / "content";
  write_index_page(content / "stories", "Gương điển hình tiên tiến");
  write_index_page(content / "districts", "Huyện, thành phố");
  write_index_page(content / "categories", "Loại điển hình");
  for (const auto& u : units) write_index_page(content / "districts" / u.id, u.name);
  for (const char* c : kCategories) write_index_page(content / "categories" / c, category_name(c));
  for (const auto& s : stories) {
    write_file(hugo_story_path(site, s),
               "+++\ntitle = " + toml_string(s.title) + "\ndate = " + s.published_on +
                   "T08:00:00+07:00\nsubject = " + toml_string(s.subject) + "\ndistricts = [" +
                   toml_string(s.unit_id) + "]\ncategories = [" + toml_string(s.category) + "]\n+++\n\n" +
                   s.body_md);
  }
}

// ---------------------------------------------------------------------------
// Measuring

struct Env {
  std::string thidua, content;
  fs::path dir;
  fs::path db() const { return dir / "central.db"; }
  fs::path site() const { return dir / "hugo-site"; }
  fs::path thidua_out() const { return dir / "thidua-out"; }
  fs::path hugo_out() const { return dir / "hugo-out"; }
  fs::path out_log() const { return dir / "init.stdout"; }
  fs::path err_log() const { return dir / "init.stderr"; }
};

// One measured command: what runs before it (not timed), and its runs.
struct Step {
  Step(std::string name_, std::vector<std::string> command_, std::function<void(int)> before_, fs::path out_dir_)
      : name(std::move(name_)), command(std::move(command_)), before(std::move(before_)), out_dir(std::move(out_dir_)) {}

  std::string name;  // "a. thidua site build, empty out dir"
  std::vector<std::string> command;
  std::function<void(int run)> before;
  fs::path out_dir;  // what it builds, for the output column
  std::vector<double> seconds;  // wall time of each run, in order
  long peak_rss_kb = 0;         // max over the runs
  bool failed = false;
  std::string last_stdout;

  fs::path log(const Env& env, const char* stream) const { return env.dir / (name.substr(0, 1) + "." + stream); }
  double median() const {
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    return sorted.empty() ? 0 : sorted[sorted.size() / 2];
  }
};

struct OutputSize {
  long files = 0, html = 0;
  std::uintmax_t bytes = 0;
};

OutputSize output_size(const fs::path& dir) {
  OutputSize o;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    ++o.files;
    if (it->path().extension() == ".html") ++o.html;
    o.bytes += it->file_size();
  }
  return o;
}

// Runs the step's `before` (not timed), then its command once, timed. A
// failed step is not run again; its stderr is printed. Dirty pages (the data
// just made, a deleted output) are flushed first, so that no run pays for
// the writeback of what came before it.
void run_once(const Env& env, Step& step, int run) {
  if (step.failed) return;
  step.before(run);
  sync();
  RunResult r = run_process(step.command, step.log(env, "stdout"), step.log(env, "stderr"));
  if (r.exit_code != 0) {
    std::string err = read_file(step.log(env, "stderr"));
    std::printf("%s: `%s %s` failed (exit %d); its stderr:\n%s\n", step.name.c_str(), step.command[0].c_str(),
                step.command[1].c_str(), r.exit_code, err.empty() ? "(nothing)" : err.c_str());
    step.failed = true;
    return;
  }
  step.seconds.push_back(r.seconds);
  step.peak_rss_kb = std::max(step.peak_rss_kb, r.peak_rss_kb);
  step.last_stdout = read_file(step.log(env, "stdout"));
}

void print_row(const Step& step) {
  if (step.failed || step.seconds.empty()) {
    std::printf("%-42s %9s\n", step.name.c_str(), step.failed ? "failed" : "not run");
    return;
  }
  OutputSize o = output_size(step.out_dir);
  std::string runs;
  for (double t : step.seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, runs.empty() ? "%.2f" : "/%.2f", t);
    runs += buf;
  }
  std::printf("%-42s %7.3f s %7.1f MB  %-16s %6ld files (%ld .html), %.1f MB\n", step.name.c_str(), step.median(),
              static_cast<double>(step.peak_rss_kb) / 1024.0, runs.c_str(), o.files, o.html,
              static_cast<double>(o.bytes) / (1024.0 * 1024.0));
}

void clear_dir(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) die("cannot empty " + dir.string() + ": " + ec.message());
}

// ---------------------------------------------------------------------------
// Steps

void create_data(const Env& env, int n) {
  RunResult init = run_process({env.thidua, "server", "init", "--db", env.db().string(), "--content", env.content},
                               env.out_log(), env.err_log());
  if (init.exit_code != 0) die("thidua server init failed: " + read_file(env.err_log()));
  in_child("generating the data", [&] {
    auto start = Clock::now();
    std::mt19937 rng(2021);
    auto store = check(Store::open(env.db().string()), "open " + env.db().string());
    std::vector<Unit> units = districts(*store);
    std::vector<Story> stories = make_stories(n, units, rng);
    double made = seconds_since(start);
    auto t = Clock::now();
    std::size_t cells = sync_in(*store, stories, units, rng);
    double synced = seconds_since(t);
    t = Clock::now();
    write_hugo_site(env.site(), stories, units);
    double written = seconds_since(t);
    long words = 0;
    for (const auto& s : stories) words += word_count(s.body_md);
    std::printf("data: %d published stories (%ld words each on average) in %zu districts, %zu cells applied\n", n,
                n ? words / n : 0, units.size(), cells);
    std::printf("      generated in %.1f s (text %.1f s, apply_remote %.1f s, hugo files %.1f s); not measured\n\n",
                seconds_since(start), made, synced, written);
  });
}

// Appends a paragraph to the body of one published story, through the Store.
void edit_story_in_db(const Env& env, int run) {
  in_child("editing a story", [&] {
    auto store = check(Store::open(env.db().string()), "open " + env.db().string());
    auto ids = check(store->ids_where("stories", "status", Value(std::string("published"))), "published ids");
    if (ids.empty()) die("no published story");
    const std::string& id = ids[static_cast<std::size_t>(run * 7) % ids.size()];
    auto row = check(store->get("stories", id), "read story " + id);
    if (!row) die("story " + id + " vanished");
    std::string body = as_text(*row, "body_md") + "\n\nCập nhật lần " + std::to_string(run + 1) +
                       ": bà con trong thôn tiếp tục nhân rộng mô hình.\n";
    check(store->write("stories", {{"id", id}, {"body_md", body}}), "edit story " + id);
  });
}

void edit_hugo_story(const Env& env, int run) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(env.site() / "content" / "stories"))
    if (e.path().filename() != "_index.md") files.push_back(e.path());
  if (files.empty()) die("no hugo story file");
  std::sort(files.begin(), files.end());
  const fs::path& f = files[static_cast<std::size_t>(run * 7) % files.size()];
  write_file(f, read_file(f) + "\n\nCập nhật lần " + std::to_string(run + 1) +
                    ": bà con trong thôn tiếp tục nhân rộng mô hình.\n");
}

// This process's resident memory, from /proc/self/status.
long resident_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

const char* yes_no(bool b) { return b ? "yes" : "NO"; }

struct Args {
  std::string thidua, content;
  int stories = 10'000;
  int runs = 3;
  bool keep = false;  // leave the temp dir for inspection
};

Args parse_args(int argc, char** argv) {
  const char* usage = "usage: site_bench THIDUA_BIN CONTENT_DIR [--stories N] [--runs R] [--keep]";
  if (argc < 3) die(usage);
  Args a;
  a.thidua = fs::absolute(argv[1]).lexically_normal().string();
  a.content = fs::absolute(argv[2]).lexically_normal().string();
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--stories" || arg == "--runs") && i + 1 < argc) {
      int v = std::atoi(argv[++i]);
      if (v < 1) die(arg + " takes a positive number");
      (arg == "--stories" ? a.stories : a.runs) = v;
    } else if (arg == "--keep") {
      a.keep = true;
    } else {
      die(usage);
    }
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  Env env;
  env.thidua = args.thidua;
  env.content = args.content;
  env.dir = fs::temp_directory_path() / ("thidua-site-bench-" + std::to_string(getpid()));
  fs::create_directories(env.dir);
  g_temp_dir = env.dir;
  g_owner_pid = args.keep ? -1 : getpid();
  std::atexit(remove_temp_dir);

  std::printf("thidua site benchmark: %d published stories; median wall time and max peak RSS of %d run(s)\n",
              args.stories, args.runs);
  std::printf("in %s%s\n\n", env.dir.c_str(), args.keep ? " (kept)" : "");
  create_data(env, args.stories);
  malloc_trim(0);
  std::printf("(a forked child's peak RSS counts this process's %.1f MB resident before exec)\n\n",
              static_cast<double>(resident_kb()) / 1024.0);

  const std::string base_url = "https://thidua.hagiang.example/";
  const std::vector<std::string> thidua = {env.thidua, "site", "build", "--db", env.db().string(), "--content",
                                           env.content, "--out", env.thidua_out().string(), "--base-url", base_url};
  const std::vector<std::string> hugo = {"hugo", "--quiet", "-s", env.site().string(), "-d", env.hugo_out().string()};
  auto nothing = [](int) {};
  Step full{"a. thidua site build, empty out dir", thidua, [&](int) { clear_dir(env.thidua_out()); },
            env.thidua_out()};
  Step same{"b. thidua rebuild, nothing changed", thidua, nothing, env.thidua_out()};
  Step edit{"c. thidua rebuild after one story edited", thidua, [&](int run) { edit_story_in_db(env, run); },
            env.thidua_out()};
  Step hugo_full{"d. hugo, empty out dir", hugo, [&](int) { clear_dir(env.hugo_out()); }, env.hugo_out()};
  Step hugo_edit{"e. hugo after one content file edited", hugo, [&](int run) { edit_hugo_story(env, run); },
                 env.hugo_out()};

  // The two full builds take turns: file creation on a disk file system
  // can slow down over a run of builds, and neither should get the fresh disk.
  for (int run = 0; run < args.runs; ++run) {
    run_once(env, full, run);
    run_once(env, hugo_full, run);
  }
  for (Step* step : {&same, &edit, &hugo_edit}) {
    if (step != &hugo_edit && full.failed) continue;  // b and c need a's site
    for (int run = 0; run < args.runs; ++run) run_once(env, *step, run);
  }

  std::printf("%-42s %9s %10s  %-16s %s\n", "", "wall", "peak RSS", "each run (s)", "output");
  for (const Step* step : {&full, &same, &edit, &hugo_full, &hugo_edit}) print_row(*step);
  if (hugo_full.failed || hugo_edit.failed) die("hugo failed");
  if (full.failed || same.failed || edit.failed) {
    std::printf("\nthidua site build failed: no comparison.\n");
    return 1;
  }
  std::printf("\nthidua's summary of a full build:\n%s", full.last_stdout.c_str());
  std::printf("and of a rebuild after one edit:\n%s", edit.last_stdout.c_str());
  double ratio = hugo_full.median() / full.median();
  double peak_mb = static_cast<double>(std::max({full.peak_rss_kb, same.peak_rss_kb, edit.peak_rss_kb})) / 1024.0;
  std::printf("\nhugo full / thidua full: %.1fx\n", ratio);
  std::printf("targets:\n");
  std::printf("  full build >= 5x faster than hugo      %-4s (%.1fx)\n", yes_no(ratio >= 5.0), ratio);
  std::printf("  peak memory < 250 MB                   %-4s (%.1f MB)\n", yes_no(peak_mb < 250.0), peak_mb);
  std::printf("  rebuild after one edit < 0.2 s         %-4s (%.3f s)\n", yes_no(edit.median() < 0.2),
              edit.median());
  return 0;
}
