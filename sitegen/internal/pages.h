// Internal to sitegen/: every file of the site, rendered in memory.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "sitegen/internal/cache.h"
#include "sitegen/internal/model.h"
#include "sitegen/internal/output.h"
#include "sitegen/internal/render.h"
#include "sitegen/site.h"

namespace thidua::site {

struct RenderedSite {
  std::vector<PhotoFile> photos;  // to copy after the pages (Output::finish)
  std::size_t pages = 0;
  BuildCache cache;  // for the next build
  // A page had to be rendered for a story whose body was not loaded (its
  // slug moved, its file went missing): nothing was written; load every
  // body and render again.
  bool incomplete = false;
};

// What every page depends on besides its own data: the theme, the base
// URL, the units (names on every card), and this program.
std::string build_context(const Theme& theme, const BuildOptions& options, const std::vector<Unit>& units);
// What a story's photos are, as its page shows them.
std::string photos_key(const Story& s);
// Whether a memo still describes the story's row: same feed version, same
// photos. (Its page is kept only if, besides, its slug is the same and its
// file is there: Renderer decides that.)
bool memo_holds(const StoryMemo& m, const Story& s);

// Renders every page whose inputs differ from what `previous` (made under
// the same context) says the output folder holds, and hands each to
// `output` as soon as it is rendered; the others are kept.
RenderedSite render_site(const SiteData& data, const Theme& theme, const BuildOptions& options,
                         const BuildCache& previous, Output& output);

// A breadcrumb: its label and its folder from the site's root ("" for home).
struct Crumb {
  std::string label, dir;  // dir: "ke-hoach/"
};

// What layout.mustache puts around a page's content (pages.cc).
struct LayoutParts {
  std::string root;         // the links' prefix: "../" per level, or the app's preview root
  std::string title, description;
  std::string css_file;     // css_file_name(theme), served under <root>assets/
  std::string canonical;    // "" for none
  std::vector<Crumb> crumbs;
  std::string banner;       // "" for none: the app's preview says it is not published
};
std::string render_layout(const Theme& theme, const LayoutParts& parts, std::string content);
// The stylesheet's file name: "site.<digest>.css", new whenever it changes.
std::string css_file_name(const Theme& theme);

// What story.mustache gets for `s` (pages_stories.cc): the site's story
// pages and the office app's preview (preview.h) both render it, so the two
// cannot drift apart. `photo_srcs[i]` is photo i's src after the root.
Data story_page_data(const Story& s, const std::string& unit_name, const std::string& unit_slug,
                     const std::string& body_html, const std::vector<std::string>& photo_srcs);
// A story page's breadcrumbs.
const std::vector<Crumb>& story_crumbs();

// Internal pieces of render_site, one file each.
class Renderer {
 public:
  Renderer(const SiteData& data, const Theme& theme, const BuildOptions& options, const BuildCache& previous,
           Output& output, RenderedSite* out);

  // In this order: story_pages() renders the cards the others list.
  void story_pages();    // pages_stories.cc: story pages and lists
  void plan_pages();     // pages_plan.cc: home, plan, quarters, tasks
  void commendation_pages();  // pages_awards.cc: the commendation record
  void unit_pages();     // pages_units.cc: units
  void meta_files();     // pages_meta.cc: assets, search, feed, sitemap, robots, 404
  void finish_cache();   // last: hands the stories' memos to the cache

