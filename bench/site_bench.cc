// Site generator benchmark: `thidua site build` against Debian's hugo on the
// same published stories.
//
//   site_bench THIDUA_BIN CONTENT_DIR [--stories N] [--runs R] [--keep]
//   (or: bash bench/run-site.sh [--stories N] [--runs R])
//
// N defaults to 10,000 and R to 3; --keep leaves the temporary directory
// (database, Hugo site, both outputs) for inspection.
//
// In a temporary directory it creates a central database with
// `thidua server init`, fills it as if the 11 districts had synced N
// published stories (~600 words of Vietnamese Markdown each) and a progress
// row for every task and district, and writes the same stories as a minimal
// Hugo site. Then, R times each, it measures the wall time (median) and the
// peak RSS (max; ru_maxrss of the child from wait4) of:
//   a. thidua site build into an empty out dir;
//   b. thidua site build again, nothing changed;
//   c. thidua site build after one story's body_md changed in the database;
//   d. hugo into an empty out dir;
//   e. hugo after one content file changed (hugo has no incremental build
//      outside its server: it builds everything again).
// and checks the targets: a full build >= 5x faster than hugo's, peak
// memory < 250 MB, a rebuild after one edit < 0.2 s. The runs of a and d
// alternate, so that neither gets the fresher disk. Everything is written
// under std::filesystem::temp_directory_path() (TMPDIR): a disk, or
// TMPDIR=/dev/shm to leave the disk's file-creation cost out.
//
// What the Hugo site renders (layouts by site_data.cc, no theme): every story
// page (title, subject, date, district and category links, the Markdown
// body); the stories section, each district and each category as lists of
// 20 per page, paginated, newest first; the district and category indexes;
// a home page with the 10 newest stories and the districts with counts;
// Hugo's default RSS feeds (limited to 20 items) and sitemap. thidua builds
// at least these pages (and the plan, progress and search pages besides).
//
// bench/site_data.{h,cc} make the data, bench/site_process.{h,cc} run the
// child processes; this file measures.
//
// The data is generated in a child process so that this process stays small:
// a forked child's ru_maxrss starts from the size of its parent.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "bench/site_data.h"
#include "bench/site_process.h"
#include "store/store.h"

using namespace thidua;
namespace fs = std::filesystem;
using namespace thidua::bench;

namespace {

// ---------------------------------------------------------------------------
// Failing, cleaning up

fs::path g_temp_dir;      // removed at exit, by the process that made it
pid_t g_owner_pid = -1;

void remove_temp_dir() {
  if (g_owner_pid != getpid() || g_temp_dir.empty()) return;
  std::error_code ec;
  fs::remove_all(g_temp_dir, ec);
}

// ---------------------------------------------------------------------------
// Measuring

struct Env {
  std::string thidua, content;
  fs::path dir;
  fs::path db() const { return dir / "central.db"; }
  fs::path site() const { return dir / "hugo-site"; }
  fs::path thidua_out() const { return dir / "thidua-out"; }
  fs::path hugo_out() const { return dir / "hugo-out"; }
  fs::path out_log() const { return dir / "init.stdout"; }
  fs::path err_log() const { return dir / "init.stderr"; }
};

// One measured command: what runs before it (not timed), and its runs.
struct Step {
  Step(std::string name_, std::vector<std::string> command_, std::function<void(int)> before_, fs::path out_dir_)
      : name(std::move(name_)), command(std::move(command_)), before(std::move(before_)), out_dir(std::move(out_dir_)) {}

  std::string name;  // "a. thidua site build, empty out dir"
  std::vector<std::string> command;
  std::function<void(int run)> before;
  fs::path out_dir;  // what it builds, for the output column
  std::vector<double> seconds;  // wall time of each run, in order
  long peak_rss_kb = 0;         // max over the runs
  bool failed = false;
  std::string last_stdout;

  fs::path log(const Env& env, const char* stream) const { return env.dir / (name.substr(0, 1) + "." + stream); }
  double median() const {
    std::vector<double> sorted = seconds;
    std::sort(sorted.begin(), sorted.end());
    return sorted.empty() ? 0 : sorted[sorted.size() / 2];
  }
};

struct OutputSize {
  long files = 0, html = 0;
  std::uintmax_t bytes = 0;
};

OutputSize output_size(const fs::path& dir) {
  OutputSize o;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    ++o.files;
    if (it->path().extension() == ".html") ++o.html;
    o.bytes += it->file_size();
  }
  return o;
}

