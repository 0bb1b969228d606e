// The builder behind `server run --site-out` (sitegen/rebuild.h): a first
// build when the folder is new, coalesced rebuilds, failures kept and
// retried, never thrown.
#include "sitegen/rebuild.h"

#include <sys/stat.h>
#include <utime.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "tests/sitegen/site_fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

bool eventually(const std::function<bool()>& done, int seconds = 10) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

site::RebuildOptions options(const SiteFixture& f, std::atomic<int>* lines) {
  site::RebuildOptions o;
  o.build.db_path = f.db;
  o.build.content_dir = f.content;
  o.build.out_dir = f.out;
  o.build.today = "2021-07-15";
  o.min_interval = std::chrono::milliseconds(300);
  o.log = [lines](const std::string&) { ++*lines; };
  return o;
}

}  // namespace

TEST_CASE("the site builder builds a new folder once, then coalesces a burst of changes") {
  SiteFixture f;
  std::atomic<int> lines{0};
  auto builder = site::Rebuilder::start(options(f, &lines));
  REQUIRE(eventually([&] { return builder->state().builds == 1 && !builder->state().stale; }));
  CHECK(builder->state().built_at_ms > 0);
  CHECK(builder->state().error.empty());
  CHECK(std::filesystem::exists(f.out + "/index.html"));

  // The first change after a quiet spell builds at once when the interval
  // since the last build has passed (a slow build under a sanitizer may take
  // longer than it); every change after it waits for one build together. So
  // fifty changes make one build, or two when the builder woke between them.
  for (int i = 0; i < 50; ++i) builder->changed();
  REQUIRE(eventually([&] { return !builder->state().stale; }));
  const int builds = builder->state().builds;
  CHECK(builds >= 2);
  CHECK(builds <= 3);
  CHECK(lines == builds);
  builder.reset();  // joins the thread

  // Restarted on a folder built after the database's last write: no build.
  struct stat st {};
  REQUIRE(::stat(f.db.c_str(), &st) == 0);
  utimbuf old{st.st_atime - 3600, st.st_mtime - 3600};
  REQUIRE(::utime(f.db.c_str(), &old) == 0);
  if (std::filesystem::exists(f.db + "-wal")) REQUIRE(::utime((f.db + "-wal").c_str(), &old) == 0);
  builder = site::Rebuilder::start(options(f, &lines));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(builder->state().builds == 0);
  CHECK(builder->state().built_at_ms > 0);  // read back from <out>/.thidua-built
}

TEST_CASE("the site builder keeps a failure with its reason and tries again on the next change") {
  SiteFixture f;
  write_file(f.dir.path() / "tep", "x");
  std::atomic<int> lines{0};
  auto o = options(f, &lines);
  o.build.out_dir = f.dir.file("tep") + "/public";  // below a file: never a folder
  auto builder = site::Rebuilder::start(o);
  REQUIRE(eventually([&] { return builder->state().builds == 1 && !builder->state().stale; }));
  CHECK(builder->state().built_at_ms == 0);
  CHECK(builder->state().failed_at_ms > 0);
  CHECK(builder->state().error.find("tep/public") != std::string::npos);
  builder->changed();
  REQUIRE(eventually([&] { return builder->state().builds == 2 && !builder->state().stale; }));
  CHECK_FALSE(builder->state().error.empty());
}

TEST_CASE("the site builder follows a change noted during a build with exactly one more build") {
  SiteFixture f;
  std::atomic<int> lines{0};
  std::atomic<site::Rebuilder*> self{nullptr};
  auto o = options(f, &lines);
  // The log line is written by the builder thread while its build still
  // counts as running: changes noted there arrive during a build.
  o.log = [&](const std::string&) {
    if (++lines != 1) return;
    while (self.load() == nullptr) std::this_thread::yield();
    for (int i = 0; i < 5; ++i) self.load()->changed();
  };
  auto builder = site::Rebuilder::start(o);
  self = builder.get();
  REQUIRE(eventually([&] { return builder->state().builds == 2 && !builder->state().stale; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // past min_interval: no third
  CHECK(builder->state().builds == 2);
  CHECK(lines == 2);
}
