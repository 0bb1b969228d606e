#include "sitegen/site.h"

#include <optional>

#include "sitegen/cache.h"

#include "sitegen/model.h"
#include "sitegen/output.h"
#include "sitegen/pages.h"
#include "sitegen/render.h"

namespace thidua::site {

Result<BuildReport> build_site(const BuildOptions& options) {
  // Everything that can fail on bad input fails here, before the output
  // folder is touched.
  auto theme = Theme::load(options.content_dir);
  if (!theme) return theme.status();
  auto source = Source::open(options.db_path);
  if (!source) return source.status().with_context("cơ sở dữ liệu " + options.db_path);
  BuildOptions o = options;
  if (!o.base_url.empty() && o.base_url.back() != '/') o.base_url += '/';

  // What the previous build left: stories unchanged since are not read
  // again, pages whose inputs are unchanged are not rendered again.
  BuildCache previous = read_cache(o.out_dir);
  std::optional<std::string> context;
  auto need_body = [&](const Story& st, const std::vector<Unit>& units) {
    if (!context) context = build_context(*theme, o, units);
    if (previous.context != *context) return true;
    auto it = previous.stories.find(st.id);
    return it == previous.stories.end() || it->second.version != st.version || it->second.photos != photos_key(st);
  };
  auto data = (*source)->load(need_body);
  if (!data) return data.status().with_context("cơ sở dữ liệu " + options.db_path);
  RenderedSite site = render_site(*data, *theme, o, previous);
  if (site.incomplete) {
    data = (*source)->load();
    if (!data) return data.status().with_context("cơ sở dữ liệu " + options.db_path);
    site = render_site(*data, *theme, o, previous);
  }

  auto written = write_output(o.out_dir, site, **source, o.on_progress);
  if (!written) return written.status();
  if (written->missing > 0) {  // a kept page was deleted by hand: render everything
    site = render_site(*data, *theme, o, BuildCache{});
    if (site.incomplete) {
      data = (*source)->load();
      if (!data) return data.status().with_context("cơ sở dữ liệu " + options.db_path);
      site = render_site(*data, *theme, o, BuildCache{});
    }
    written = write_output(o.out_dir, site, **source, o.on_progress);
    if (!written) return written.status();
  }
  THIDUA_RETURN_IF_ERROR(write_cache(o.out_dir, site.cache));
  BuildReport r;
  r.written = written->written;
  r.kept = written->kept;
  r.removed = written->removed;
  r.pages = site.pages;
  r.stories = data->stories.size();
  return r;
}

}  // namespace thidua::site