// Runs the step's `before` (not timed), then its command once, timed. A
// failed step is not run again; its stderr is printed. Dirty pages (the data
// just made, a deleted output) are flushed first, so that no run pays for
// the writeback of what came before it.
void run_once(const Env& env, Step& step, int run) {
  if (step.failed) return;
  step.before(run);
  sync();
  RunResult r = run_process(step.command, step.log(env, "stdout"), step.log(env, "stderr"));
  if (r.exit_code != 0) {
    std::string err = read_file(step.log(env, "stderr"));
    std::printf("%s: `%s %s` failed (exit %d); its stderr:\n%s\n", step.name.c_str(), step.command[0].c_str(),
                step.command[1].c_str(), r.exit_code, err.empty() ? "(nothing)" : err.c_str());
    step.failed = true;
    return;
  }
  step.seconds.push_back(r.seconds);
  step.peak_rss_kb = std::max(step.peak_rss_kb, r.peak_rss_kb);
  step.last_stdout = read_file(step.log(env, "stdout"));
}

void print_row(const Step& step) {
  if (step.failed || step.seconds.empty()) {
    std::printf("%-42s %9s\n", step.name.c_str(), step.failed ? "failed" : "not run");
    return;
  }
  OutputSize o = output_size(step.out_dir);
  std::string runs;
  for (double t : step.seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, runs.empty() ? "%.2f" : "/%.2f", t);
    runs += buf;
  }
  std::printf("%-42s %7.3f s %7.1f MB  %-16s %6ld files (%ld .html), %.1f MB\n", step.name.c_str(), step.median(),
              static_cast<double>(step.peak_rss_kb) / 1024.0, runs.c_str(), o.files, o.html,
              static_cast<double>(o.bytes) / (1024.0 * 1024.0));
}

void clear_dir(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) die("cannot empty " + dir.string() + ": " + ec.message());
}

// ---------------------------------------------------------------------------
// Steps

void create_data(const Env& env, int n) {
  RunResult init = run_process({env.thidua, "server", "init", "--db", env.db().string(), "--content", env.content},
                               env.out_log(), env.err_log());
  if (init.exit_code != 0) die("thidua server init failed: " + read_file(env.err_log()));
  in_child("generating the data", [&] {
    auto start = Clock::now();
    std::mt19937 rng(2021);
    auto store = check(Store::open(env.db().string()), "open " + env.db().string());
    std::vector<Unit> units = districts(*store);
    std::vector<Story> stories = make_stories(n, units, rng);
    double made = seconds_since(start);
    auto t = Clock::now();
    std::size_t cells = sync_in(*store, stories, units, rng);
    double synced = seconds_since(t);
    t = Clock::now();
    write_hugo_site(env.site(), stories, units);
    double written = seconds_since(t);
    long words = 0;
    for (const auto& s : stories) words += word_count(s.body_md);
    std::printf("data: %d published stories (%ld words each on average) in %zu districts, %zu cells applied\n", n,
                n ? words / n : 0, units.size(), cells);
    std::printf("      generated in %.1f s (text %.1f s, apply_remote %.1f s, hugo files %.1f s); not measured\n\n",
                seconds_since(start), made, synced, written);
  });
}

// Appends a paragraph to the body of one published story, through the Store.
void edit_story_in_db(const Env& env, int run) {
  in_child("editing a story", [&] {
    auto store = check(Store::open(env.db().string()), "open " + env.db().string());
    auto ids = check(store->ids_where("stories", "status", Value(std::string("published"))), "published ids");
    if (ids.empty()) die("no published story");
    const std::string& id = ids[static_cast<std::size_t>(run * 7) % ids.size()];
    auto row = check(store->get("stories", id), "read story " + id);
    if (!row) die("story " + id + " vanished");
    std::string body = as_text(*row, "body_md") + "\n\nCập nhật lần " + std::to_string(run + 1) +
                       ": bà con trong thôn tiếp tục nhân rộng mô hình.\n";
    check(store->write("stories", {{"id", id}, {"body_md", body}}), "edit story " + id);
  });
}

void edit_hugo_story(const Env& env, int run) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(env.site() / "content" / "stories"))
    if (e.path().filename() != "_index.md") files.push_back(e.path());
  if (files.empty()) die("no hugo story file");
  std::sort(files.begin(), files.end());
  const fs::path& f = files[static_cast<std::size_t>(run * 7) % files.size()];
  write_file(f, read_file(f) + "\n\nCập nhật lần " + std::to_string(run + 1) +
                    ": bà con trong thôn tiếp tục nhân rộng mô hình.\n");
}

// This process's resident memory, from /proc/self/status.
long resident_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

const char* yes_no(bool b) { return b ? "yes" : "NO"; }

struct Args {
  std::string thidua, content;
  int stories = 10'000;
  int runs = 3;
  bool keep = false;  // leave the temp dir for inspection
};

