// The public site generator: the central database and content/ in, a
// static website out.
//
//   markdown -> templates -> pages -> output   (one-way, all in sitegen/)
//
// A build loads the theme and the data before it touches the output
// folder: a missing template, a template with a syntax error, an
// unreadable database or a folder it cannot write to stops it with the
// previous site whole. Pages are then written as they are rendered, on
// every core; only files whose bytes differ are written, and files that no
// longer belong to the site are removed. The same data gives
// byte-identical output.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace thidua::site {

struct BuildOptions {
  std::string db_path;
  std::string content_dir;  // theme overrides in <content>/theme/; "" for none
  std::string out_dir = "public";
  // Absolute URL the site is served from ("https://thiduakhenthuong.hagiang.gov.vn/"),
  // for the feed, the sitemap and canonical links. Pages link relatively,
  // so the site also works opened from disk.
  std::string base_url;
  // "Today" (YYYY-MM-DD) for marking overdue tasks; "" = the system's date
  // in Vietnam. Fixed by tests so that builds are reproducible.
  std::string today;
  // Called now and then during long builds, never by two threads at once:
  // (stories rendered, stories to render).
  std::function<void(std::size_t, std::size_t)> on_progress;
};

struct BuildReport {
  std::size_t written = 0;  // new or changed files
  std::size_t kept = 0;     // already there with the same bytes
  std::size_t removed = 0;  // no longer part of the site
  std::size_t pages = 0;    // HTML pages among all files
  std::size_t stories = 0;  // published stories
  // Wall time of each step, in order ("đọc dữ liệu", 0.075): for
  // `site build --timings` and benchmarks.
  std::vector<std::pair<std::string, double>> phases;
};

Result<BuildReport> build_site(const BuildOptions& options);

}  // namespace thidua::site
