// Internal to sitegen/: brings the output folder in line with a rendered
// site, touching only what changed.
#pragma once

#include <functional>
#include <string>

#include "common/status.h"
#include "sitegen/cache.h"
#include "sitegen/model.h"
#include "sitegen/pages.h"

namespace thidua::site {

struct WriteReport {
  std::size_t written = 0, kept = 0, removed = 0;
  std::size_t missing = 0;  // kept pages whose file is not there (nothing else was written then)
};

// Writes every file whose bytes differ (through a temporary file and a
// rename, so a reader never sees half a page), copies photos that are not
// there yet from `source`, and removes the files a previous build wrote
// that are no longer part of the site. Files the generator did not write
// (listed in <out>/.thidua-files) are never touched.
Result<WriteReport> write_output(const std::string& out_dir, const RenderedSite& site, Source& source,
                                 const std::function<void(std::size_t, std::size_t)>& on_progress);

// Writes the cache for the next build (after a successful write_output).
Status write_cache(const std::string& out_dir, const BuildCache& cache);

}  // namespace thidua::site
