// The renderer's shared parts: the build context, story state and cards, the
// layout around every page, and render_site() in its order.
#include "sitegen/internal/pages.h"

#include <algorithm>
#include <chrono>

#include "common/hex.h"
#include "common/slug.h"
#include "common/vietnam_time.h"
#include "sitegen/internal/format.h"
#include "sitegen/internal/parallel.h"
#include "sitegen/internal/paths.h"
#include "sitegen/markdown.h"

namespace thidua::site {
namespace {


// Stands for the root ("../../") in a card rendered once and placed in
// lists at every depth. Text that happened to hold it would only gain a
// relative path: nothing it could inject.
constexpr std::string_view kRootMarker = "\x1e\x1eroot\x1e\x1e";

std::string with_root(const std::string& card, const std::string& root) {
  std::string out;
  out.reserve(card.size() + 64);
  std::size_t from = 0;
  for (std::size_t at; (at = card.find(kRootMarker, from)) != std::string::npos; from = at + kRootMarker.size()) {
    out.append(card, from, at - from).append(root);
  }
  return out.append(card, from, std::string::npos);
}

}  // namespace

std::string build_context(const Theme& theme, const BuildOptions& options, const std::vector<Unit>& units) {
  // __DATE__ __TIME__: another build of thidua may render differently, so
  // its first site build renders everything.
  std::string all = std::string("thidua site ") + __DATE__ + " " + __TIME__ + "\n" + theme.fingerprint() + "\n" +
                    options.base_url + "\n";
  for (const auto& u : units) all += u.id + "\t" + u.name + "\t" + u.slug + "\t" + u.kind + "\n";
  return sha256_hex(all);
}

std::string photos_key(const Story& s) {
  std::string key;
  for (const auto& p : s.photos) {
    key += p.blob_hash + "/" + std::to_string(p.ordinal) + "/" + p.mime + "/" + std::to_string(p.width) + "x" +
           std::to_string(p.height) + "/" + p.alt + ";";
  }
  return key;
}

bool memo_holds(const StoryMemo& m, const Story& s) { return m.version == s.version && m.photos == photos_key(s); }

Renderer::Renderer(const SiteData& data, const Theme& theme, const BuildOptions& options, const BuildCache& previous,
                   Output& output, RenderedSite* out)
    : data_(data), theme_(theme), options_(options), previous_(previous), output_(output), out_(out) {
  out->cache.context = build_context(theme, options, data.units);
  trusted_ = !previous.context.empty() && previous.context == out->cache.context;
  today_ = options.today.empty() ? vietnam_today() : options.today;
  css_file_ = css_file_name(theme);
  js_file_ = "search." + sha256_hex(theme.file("search.js")).substr(0, 10) + ".js";
  for (std::size_t i = 0; i < data.units.size(); ++i) unit_index_[data.units[i].id] = i;
  stories_.resize(data.stories.size());
  // Story folders from folded titles, unique by construction (paths.h): a
  // title shared with another story, one that folds to nothing or to a
  // name guong-dien-hinh/ uses itself ("loai", "trang") gets a suffix from
  // the story's id; of equal titles the first published keeps the plain one.
  std::vector<NameRequest> requests;
  requests.reserve(data.stories.size());
  for (const auto& s : data.stories) requests.push_back(NameRequest{title_base(s.title), s.id, s.published_on, false});
  auto slugs = unique_names(requests, {"loai", "trang"}, "guong");
  for (std::size_t i = 0; i < slugs.size(); ++i) stories_[i].slug = std::move(slugs[i]);
  // A memo holds only while its page is still there (not deleted by hand).
  parallel_for(data.stories.size(), [&](unsigned, std::size_t i) {
    const Story& st = data.stories[i];
    const StoryMemo* m = find_memo(st, stories_[i].slug);
    if (m && !output.has(story_dir(st) + "index.html")) m = nullptr;
    stories_[i].memo = m;
  });
  for (std::size_t i = 0; i < data.stories.size(); ++i) {
    if (!stories_[i].memo && !data.stories[i].has_body) out->incomplete = true;  // the caller loads every body, starts again
  }
}

void Renderer::prepare_stories() {
  // Parsed once: the page, the summaries, the feed and the index all come
  // from one parse; an unchanged story's text and entry come from its memo.
  in_parallel(data_.stories.size(), [&](const Theme& theme, std::size_t i) {
    const Story& s = data_.stories[i];
    StoryState& st = stories_[i];
    StoryMemo& next = st.next;
    next.id = s.id;
    next.version = s.version;
    next.slug = st.slug;
    if (st.memo) {
      next.photos = st.memo->photos;
      next.text = st.memo->text;
      next.index_entry = st.memo->index_entry.empty() ? story_index_entry(s) : st.memo->index_entry;
      return;
    }
    next.photos = photos_key(s);
    MarkdownParts parts = render_markdown(s.body_md, 300);
    next.text = std::move(parts.text);
    st.card = theme.render("partial_story_card", story_card(s, std::string(kRootMarker)));
    output_.put(story_dir(s) + "index.html", render_story(theme, s, parts.html));
    next.index_entry = story_index_entry(s);
    if (options_.on_progress) {
      const std::size_t done = stories_done_.fetch_add(1, std::memory_order_relaxed) + 1;
      if (done % 500 == 0) {
        std::lock_guard lock(progress_mu_);
        options_.on_progress(done, data_.stories.size());
      }
    }
  });
}

void Renderer::finish_cache() {
  std::vector<StoryMemo> memos;
  memos.reserve(stories_.size());
  for (auto& st : stories_) memos.push_back(std::move(st.next));
  out_->cache.set_stories(std::move(memos));
}

void Renderer::in_parallel(std::size_t n, const std::function<void(const Theme&, std::size_t)>& fn) {
  while (worker_themes_.size() + 1 < threads_for(n)) worker_themes_.push_back(theme_.clone());
  parallel_for(n, [&](unsigned w, std::size_t i) { fn(w == 0 ? theme_ : worker_themes_[w - 1], i); });
}

std::string Renderer::root_of(const std::string& dir) {
  std::string root;
  for (char c : dir)
    if (c == '/') root += "../";
  return root.empty() ? "./" : root;  // never href="": it reads as a broken link
}

const Unit* Renderer::unit(const std::string& id) const {
  auto it = unit_index_.find(id);
  return it == unit_index_.end() ? nullptr : &data_.units[it->second];
}

std::string Renderer::unit_name(const std::string& id) const {
  const Unit* u = unit(id);
  return u ? (u->name.empty() ? u->id : u->name) : id;
}

std::string Renderer::unit_slug(const std::string& id) const {
  const Unit* u = unit(id);
  return u ? u->slug : slugify(id);
}

void Renderer::page(const std::string& dir, const std::string& tmpl, Data body, const std::string& title,
                    const std::string& description, const std::vector<Crumb>& crumbs) {
  store_page(dir, render_page(theme_, dir, tmpl, std::move(body), title, description, crumbs));
}

void Renderer::store_page(const std::string& dir, std::string html) {
  output_.put(dir + "index.html", std::move(html));
  listed(dir);
}

void Renderer::keep_page(const std::string& dir) {
  output_.keep(dir + "index.html");
  listed(dir);
}

void Renderer::listed(const std::string& dir) {
  ++out_->pages;
  sitemap_dirs_.push_back(dir);
}

// The previous build's memo of a story when it still holds, photos aside.
const StoryMemo* Renderer::find_memo(const Story& s, const std::string& slug) const {
  if (!trusted_) return nullptr;
  const StoryMemo* found = previous_.story(s.id);
  if (!found) return nullptr;
  return found->slug == slug && memo_holds(*found, s) ? found : nullptr;
}

std::string Renderer::render_page(const Theme& theme, const std::string& dir, const std::string& tmpl, Data body,
                                  const std::string& title, const std::string& description,
                                  const std::vector<Crumb>& crumbs, const std::string& root_override) const {
  const std::string root = root_override.empty() ? root_of(dir) : root_override;
  body.set("root", root);
  LayoutParts parts;
  parts.root = root;
  parts.title = title;
  parts.description = description;
  parts.css_file = css_file_;
  if (!options_.base_url.empty() && root_override.empty()) parts.canonical = options_.base_url + dir;
  parts.crumbs = crumbs;
  return render_layout(theme, parts, theme.render(tmpl, std::move(body)));
}

std::string render_layout(const Theme& theme, const LayoutParts& parts, std::string content) {
  Data layout;
  layout.set("root", parts.root);
  layout.set("page_title", parts.title);
  layout.set("site_title", "Thi đua, khen thưởng tỉnh Hà Giang");
  layout.set("description", parts.description);
  layout.set("css_file", parts.css_file);
  if (!parts.canonical.empty()) layout.set("canonical", parts.canonical);
  if (!parts.banner.empty()) layout.set("preview_banner", parts.banner);
  List trail;
  for (const auto& c : parts.crumbs) {
    Data item;
    item.set("label", c.label);
    item.set("href", parts.root + c.dir);
    trail.push_back(item);
  }
  layout.set("has_breadcrumbs", flag(!trail.empty()));
  layout.set("breadcrumbs", trail);
  layout.set("content", std::move(content));
  return theme.render("layout", std::move(layout));
}

std::string css_file_name(const Theme& theme) {
  return "site." + sha256_hex(theme.file("site.css")).substr(0, 10) + ".css";
}

Data Renderer::story_card(const Story& s, const std::string& root) const {
  Data d;
  d.set("root", root);
  d.set("path", story_dir(s));
  d.set("title", s.title);
  d.set("category_label", category_label(s.category));
  d.set("unit_name", unit_name(s.unit_id));
  d.set("unit_slug", unit_slug(s.unit_id));
  d.set("published_on", s.published_on);
  d.set("published_date", date_vi(s.published_on));
  d.set("summary", shorten(state(s).next.text, 220));
  return d;
}


void Renderer::ensure_cards(const std::vector<const Story*>& stories) {
  std::vector<std::size_t> missing;
  for (const Story* s : stories)
    if (state(*s).card.empty()) missing.push_back(index_of(*s));
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  in_parallel(missing.size(), [&](const Theme& theme, std::size_t k) {
    const Story& s = data_.stories[missing[k]];
    stories_[missing[k]].card = theme.render("partial_story_card", story_card(s, std::string(kRootMarker)));
  });
}

Data Renderer::card_item(const Story& s, const std::string& root) {
  ensure_cards({&s});
  return card_item_ready(s, root);
}

Data Renderer::card_item_ready(const Story& s, const std::string& root) const {
  Data item;
  item.set("card", with_root(state(s).card, root));
  return item;
}

RenderedSite render_site(const SiteData& data, const Theme& theme, const BuildOptions& options,
                         const BuildCache& previous, Output& output) {
  RenderedSite out;
  Renderer r(data, theme, options, previous, output, &out);
  if (out.incomplete) return out;
  r.story_pages();
  r.plan_pages();
  r.commendation_pages();  // before the units': their pages link to the commendations'
  r.unit_pages();
  r.meta_files();
  r.finish_cache();
  return out;
}

}  // namespace thidua::site
