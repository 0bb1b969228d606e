// `thidua site serve`: a preview of the generated site on a local port,
// rebuilt when the database or content/ changes. For people checking the
// site before it is published, not for the public.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "common/status.h"
#include "sitegen/site.h"

namespace thidua::site {

struct ServeOptions {
  std::string out_dir = "public";
  std::string host = "127.0.0.1";
  int port = 8000;  // 0: any free port
  // When db_path is set, the site is built first and rebuilt (checked every
  // second) when the database, its WAL or a file under content/ changes.
  BuildOptions build;
  std::function<void(int port)> on_listening;
  std::function<void(const std::string& line)> log;  // a line per rebuild
};

// Serves until `stop` becomes true (checked every second) or SIGINT/SIGTERM.
Status serve_site(const ServeOptions& options, const std::atomic<bool>& stop);

}  // namespace thidua::site
