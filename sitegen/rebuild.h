// The public site kept current by a running server (`thidua server run
// --site-out DIR`): a background thread that rebuilds the site with
// build_site() (incrementally: site.h) when told the public data changed.
//
// Coalesced: changed() only marks the site stale and returns at once; at
// most one build runs at a time; every change noted before a build starts
// is in that build, and a change noted while a build runs causes exactly
// one more build after it. Two builds start at least `min_interval` apart,
// so a burst of syncs costs one or two builds, never one each. A failed
// build is kept (state().error) and retried on the next change; nothing
// here throws or stops the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "sitegen/site.h"

namespace thidua::site {

struct RebuildOptions {
  BuildOptions build;  // out_dir is the folder kept current
  std::chrono::milliseconds min_interval{10'000};
  // A line per build and per failure, from the builder thread.
  std::function<void(const std::string& line)> log;
};

// What the builder has done so far. Times are ms since the epoch, 0 when
// never.
struct RebuildState {
  std::int64_t built_at_ms = 0;   // the end of the last successful build
  std::int64_t failed_at_ms = 0;  // the end of the last failed build, if later
  std::string error;              // its reason, "" after a success
  std::int64_t builds = 0;        // builds run by this process, failed ones included
  bool stale = false;             // a change waits for a build (or one runs)
};

class Rebuilder {
 public:
  // Starts the thread. When the folder was never built into (no stamp
  // file, see below) or the database (or its WAL) was written after the
  // last build, a first build is due at once. Each successful build
  // writes <out>/.thidua-built (its time), which a restarted server reads.
  static std::unique_ptr<Rebuilder> start(RebuildOptions options);
  // Lets a running build finish, then stops the thread.
  ~Rebuilder();
  Rebuilder(const Rebuilder&) = delete;
  Rebuilder& operator=(const Rebuilder&) = delete;

  // The public data changed: a build will follow. Never blocks on a build.
  void changed();
  RebuildState state() const;

 private:
  struct Impl;
  explicit Rebuilder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace thidua::site
