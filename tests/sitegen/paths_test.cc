// Folder names of generated pages (sitegen/internal/paths.h) and, through whole
// builds, that every published story has exactly one page and every link
// to it opens it (issue 9 row 8).
#include <algorithm>
#include <random>
#include <regex>
#include <set>

#include "common/hex.h"
#include "sitegen/internal/paths.h"
#include "tests/sitegen/site_fixture.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

// A marker only this story's body holds, kept whole by folding and
// summaries: which story a page or a card shows.
std::string marker(const std::string& id) { return "zq" + id + "zq"; }

// Lowercase ASCII letters and digits in runs joined by '-' (single or the
// double of a suffix): safe as one path segment anywhere.
bool is_plain_name(const std::string& n) {
  if (n.empty() || n.front() == '-' || n.back() == '-') return false;
  return std::all_of(n.begin(), n.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// Checks a built site against its published stories (id -> title):
// exactly one page per story, each list card, feed entry and search entry
// pointing at the page of the story whose text it shows.
void check_story_pages(const std::string& out, const std::set<std::string>& ids) {
  std::map<std::string, std::string> folder_of;  // id -> folder under guong-dien-hinh/
  std::map<std::string, std::string> story_in;   // folder -> id
  const std::regex mark("zq([a-z0-9]+)zq");
  for (const auto& e : fs::directory_iterator(out + "/guong-dien-hinh")) {
    const std::string folder = e.path().filename().string();
    if (folder == "loai" || folder == "trang" || !fs::exists(e.path() / "index.html")) continue;
    const std::string page = read(e.path() / "index.html");
    std::set<std::string> shown;
    for (std::sregex_iterator it(page.begin(), page.end(), mark), end; it != end; ++it) shown.insert((*it)[1]);
    CAPTURE(folder);
    REQUIRE(shown.size() == 1);
    const std::string id = *shown.begin();
    CHECK_MESSAGE(folder_of.count(id) == 0, "two pages for story " << id);
    folder_of[id] = folder;
    story_in[folder] = id;
  }
  for (const auto& id : ids) CHECK_MESSAGE(folder_of.count(id) == 1, "no page for story " << id);
  CHECK(folder_of.size() == ids.size());

  // Cards in every list page: the link and the summary are the same story.
  const std::regex card(R"(<li class="card">\s*<h3><a href="[^"]*guong-dien-hinh/([^/"]+)/">[\s\S]*?zq([a-z0-9]+)zq)");
  std::size_t cards = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (e.path().filename() != "index.html") continue;
    const std::string page = read(e.path());
    for (std::sregex_iterator it(page.begin(), page.end(), card), end; it != end; ++it, ++cards) {
      CAPTURE(e.path().string());
      CHECK(story_in[(*it)[1]] == std::string((*it)[2]));
    }
  }
  CHECK(cards >= ids.size());
  // The search index: each story entry's address is its own page.
  const std::string index = read(out + "/tim-kiem/chi-muc.json");
  const std::regex entry(R"(zq([a-z0-9]+)zq[^}]*"u":"guong-dien-hinh/([^/"]+)/")");
  std::size_t entries = 0;
  for (std::sregex_iterator it(index.begin(), index.end(), entry), end; it != end; ++it, ++entries) {
    CHECK(folder_of[(*it)[1]] == std::string((*it)[2]));
  }
  CHECK(entries == ids.size());
}

}  // namespace

TEST_CASE("regression (issue 9 row 8): 'Người giữ rừng' of two districts and 'Người giữ rừng 2' get three pages") {
  SiteFixture f;
  {
    auto s = f.open();
    f.story(*s, "a", "dong-van", "Người giữ rừng", "individual", "published", "2021-05-01", marker("a"));
    f.story(*s, "b", "meo-vac", "Người giữ rừng", "individual", "published", "2021-05-03", marker("b"));
    f.story(*s, "c", "meo-vac", "Người giữ rừng 2", "individual", "published", "2021-05-02", marker("c"));
  }
  auto r = f.build();
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  const std::string plain = read(f.out + "/guong-dien-hinh/nguoi-giu-rung/index.html");
  CHECK(plain.find(marker("a")) != std::string::npos);  // the first published keeps the plain name
  CHECK(read(f.out + "/guong-dien-hinh/nguoi-giu-rung-2/index.html").find(marker("c")) != std::string::npos);
  const std::string b_dir = f.out + "/guong-dien-hinh/nguoi-giu-rung--" + sha256_hex("b").substr(0, 8);
  CHECK(read(b_dir + "/index.html").find(marker("b")) != std::string::npos);
}

TEST_CASE("regression (issue 9 row 8): random colliding titles, every story one page, every link the right story") {
  // Titles that fold alike, fold to nothing, to a name the site uses
  // itself, or to another story's name with its suffix.
  std::vector<std::string> titles = {"Người giữ rừng", "NGƯỜI GIỮ RỪNG", "người-giữ-rừng!", "Người giữ rừng 2",
                                     "Người giữ rừng   2", "???", "", "Trang", "Loại", "Gương", "中文",
                                     std::string(100, 'a') + " một", std::string(100, 'a') + " hai"};
  std::mt19937 rng(20260912);
  for (int round = 0; round < 4; ++round) {
    CAPTURE(round);
    SiteFixture f;
    std::set<std::string> ids;
    std::vector<std::pair<std::string, std::string>> stories;  // id, title
    for (int i = 0; i < 14; ++i) {
      const std::string id = "r" + std::to_string(round) + "x" + std::to_string(rng() % 100000);
      if (!ids.insert(id).second) continue;
      stories.emplace_back(id, titles[rng() % titles.size()]);
    }
    // A title equal to another story's name with its suffix.
    const std::string victim = stories.front().first;
    const std::string forged = "Người giữ rừng " + sha256_hex(victim).substr(0, 8);
    stories.front().second = "Người giữ rừng";
    stories.emplace_back("r" + std::to_string(round) + "forged", forged);
    ids.insert(stories.back().first);
    {
      auto s = f.open();
      // Remove the fixture's two published stories: only marked ones count.
      REQUIRE(s->write("stories", {{"id", std::string("s1")}, {"status", std::string("draft")}}).is_ok());
      REQUIRE(s->write("stories", {{"id", std::string("s2")}, {"status", std::string("draft")}}).is_ok());
      for (const auto& [id, title] : stories) {
        const std::string day = "2021-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10);
        f.story(*s, id, rng() % 2 ? "dong-van" : "meo-vac", title, "individual", "published", day, marker(id));
      }
    }
    auto r = f.build();
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    check_story_pages(f.out, ids);
    // A rebuild after a colliding story is withdrawn: still one page each.
    {
      auto s = f.open();
      REQUIRE(s->write("stories", {{"id", victim}, {"status", std::string("draft")}}).is_ok());
    }
    ids.erase(victim);
    REQUIRE(f.build().is_ok());
    check_story_pages(f.out, ids);
  }
}

TEST_CASE("folder names are unique by construction and do not depend on the order items come in") {
  std::vector<site::NameRequest> requests = {
      {"nguoi-giu-rung", "a", "2021-05-01", false}, {"nguoi-giu-rung", "b", "2021-05-03", false},
      {"nguoi-giu-rung-2", "c", "2021-05-02", false}, {"", "d", "2021-01-01", false},
      {"", "e", "2021-01-01", false}, {"trang", "f", "2021-01-01", false},
      {"guong", "g", "2021-09-01", false}, {"Không phải slug", "h", "", false},
      {"dong-van", "i", "", true}, {"dong-van", "j", "", false}};
  const std::set<std::string> reserved = {"loai", "trang"};
  auto names = site::unique_names(requests, reserved, "guong");
  std::map<std::string, std::string> by_id;
  for (std::size_t i = 0; i < names.size(); ++i) by_id[requests[i].id] = names[i];
  CHECK(by_id["a"] == "nguoi-giu-rung");  // first published keeps the plain name
  CHECK(by_id["b"] == "nguoi-giu-rung--" + sha256_hex("b").substr(0, 8));
  CHECK(by_id["c"] == "nguoi-giu-rung-2");
  CHECK(by_id["d"] == "guong--" + sha256_hex("d").substr(0, 8));  // folds to nothing: always suffixed
  CHECK(by_id["f"] == "trang--" + sha256_hex("f").substr(0, 8));  // a name the site uses
  CHECK(by_id["g"] == "guong");
  CHECK(by_id["h"] == "khong-phai-slug--" + sha256_hex("h").substr(0, 8));
  CHECK(by_id["i"] == "dong-van--" + sha256_hex("i").substr(0, 8));
  CHECK(by_id["j"] == "dong-van");
  std::set<std::string> distinct(names.begin(), names.end());
  CHECK(distinct.size() == names.size());
  for (const auto& n : names) {
    CHECK(is_plain_name(n));
    CHECK_FALSE(reserved.count(n));
  }

  std::mt19937 rng(7);
  for (int k = 0; k < 20; ++k) {
    std::vector<std::size_t> order(requests.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<site::NameRequest> shuffled;
    for (auto i : order) shuffled.push_back(requests[i]);
    auto again = site::unique_names(shuffled, reserved, "guong");
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(again[i] == names[order[i]]);
  }
}

TEST_CASE("council sessions that fold alike get distinct anchors on the commendations page") {
  SiteFixture f;
  {
    auto s = f.open();
    for (const auto& [id, session] : {std::pair<std::string, std::string>{"n7", "2021 06"}, {"n8", "khac"}, {"n9", ""}}) {
      REQUIRE(s->write("nominations", {{"id", id}, {"unit_id", std::string("dong-van")}, {"nominee", std::string("Người " + id)},
                                       {"award", std::string("Giấy khen")}, {"status", std::string("approved")},
                                       {"council_session", session}, {"decision_no", "1/" + id},
                                       {"decided_on", std::string("2021-07-01")}}).is_ok());
    }
  }
  REQUIRE(f.build().is_ok());
  // Issue 13: the record is by year; only decided commendations (a decision
  // number) appear, and the fixture has one council session as a record.
  const std::string page = read(f.out + "/khen-thuong/2021/index.html");
  const std::regex id_attr(R"( id="(phien-[^"]*)\")");
  std::vector<std::string> ids;
  for (std::sregex_iterator it(page.begin(), page.end(), id_attr), end; it != end; ++it) ids.push_back((*it)[1]);
  std::set<std::string> distinct(ids.begin(), ids.end());
  CHECK(ids.size() == 5);
  CHECK(distinct.size() == ids.size());
  CHECK(distinct.count("phien-2021-06") == 1);
  CHECK(distinct.count("phien-khac") == 1);
}