Args parse_args(int argc, char** argv) {
  const char* usage = "usage: site_bench THIDUA_BIN CONTENT_DIR [--stories N] [--runs R] [--keep]";
  if (argc < 3) die(usage);
  Args a;
  a.thidua = fs::absolute(argv[1]).lexically_normal().string();
  a.content = fs::absolute(argv[2]).lexically_normal().string();
  for (int i = 3; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--stories" || arg == "--runs") && i + 1 < argc) {
      int v = std::atoi(argv[++i]);
      if (v < 1) die(arg + " takes a positive number");
      (arg == "--stories" ? a.stories : a.runs) = v;
    } else if (arg == "--keep") {
      a.keep = true;
    } else {
      die(usage);
    }
  }
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  Env env;
  env.thidua = args.thidua;
  env.content = args.content;
  env.dir = fs::temp_directory_path() / ("thidua-site-bench-" + std::to_string(getpid()));
  fs::create_directories(env.dir);
  g_temp_dir = env.dir;
  g_owner_pid = args.keep ? -1 : getpid();
  std::atexit(remove_temp_dir);

  std::printf("thidua site benchmark: %d published stories; median wall time and max peak RSS of %d run(s)\n",
              args.stories, args.runs);
  std::printf("in %s%s\n\n", env.dir.c_str(), args.keep ? " (kept)" : "");
  create_data(env, args.stories);
  malloc_trim(0);
  std::printf("(a forked child's peak RSS counts this process's %.1f MB resident before exec)\n\n",
              static_cast<double>(resident_kb()) / 1024.0);

  const std::string base_url = "https://thidua.hagiang.example/";
  const std::vector<std::string> thidua = {env.thidua, "site", "build", "--db", env.db().string(), "--content",
                                           env.content, "--out", env.thidua_out().string(), "--base-url", base_url};
  const std::vector<std::string> hugo = {"hugo", "--quiet", "-s", env.site().string(), "-d", env.hugo_out().string()};
  auto nothing = [](int) {};
  Step full{"a. thidua site build, empty out dir", thidua, [&](int) { clear_dir(env.thidua_out()); },
            env.thidua_out()};
  Step same{"b. thidua rebuild, nothing changed", thidua, nothing, env.thidua_out()};
  Step edit{"c. thidua rebuild after one story edited", thidua, [&](int run) { edit_story_in_db(env, run); },
            env.thidua_out()};
  Step hugo_full{"d. hugo, empty out dir", hugo, [&](int) { clear_dir(env.hugo_out()); }, env.hugo_out()};
  Step hugo_edit{"e. hugo after one content file edited", hugo, [&](int run) { edit_hugo_story(env, run); },
                 env.hugo_out()};

  // The two full builds take turns: file creation on a disk file system
  // can slow down over a run of builds, and neither should get the fresh disk.
  for (int run = 0; run < args.runs; ++run) {
    run_once(env, full, run);
    run_once(env, hugo_full, run);
  }
  for (Step* step : {&same, &edit, &hugo_edit}) {
    if (step != &hugo_edit && full.failed) continue;  // b and c need a's site
    for (int run = 0; run < args.runs; ++run) run_once(env, *step, run);
  }

  std::printf("%-42s %9s %10s  %-16s %s\n", "", "wall", "peak RSS", "each run (s)", "output");
  for (const Step* step : {&full, &same, &edit, &hugo_full, &hugo_edit}) print_row(*step);
  if (hugo_full.failed || hugo_edit.failed) die("hugo failed");
  if (full.failed || same.failed || edit.failed) {
    std::printf("\nthidua site build failed: no comparison.\n");
    return 1;
  }
  std::printf("\nthidua's summary of a full build:\n%s", full.last_stdout.c_str());
  std::printf("and of a rebuild after one edit:\n%s", edit.last_stdout.c_str());
  double ratio = hugo_full.median() / full.median();
  double peak_mb = static_cast<double>(std::max({full.peak_rss_kb, same.peak_rss_kb, edit.peak_rss_kb})) / 1024.0;
  std::printf("\nhugo full / thidua full: %.1fx\n", ratio);
  std::printf("targets:\n");
  std::printf("  full build >= 5x faster than hugo      %-4s (%.1fx)\n", yes_no(ratio >= 5.0), ratio);
  std::printf("  peak memory < 250 MB                   %-4s (%.1f MB)\n", yes_no(peak_mb < 250.0), peak_mb);
  std::printf("  rebuild after one edit < 0.2 s         %-4s (%.3f s)\n", yes_no(edit.median() < 0.2),
              edit.median());
  return 0;
}
