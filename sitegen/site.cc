#include "sitegen/site.h"

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
  auto data = (*source)->load();
  if (!data) return data.status().with_context("cơ sở dữ liệu " + options.db_path);
  BuildOptions o = options;
  if (!o.base_url.empty() && o.base_url.back() != '/') o.base_url += '/';
  RenderedSite site = render_site(*data, *theme, o);

  auto written = write_output(o.out_dir, site, **source, o.on_progress);
  if (!written) return written.status();
  BuildReport r;
  r.written = written->written;
  r.kept = written->kept;
  r.removed = written->removed;
  r.pages = site.pages;
  r.stories = data->stories.size();
  return r;
}

}  // namespace thidua::site
