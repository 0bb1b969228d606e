// Story pages and the lists of stories: all, by category, by district.
#include <algorithm>

#include "common/hex.h"
#include "sitegen/internal/format.h"
#include "sitegen/internal/pages.h"
#include "sitegen/markdown.h"

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

// A paginated list: `dir` is page 1, `dir`trang/N/ the others. Pages
// whose inputs are unchanged since the last build are kept; the others
// are rendered on every core.
void Renderer::story_list(const std::string& dir, const std::string& heading,
                          const std::vector<const Story*>& stories, const std::vector<Crumb>& crumbs, const Data& filters) {
  const std::size_t pages = std::max<std::size_t>(1, (stories.size() + kPerPage - 1) / kPerPage);
  auto page_dir = [&](std::size_t p) { return p == 1 ? dir : dir + "trang/" + std::to_string(p) + "/"; };
  auto first = [&](std::size_t p) { return (p - 1) * kPerPage; };
  auto last = [&](std::size_t p) { return std::min(stories.size(), p * kPerPage); };
  std::string filter_key;
  if (filters.is_list()) {
    for (const auto& f : filters.list_value()) filter_key += f.get("href")->string_value() + ";";
  }

  std::vector<std::size_t> to_render;  // page numbers
  std::vector<const Story*> shown;     // on the pages to render
  for (std::size_t p = 1; p <= pages; ++p) {
    // What this page shows: unchanged since the last build, its file stays.
    std::string inputs = heading + "\t" + std::to_string(p) + "/" + std::to_string(pages) + "\t" + filter_key;
    for (std::size_t i = first(p); i < last(p); ++i) {
      const Story& s = *stories[i];
      inputs += "\n" + s.id + "\t" + std::to_string(s.version) + "\t" + state(s).slug;
    }
    const std::string digest = sha256_hex(inputs);
    const std::string path = page_dir(p) + "index.html";
    out_->cache.pages[path] = digest;
    if (trusted_) {
      auto known = previous_.pages.find(path);
      if (known != previous_.pages.end() && known->second == digest && output_.has(path)) {
        keep_page(page_dir(p));
        continue;
      }
    }
    to_render.push_back(p);
    shown.insert(shown.end(), stories.begin() + static_cast<std::ptrdiff_t>(first(p)),
                 stories.begin() + static_cast<std::ptrdiff_t>(last(p)));
  }
  ensure_cards(shown);

  in_parallel(to_render.size(), [&](const Theme& theme, std::size_t k) {
    const std::size_t p = to_render[k];
    const std::string root = root_of(page_dir(p));
    Data d;
    d.set("heading", p == 1 ? heading : heading + " — trang " + std::to_string(p));
    List cards;
    for (std::size_t i = first(p); i < last(p); ++i) cards.push_back(card_item_ready(*stories[i], root));
    d.set("has_stories", flag(!stories.empty()));
    d.set("stories", cards);
    if (pages > 1) {
      Data pager;
      pager.set("page", std::to_string(p));
      pager.set("pages", std::to_string(pages));
      if (p > 1) pager.set("prev", root + page_dir(p - 1));
      if (p < pages) pager.set("next", root + page_dir(p + 1));
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
    const std::string title = p == 1 ? heading : heading + " — trang " + std::to_string(p);
    output_.put(page_dir(p) + "index.html",
                render_page(theme, page_dir(p), "stories", d, title,
                            "Gương người tốt, việc tốt và điển hình tiên tiến được công bố.", crumbs));
  });
  for (std::size_t p : to_render) listed(page_dir(p));
}

const std::vector<Crumb>& story_crumbs() {
  static const std::vector<Crumb> crumbs = {{"Trang chủ", ""}, {"Gương điển hình", "guong-dien-hinh/"}};
  return crumbs;
}

Data story_page_data(const Story& s, const std::string& unit_name, const std::string& unit_slug,
                     const std::string& body_html, const std::vector<std::string>& photo_srcs) {
  Data d;
  d.set("title", s.title);
  d.set("subject", s.subject);
  d.set("category_label", category_label(s.category));
  std::string lower = category_label(s.category);
  if (!lower.empty() && lower[0] >= 'A' && lower[0] <= 'Z') lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
  d.set("category_label_lower", lower);
  d.set("category_slug", category_slug(s.category));
  d.set("unit_name", unit_name);
  d.set("unit_slug", unit_slug);
  d.set("published_on", s.published_on);
  d.set("published_date", date_vi(s.published_on));
  d.set("body_html", body_html);
  List photos;
  for (std::size_t i = 0; i < s.photos.size(); ++i) {
    const Photo& p = s.photos[i];
    Data ph;
    ph.set("src", i < photo_srcs.size() ? photo_srcs[i] : std::string());
    ph.set("width", std::to_string(p.width));
    ph.set("height", std::to_string(p.height));
    // A caption says it aloud already: the image itself then has alt="".
    ph.set("alt", p.alt.empty() ? "Ảnh: " + s.title : std::string());
    if (!p.alt.empty()) ph.set("caption", p.alt);
    photos.push_back(ph);
  }
  d.set("photos", photos);
  return d;
}

std::string Renderer::render_story(const Theme& theme, const Story& s, const std::string& body_html) const {
  std::vector<std::string> srcs;
  for (const auto& p : s.photos) srcs.push_back(photo_path(p));
  Data d = story_page_data(s, unit_name(s.unit_id), unit_slug(s.unit_id), body_html, srcs);
  return render_page(theme, story_dir(s), "story", d, s.title, shorten(state(s).next.text, 160), story_crumbs());
}

void Renderer::story_pages() {
  const std::vector<Crumb> home = {{"Trang chủ", ""}};
  const std::vector<Crumb> list_crumb = {{"Trang chủ", ""}, {"Gương điển hình", "guong-dien-hinh/"}};

  // Story pages are most of a site and independent of each other: they
  // are rendered on every core, then stored in order.
  prepare_stories();
  for (std::size_t i = 0; i < data_.stories.size(); ++i) {
    const Story& s = data_.stories[i];
    for (const auto& p : s.photos) out_->photos.push_back(PhotoFile{photo_path(p), p.blob_hash});
    if (stories_[i].memo) {
      keep_page(story_dir(s));
    } else {
      listed(story_dir(s));  // written as it was rendered
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
