#include "bench/sync_summary.h"

#include <cstdio>

namespace thidua::bench {
namespace {

std::string fmt(const char* f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

std::string describe(const Measure& m, int rows) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.3f s, %d req, %.0f B/row", m.seconds, m.requests,
                static_cast<double>(m.up + m.down) / rows);
  return buf;
}

void line(const std::string& what, const std::string& ours, const std::string& theirs,
          const std::string& ratio, const std::string& target) {
  std::printf("%-26s %-32s %-38s %-8s %s\n", what.c_str(), ours.c_str(), theirs.c_str(),
              ratio.c_str(), target.c_str());
}

// One load figure (100 nodes), beside the baseline's when there is one.
void load_line(const std::string& what, const std::optional<LoadResult>& ours,
               const std::optional<LoadResult>& base, const std::string& base_name) {
  if (!ours) return;
  auto rss = [](const LoadResult& r) {
    return fmt("%.0f MB", static_cast<double>(r.peak_rss_kb) / 1024);
  };
  std::string theirs = base ? base_name + " " + fmt("%.0f req/s", base->per_second) + ", " + rss(*base)
                            : "(no baseline)";
  std::string ratio = base ? fmt("%.2fx", ours->per_second / base->per_second) : "";
  line(what, fmt("%.0f req/s", ours->per_second) + ", " + rss(*ours), theirs, ratio, ">= 2.5x");
}

}  // namespace

void print_summary(const Summary& s) {
  std::printf("\nissue 10 figures (medians of %d runs, one run of the benchmark)\n", s.runs);
  line("figure", "thidua", "peer", "ratio", "target");
  const std::string rows = std::to_string(s.rows);
  if (s.push.seconds == 0) {
    // --load-only: no push was measured.
  } else if (s.peer_push) {
    line("push " + rows + " rows", describe(s.push, s.rows),
         "PouchDB " + describe(*s.peer_push, s.rows),
         fmt("%.2fx", s.peer_push->seconds / s.push.seconds), ">= 7x, < 200 B/row");
  } else {
    line("push " + rows + " rows", describe(s.push, s.rows), "(no peer)", "", "< 200 B/row");
  }
  if (s.floor) {
    line("push against the floor", fmt("%.3f s", s.push.seconds),
         "floor " + fmt("%.3f s", s.floor->seconds),
         fmt("%.1fx", s.push.seconds / s.floor->seconds), "<= 5x");
  }
  if (s.snapshot) {
    const std::string what = "first sync, " + std::to_string(s.stories) + " stories";
    std::string theirs =
        s.peer_snapshot ? "PouchDB " + describe(*s.peer_snapshot, s.stories) : "(no peer)";
    std::string ratio =
        s.peer_snapshot ? fmt("%.2fx", s.peer_snapshot->seconds / s.snapshot->seconds) : "";
    line(what, describe(*s.snapshot, s.stories), theirs, ratio, ">= 5x");
  }
  load_line("idle syncs, no lineage", s.load, s.baseline_load, s.baseline);
  load_line("idle syncs as real nodes", s.load_nodes, s.baseline_load_nodes, s.baseline);
  if (!s.adapter.empty())
    std::printf("(PouchDB client adapter: %s; server: express-pouchdb, leveldb)\n",
                s.adapter.c_str());
}

}  // namespace thidua::bench
