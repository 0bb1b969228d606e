// Assets, search, the Atom feed, the sitemap, robots.txt and the 404 page.
#include "common/slug.h"
#include "sitegen/internal/format.h"
#include "sitegen/internal/pages.h"
#include "sitegen/markdown.h"

namespace thidua::site {
namespace {

// Words of a text, diacritics folded, for the search index.
std::string keys(const std::string& text) { return fold_diacritics(text); }

// A search-index entry: where, title, description, folded keys.
std::string index_entry(const std::string& url, const std::string& title, const std::string& description,
                        const std::string& text) {
  std::string e = "{\"d\":";
  append_json_string(e, description);
  e += ",\"k\":";
  append_json_string(e, keys(title + " " + description + " " + text));
  e += ",\"t\":";
  append_json_string(e, title);
  e += ",\"u\":";
  append_json_string(e, url);
  e += '}';
  return e;
}

std::string atom_date(const std::string& iso_date) {
  return iso_date.size() >= 10 ? iso_date.substr(0, 10) + "T00:00:00Z" : "2000-01-01T00:00:00Z";
}

}  // namespace

std::string Renderer::story_index_entry(const Story& s) const {
  return index_entry(story_dir(s), s.title,
                     category_label(s.category) + " · " + unit_name(s.unit_id) + " · " + date_vi(s.published_on),
                     s.subject + " " + state(s).next.text);
}

void Renderer::meta_files() {
  output_.put("assets/" + css_file_, theme_.file("site.css"));
  output_.put("assets/" + js_file_, theme_.file("search.js"));
  search_files();
  const std::string base = options_.base_url.empty() ? std::string("/") : options_.base_url;
  atom_feed(base);
  not_found_page();
  sitemap_files(base);
}

// Search: a static index of pages (title, where it is, folded keys), and
// the page that searches it. Entries are JSON objects joined by commas; a
// story's entry is reused from the previous build while the story is
// unchanged.
void Renderer::search_files() {
  std::string index = "[";
  std::size_t size = 4096;
  for (const auto& st : stories_) size += st.next.index_entry.size() + 1;
  index.reserve(size);
  auto add = [&](const std::string& json) {
    if (index.size() > 1) index += ',';
    index += json;
  };
  for (const auto& st : stories_) add(st.next.index_entry);
  if (!data_.plans.empty()) {
    for (const auto& t : data_.plans.back().tasks) {
      add(index_entry("nhiem-vu/" + t.slug + "/", markdown_to_text(t.content, 120), "Nhiệm vụ quý " + roman(t.quarter), t.content));
    }
  }
  for (const auto& u : data_.units) {
    if (unit_pages_.count(u.slug)) add(index_entry("don-vi/" + u.slug + "/", u.name, "Đơn vị", u.short_name));
  }
  index += ']';
  output_.put("tim-kiem/chi-muc.json", std::move(index));
  Data d;
  d.set("js_file", js_file_);
  page("tim-kiem/", "search", d, "Tìm kiếm", "Tìm gương điển hình, nhiệm vụ và đơn vị, có dấu hoặc không dấu.",
       {{"Trang chủ", ""}});
}

// Atom feed of stories, newest first, at most 50. Dates come from the data,
// never from the clock: the same data gives the same feed.
void Renderer::atom_feed(const std::string& base) {
  std::string feed = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n";
  feed += "<title>Gương điển hình tiên tiến — Thi đua, khen thưởng tỉnh Hà Giang</title>\n";
  feed += "<id>" + xml_escape(base) + "feed.xml</id>\n";
  feed += "<link rel=\"self\" href=\"" + xml_escape(base) + "feed.xml\"/>\n";
  feed += "<link href=\"" + xml_escape(base) + "\"/>\n";
  feed += "<updated>" + atom_date(data_.stories.empty() ? std::string() : data_.stories.front().published_on) +
          "</updated>\n<author><name>Hội đồng Thi đua - Khen thưởng tỉnh Hà Giang</name></author>\n";
  for (std::size_t i = 0; i < data_.stories.size() && i < 50; ++i) {
    const Story& s = data_.stories[i];
    const std::string url = base + story_dir(s);
    feed += "<entry>\n<title>" + xml_escape(s.title) + "</title>\n<id>" + xml_escape(url) + "</id>\n<link href=\"" +
            xml_escape(url) + "\"/>\n<updated>" + atom_date(s.published_on) + "</updated>\n<summary>" +
            xml_escape(state(s).next.text) + "</summary>\n</entry>\n";
  }
  feed += "</feed>\n";
  output_.put("feed.xml", std::move(feed));
}

// The 404 page is served at any depth: it links from the site's root.
void Renderer::not_found_page() {
  std::string root = "/";
  if (!options_.base_url.empty()) {
    auto scheme = options_.base_url.find("://");
    auto path = scheme == std::string::npos ? std::string::npos : options_.base_url.find('/', scheme + 3);
    root = path == std::string::npos ? "/" : options_.base_url.substr(path);
  }
  output_.put("404.html", render_page(theme_, "", "404", Data(), "Không tìm thấy trang", "Không tìm thấy trang.", {}, root));
  ++out_->pages;
}

void Renderer::sitemap_files(const std::string& base) {
  std::string sitemap = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  std::vector<std::string> dirs = sitemap_dirs_;
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) sitemap += "<url><loc>" + xml_escape(base + dir) + "</loc></url>\n";
  sitemap += "</urlset>\n";
  output_.put("sitemap.xml", std::move(sitemap));

  Data robots;
  if (!options_.base_url.empty()) robots.set("sitemap", options_.base_url + "sitemap.xml");
  output_.put("robots.txt", theme_.render("robots.txt", robots));
}

}  // namespace thidua::site
