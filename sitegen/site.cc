#include "sitegen/site.h"

#include <chrono>
#include <future>
#include <optional>

#include "sitegen/internal/cache.h"

#include "sitegen/internal/model.h"
#include "sitegen/internal/output.h"
#include "sitegen/internal/pages.h"
#include "sitegen/internal/render.h"

namespace thidua::site {

namespace {

// Wall time of the steps of a build, for BuildReport::phases.
class Phases {
 public:
  void end(const char* name) {
    const auto now = std::chrono::steady_clock::now();
    done_.emplace_back(name, std::chrono::duration<double>(now - start_).count());
    start_ = now;
  }
  std::vector<std::pair<std::string, double>> take() { return std::move(done_); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, double>> done_;
};

}  // namespace

Result<BuildReport> build_site(const BuildOptions& options) {
  Phases phases;
  // Everything that can fail on bad input fails here, before the output
  // folder is touched.
  auto theme = Theme::load(options.content_dir);
  if (!theme) return theme.status();
  auto source = Source::open(options.db_path);
  if (!source) return source.status();
  phases.end("mở giao diện và cơ sở dữ liệu");
  BuildOptions o = options;
  if (!o.base_url.empty() && o.base_url.back() != '/') o.base_url += '/';

  // What the previous build left: stories unchanged since are not read
  // again, pages whose inputs are unchanged are not rendered again.
  // It is read on another thread while the database is: the first story
  // asks for it.
  std::future<BuildCache> reading = std::async(std::launch::async, read_cache, o.out_dir);
  BuildCache previous;
  auto previous_ready = [&, read = false]() mutable {
    if (!read) previous = reading.get();
    read = true;
  };
  std::optional<std::string> context;
  auto need_body = [&](const Story& st, const std::vector<Unit>& units) {
    previous_ready();
    if (!context) context = build_context(*theme, o, units);
    if (previous.context != *context) return true;
    const StoryMemo* m = previous.story(st.id);
    return !m || !memo_holds(*m, st);
  };
  auto data = (*source)->load(need_body);
  previous_ready();  // no story asked
  if (!data) return data.status().with_context("cơ sở dữ liệu " + options.db_path);
  phases.end("đọc dữ liệu và bộ nhớ đệm");

  // Only now is the output folder touched: pages are written as they are
  // rendered (rendering cannot fail once the theme and data are loaded).
  auto output = Output::open(o.out_dir);
  if (!output) return output.status();
  RenderedSite site = render_site(*data, *theme, o, previous, **output);
  if (site.incomplete) {  // nothing was written
    data = (*source)->load();
    if (!data) return data.status().with_context("cơ sở dữ liệu " + options.db_path);
    site = render_site(*data, *theme, o, previous, **output);
  }
  phases.end("dựng và ghi trang");
  auto written = (*output)->finish(site.photos, **source);
  if (!written) return written.status();
  phases.end("ảnh, dọn tệp cũ");
  THIDUA_RETURN_IF_ERROR((*output)->write_cache(site.cache));
  phases.end("ghi bộ nhớ đệm");
  BuildReport r;
  r.written = written->written;
  r.kept = written->kept;
  r.removed = written->removed;
  r.pages = site.pages;
  r.stories = data->stories.size();
  r.phases = phases.take();
  return r;
}

}  // namespace thidua::site