 private:
  using Crumb = site::Crumb;
  class PlanPages;  // pages_plan.cc: plan_pages() in its steps
  class UnitPages;  // pages_units.cc: unit_pages() in its steps
  class AwardPages;  // pages_awards.cc: commendation_pages() in its steps
  // Wraps a page's body in the layout and writes it to <dir>index.html.
  void page(const std::string& dir, const std::string& tmpl, Data body, const std::string& title,
            const std::string& description, const std::vector<Crumb>& crumbs);
  // The same, rendered with `theme` and returned: touches nothing shared,
  // so worker threads call it with their own copy of the theme.
  // `root_override`: the link prefix when it is not "../" per level of
  // `dir` (the 404 page, served at any depth, links from the site's root).
  std::string render_page(const Theme& theme, const std::string& dir, const std::string& tmpl, Data body,
                          const std::string& title, const std::string& description,
                          const std::vector<Crumb>& crumbs, const std::string& root_override = "") const;
  void store_page(const std::string& dir, std::string html);  // written and listed
  void keep_page(const std::string& dir);  // current on disk already; listed
  void listed(const std::string& dir);  // counted and put in the sitemap (written elsewhere)
  // What the build knows of each story, by its index in data_.stories.
  struct StoryState {
    std::string slug;  // unique among the stories
    // The previous build's memo when it still holds (same context, row
    // version, photos and slug): the page on disk is current.
    const StoryMemo* memo = nullptr;
    // This build's: its body as text (300 bytes at most), its search-index
    // entry; the next build's cache.
    StoryMemo next;
    std::string card;  // partial_story_card, root left as a marker; "" until rendered
  };
  std::size_t index_of(const Story& s) const { return static_cast<std::size_t>(&s - data_.stories.data()); }
  const StoryState& state(const Story& s) const { return stories_[index_of(s)]; }
  const StoryMemo* find_memo(const Story& s, const std::string& slug) const;
  // Parses, renders and indexes, on every core, the stories whose memo
  // does not hold.
  void prepare_stories();
  std::string render_story(const Theme& theme, const Story& s, const std::string& body_html) const;
  std::string story_index_entry(const Story& s) const;  // pages_meta.cc
  // meta_files() in its steps (pages_meta.cc), in this order: the sitemap
  // lists every page, the search page too.
  void search_files();
  void atom_feed(const std::string& base);  // base: the base URL, "/" when none
  void not_found_page();
  void sitemap_files(const std::string& base);  // and robots.txt
  // "../" once per level of `dir`.
  static std::string root_of(const std::string& dir);
  Data story_card(const Story& s, const std::string& root) const;
  // Renders, on every core, the cards of `stories` not rendered yet.
  void ensure_cards(const std::vector<const Story*>& stories);
  // A list item for the story: its card (partial_story_card), rendered
  // once per build and placed under any `root`.
  Data card_item(const Story& s, const std::string& root);
  Data card_item_ready(const Story& s, const std::string& root) const;  // after ensure_cards
  // Calls fn(theme, i) for i in [0, n) on every core, each thread with a
  // theme of its own (parsed templates are not shared between threads).
  void in_parallel(std::size_t n, const std::function<void(const Theme&, std::size_t)>& fn);
  const Unit* unit(const std::string& id) const;
  std::string unit_name(const std::string& id) const;
  std::string unit_slug(const std::string& id) const;
  std::string story_dir(const Story& s) const { return "guong-dien-hinh/" + state(s).slug + "/"; }
  void story_list(const std::string& dir, const std::string& heading, const std::vector<const Story*>& stories,
                  const std::vector<Crumb>& crumbs, const Data& filters);

  const SiteData& data_;
  const Theme& theme_;
  const BuildOptions& options_;
  const BuildCache& previous_;
  bool trusted_ = false;  // previous_ was made under this build's context
  Output& output_;
  RenderedSite* out_;
  std::string today_;
  std::string css_file_, js_file_;
  std::vector<StoryState> stories_;
  std::vector<Theme> worker_themes_;  // for threads other than the calling one
  std::map<std::string, std::size_t> unit_index_;
  std::vector<std::string> sitemap_dirs_;  // every page's dir, for sitemap.xml
  std::set<std::string> unit_pages_;       // units with a page, by slug
  std::map<std::string, std::string> commendation_dirs_;  // commendation id -> its page's dir
  std::atomic<std::size_t> stories_done_{0};  // for options_.on_progress
  std::mutex progress_mu_;                    // one on_progress call at a time
};

}  // namespace thidua::site
