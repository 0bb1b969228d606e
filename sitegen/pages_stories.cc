// Story pages and the lists of stories: all, by category, by district.
#include <algorithm>
#include <thread>

#include "sitegen/format.h"
#include "sitegen/markdown.h"
#include "sitegen/pages.h"
#include "sync/photo.h"

namespace thidua::site {
namespace {

constexpr std::size_t kPerPage = 20;

std::string photo_extension(const std::string& mime) {
  if (mime == "image/png") return ".png";
  if (mime == "image/webp") return ".webp";
  return ".jpg";
}

const char* kCategories[] = {"individual", "collective", "business"};

std::string photo_path(const Photo& p) { return "anh/" + p.blob_hash.substr(0, 20) + photo_extension(p.mime); }

}  // namespace

// A paginated list: `dir` is page 1, `dir`trang/N/ the others.
void Renderer::story_list(const std::string& dir, const std::string& heading,
                          const std::vector<const Story*>& stories, const std::vector<Crumb>& crumbs, Data filters) {
  const std::size_t pages = std::max<std::size_t>(1, (stories.size() + kPerPage - 1) / kPerPage);
  for (std::size_t p = 1; p <= pages; ++p) {
    const std::string page_dir = p == 1 ? dir : dir + "trang/" + std::to_string(p) + "/";
    const std::string root = root_of(page_dir);
    // What this page shows: unchanged since the last build, its file stays.
    std::string inputs = heading + "\t" + std::to_string(p) + "/" + std::to_string(pages) + "\t";
    if (filters.is_list()) {
      for (const auto& f : filters.list_value()) inputs += f.get("href")->string_value() + ";";
    }
    for (std::size_t i = (p - 1) * kPerPage; i < std::min(stories.size(), p * kPerPage); ++i) {
      const Story& s = *stories[i];
      inputs += "\n" + s.id + "\t" + std::to_string(s.version) + "\t" + story_slugs_.at(s.id);
    }
    const std::string digest = sha256_hex(inputs);
    const std::string path = page_dir + "index.html";
    out_->cache.pages[path] = digest;
    if (trusted_) {
      auto known = previous_.pages.find(path);
      if (known != previous_.pages.end() && known->second == digest) {
        keep_page(page_dir);
        continue;
      }
    }
    Data d;
    d.set("heading", p == 1 ? heading : heading + " — trang " + std::to_string(p));
    List cards;
    for (std::size_t i = (p - 1) * kPerPage; i < std::min(stories.size(), p * kPerPage); ++i) {
      cards.push_back(card_item(*stories[i], root));
    }
    d.set("has_stories", flag(!stories.empty()));
    d.set("stories", cards);
    if (pages > 1) {
      Data pager;
      pager.set("page", std::to_string(p));
      pager.set("pages", std::to_string(pages));
      if (p > 1) pager.set("prev", root + (p == 2 ? dir : dir + "trang/" + std::to_string(p - 1) + "/"));
      if (p < pages) pager.set("next", root + dir + "trang/" + std::to_string(p + 1) + "/");
      d.set("pager", pager);
    }
    // Filter links are relative to the site root: prefix them for this page.
    List links;
    if (filters.is_list()) {
      for (const auto& f : filters.list_value()) {
        Data link = f;
        link.set("href", root + f.get("href")->string_value());
        links.push_back(link);
      }
    }
    d.set("has_filters", flag(!links.empty()));
    d.set("filters", links);
    page(page_dir, "stories", d, p == 1 ? heading : heading + " — trang " + std::to_string(p),
         "Gương người tốt, việc tốt và điển hình tiên tiến được công bố.", crumbs);
  }
}

std::string Renderer::render_story(const Theme& theme, const Story& s) const {
  static const std::vector<Crumb> list_crumb = {{"Trang chủ", ""}, {"Gương điển hình", "guong-dien-hinh/"}};
  Data d;
  d.set("title", s.title);
  d.set("subject", s.subject);
  d.set("category_label", category_label(s.category));
  std::string lower = category_label(s.category);
  if (!lower.empty() && lower[0] >= 'A' && lower[0] <= 'Z') lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
  d.set("category_label_lower", lower);
  d.set("category_slug", category_slug(s.category));
  d.set("unit_name", unit_name(s.unit_id));
  d.set("unit_slug", unit_slug(s.unit_id));
  d.set("published_on", s.published_on);
  d.set("published_date", date_vi(s.published_on));
  d.set("body_html", markdown_to_html(s.body_md));
  List photos;
  for (const auto& p : s.photos) {
    Data ph;
    ph.set("src", photo_path(p));
    ph.set("width", std::to_string(p.width));
    ph.set("height", std::to_string(p.height));
    // A caption says it aloud already: the image itself then has alt="".
    ph.set("alt", p.alt.empty() ? "Ảnh: " + s.title : std::string());
    if (!p.alt.empty()) ph.set("caption", p.alt);
    photos.push_back(ph);
  }
  d.set("photos", photos);
  return render_page(theme, story_dir(s), "story", d, s.title, shorten(story_text(s), 160), list_crumb);
}

void Renderer::story_pages() {
  const std::vector<Crumb> home = {{"Trang chủ", ""}};
  const std::vector<Crumb> list_crumb = {{"Trang chủ", ""}, {"Gương điển hình", "guong-dien-hinh/"}};

  // Story pages are most of a site and independent of each other: they are
  // rendered on every core, each thread with its own copy of the theme,
  // then stored in order (the output does not depend on the threads).
  const std::size_t n = data_.stories.size();
  std::vector<std::string> html(n);
  std::vector<bool> keep(n);
  for (std::size_t i = 0; i < n; ++i) keep[i] = memo(data_.stories[i]) != nullptr;  // unchanged since the last build
  const unsigned workers = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  auto work = [&](const Theme& theme, std::size_t first) {
    for (std::size_t i = first; i < n; i += workers)
      if (!keep[i]) html[i] = render_story(theme, data_.stories[i]);
  };
  std::vector<Theme> themes;
  for (unsigned w = 1; w < workers && n > 64; ++w) themes.push_back(theme_.clone());
  std::vector<std::thread> threads;
  for (std::size_t w = 0; w < themes.size(); ++w) threads.emplace_back(work, std::cref(themes[w]), w + 1);
  if (threads.empty()) {
    for (std::size_t i = 0; i < n; ++i)
      if (!keep[i]) html[i] = render_story(theme_, data_.stories[i]);
  } else {
    work(theme_, 0);
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < n; ++i) {
    const Story& s = data_.stories[i];
    for (const auto& p : s.photos) out_->photos.push_back(PhotoFile{photo_path(p), p.blob_hash});
    if (keep[i]) {
      keep_page(story_dir(s));
    } else {
      store_page(story_dir(s), std::move(html[i]));
    }
  }

  auto filters_for = [&](const std::string& current) {
    List l;
    auto add = [&](const std::string& label, const std::string& href, bool is_current) {
      Data f;
      f.set("label", label);
      f.set("href", href);
      f.set("current", flag(is_current));
      l.push_back(f);
    };
    add("Tất cả", "guong-dien-hinh/", current.empty());
    for (const char* c : kCategories) {
      add(category_label(c), "guong-dien-hinh/loai/" + category_slug(c) + "/", current == c);
    }
    return Data(l);
  };

  std::vector<const Story*> all;
  for (const auto& s : data_.stories) all.push_back(&s);
  story_list("guong-dien-hinh/", "Gương điển hình tiên tiến", all, home, filters_for(""));
  for (const char* c : kCategories) {
    std::vector<const Story*> of;
    for (const auto* s : all)
      if (s->category == c) of.push_back(s);
    story_list("guong-dien-hinh/loai/" + category_slug(c) + "/", "Gương điển hình: " + category_label(c), of,
               list_crumb, filters_for(c));
  }
}

}  // namespace thidua::site
