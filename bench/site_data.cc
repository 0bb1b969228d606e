// The site benchmark's data generator (site_data.h).
#include "bench/site_data.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>

#include "bench/bench_support.h"
#include "bench/site_process.h"
#include "common/slug.h"
#include "store/hlc.h"

namespace thidua::bench {
namespace {

namespace fs = std::filesystem;

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
// The cells a district node's insert of a row would bring: "_row" = 1 and
// every column, all at one clock.
void add_row(std::vector<RemoteCell>& cells, const std::string& table, const Row& row, Hlc hlc,
             const std::string& node) {
  const std::string pk = std::get<std::string>(row.at("id"));
  cells.push_back({table, pk, "_row", std::int64_t{1}, hlc, node, std::nullopt});
  for (const auto& [column, value] : row)
    if (column != "id") cells.push_back({table, pk, column, value, hlc, node, std::nullopt});
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

}  // namespace

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

}  // namespace thidua::bench
