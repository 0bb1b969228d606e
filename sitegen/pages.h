// Internal to sitegen/: every file of the site, rendered in memory.
#pragma once

#include <map>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "sitegen/cache.h"
#include "sitegen/model.h"
#include "sitegen/render.h"
#include "sitegen/site.h"

namespace thidua::site {

// A photo to copy from the database to `path` (content-hashed name).
struct PhotoFile {
  std::string path;
  std::string hash;
};

struct RenderedSite {
  std::map<std::string, std::string> files;  // path under the output folder -> bytes
  std::set<std::string> kept;  // pages not rendered: the previous build's file is current
  std::vector<PhotoFile> photos;
  std::size_t pages = 0;
  BuildCache cache;  // for the next build
  // A page had to be rendered for a story whose body was not loaded (its
  // slug moved): load every body and render again.
  bool incomplete = false;
};

// What every page depends on besides its own data: the theme, the base
// URL, the units (names on every card), and this program.
std::string build_context(const Theme& theme, const BuildOptions& options, const std::vector<Unit>& units);
// What a story's photos are, as its page shows them.
std::string photos_key(const Story& s);

// Renders every page whose inputs differ from what `previous` (made under
// the same context) says the output folder holds; the others go to `kept`.
RenderedSite render_site(const SiteData& data, const Theme& theme, const BuildOptions& options,
                         const BuildCache& previous);

// Internal pieces of render_site, one file each.
class Renderer {
 public:
  Renderer(const SiteData& data, const Theme& theme, const BuildOptions& options, const BuildCache& previous,
           RenderedSite* out);

  void plan_pages();     // pages.cc: home, plan, quarters, tasks
  void story_pages();    // pages_stories.cc: story lists and pages
  void unit_pages();     // pages_units.cc: units, commendations
  void meta_files();     // pages_meta.cc: assets, search, feed, sitemap, robots, 404

 private:
  struct Crumb {
    std::string label, dir;  // dir: "ke-hoach/" ("" for home)
  };
  // Wraps a page's body in the layout and stores it at <dir>index.html.
  void page(const std::string& dir, const std::string& tmpl, Data body, const std::string& title,
            const std::string& description, const std::vector<Crumb>& crumbs);
  // The same, rendered with `theme` and returned: touches nothing shared,
  // so worker threads call it with their own copy of the theme.
  // `root_override`: the link prefix when it is not "../" per level of
  // `dir` (the 404 page, served at any depth, links from the site's root).
  std::string render_page(const Theme& theme, const std::string& dir, const std::string& tmpl, Data body,
                          const std::string& title, const std::string& description,
                          const std::vector<Crumb>& crumbs, const std::string& root_override = "") const;
  void store_page(const std::string& dir, std::string html);
  void keep_page(const std::string& dir);
  // The previous build's memo of a story when it still holds: same
  // context, same row version, same photos, same slug.
  const StoryMemo* memo(const Story& s) const;
  std::string render_story(const Theme& theme, const Story& s) const;
  // "../" once per level of `dir`.
  static std::string root_of(const std::string& dir);
  Data story_card(const Story& s, const std::string& root) const;
  // A list item for the story: its card (partial_story_card), rendered
  // once per build and placed under any `root`.
  Data card_item(const Story& s, const std::string& root);
  std::unordered_map<std::string, std::string> cards_;  // story id -> card, root left as a marker
  const Unit* unit(const std::string& id) const;
  std::string unit_name(const std::string& id) const;
  std::string unit_slug(const std::string& id) const;
  std::string story_dir(const Story& s) const { return "guong-dien-hinh/" + story_slugs_.at(s.id) + "/"; }
  void story_list(const std::string& dir, const std::string& heading, const std::vector<const Story*>& stories,
                  const std::vector<Crumb>& crumbs, Data filters);

  const SiteData& data_;
  const Theme& theme_;
  const BuildOptions& options_;
  const BuildCache& previous_;
  bool trusted_ = false;  // previous_ was made under this build's context
  RenderedSite* out_;
  std::string today_;
  std::string css_file_, js_file_;
  std::unordered_map<std::string, std::string> story_slugs_;  // story id -> slug, unique
  std::unordered_map<std::string, std::string> story_text_;   // story id -> its body as text, 300 bytes at most
  std::unordered_map<std::string, const StoryMemo*> memos_;   // story id -> its memo, when it still holds
  const StoryMemo* find_memo(const Story& s) const;
  const std::string& story_text(const Story& s) const { return story_text_.at(s.id); }
  std::map<std::string, std::size_t> unit_index_;
  std::vector<std::string> sitemap_dirs_;  // every page's dir, for sitemap.xml
};

}  // namespace thidua::site
