// Internal to sitegen/: every file of the site, rendered in memory.
#pragma once

#include <map>
#include <string>
#include <vector>

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
  std::vector<PhotoFile> photos;
  std::size_t pages = 0;
};

RenderedSite render_site(const SiteData& data, const Theme& theme, const BuildOptions& options);

// Internal pieces of render_site, one file each.
class Renderer {
 public:
  Renderer(const SiteData& data, const Theme& theme, const BuildOptions& options, RenderedSite* out);

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
  std::string render_page(const Theme& theme, const std::string& dir, const std::string& tmpl, Data body,
                          const std::string& title, const std::string& description,
                          const std::vector<Crumb>& crumbs) const;
  void store_page(const std::string& dir, std::string html);
  std::string render_story(const Theme& theme, const Story& s) const;
  // "../" once per level of `dir`.
  static std::string root_of(const std::string& dir);
  Data story_card(const Story& s, const std::string& root) const;
  const Unit* unit(const std::string& id) const;
  std::string unit_name(const std::string& id) const;
  std::string unit_slug(const std::string& id) const;
  std::string story_dir(const Story& s) const { return "guong-dien-hinh/" + story_slugs_.at(s.id) + "/"; }
  void story_list(const std::string& dir, const std::string& heading, const std::vector<const Story*>& stories,
                  const std::vector<Crumb>& crumbs, Data filters);

  const SiteData& data_;
  const Theme& theme_;
  const BuildOptions& options_;
  RenderedSite* out_;
  std::string today_;
  std::string css_file_, js_file_;
  std::map<std::string, std::string> story_slugs_;  // story id -> slug, unique
  std::map<std::string, std::string> story_text_;   // story id -> its body as text, 300 bytes at most
  const std::string& story_text(const Story& s) const { return story_text_.at(s.id); }
  std::map<std::string, std::size_t> unit_index_;
  std::vector<std::string> sitemap_dirs_;  // every page's dir, for sitemap.xml
};

}  // namespace thidua::site
