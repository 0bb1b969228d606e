#include "sitegen/rebuild.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "common/unique_fd.h"

namespace thidua::site {
namespace {

constexpr const char* kStamp = ".thidua-built";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The file's modification time in ms, 0 when it is not there.
std::int64_t mtime_ms(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
}

// The time the last successful build wrote in the stamp, 0 when none (or
// not a stamp: a link, a FIFO or garbage is never trusted).
std::int64_t read_stamp(const std::string& out_dir) {
  UniqueFd fd(
      ::open((out_dir + "/" + kStamp).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat st {};
  if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  char buf[32] = {};
  const ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
  if (n <= 0) return 0;
  long long ms = 0;
  return std::sscanf(buf, "%lld", &ms) == 1 && ms > 0 ? static_cast<std::int64_t>(ms) : 0;
}

// Through a temporary file and a rename, like every file of the site: a
// reader sees the old stamp or the new one.
void write_stamp(const std::string& out_dir, std::int64_t ms) {
  const std::string path = out_dir + "/" + kStamp, tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0) return;  // the next build writes it again
  const std::string text = std::to_string(ms) + "\n";
  const bool ok = ::write(fd.get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (!fd.close() || !ok || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

}  // namespace

struct Rebuilder::Impl {
  RebuildOptions opt;
  mutable std::mutex mu;
  std::condition_variable wake;
  bool pending = false;                                // under mu: a change not yet in a build
  bool running = false;                                // under mu
  bool stopping = false;                               // under mu
  std::chrono::steady_clock::time_point last_start{};  // under mu
  bool started_one = false;                            // under mu
  RebuildState state;                                  // under mu, but for `stale`
  std::thread thread;

  void loop();
  void build_once();
  void log(const std::string& line) const {
    if (opt.log) opt.log(line);
  }
};

void Rebuilder::Impl::loop() {
  std::unique_lock lock(mu);
  for (;;) {
    wake.wait(lock, [&] { return pending || stopping; });
    if (stopping) return;
    // A burst: the first change builds at once, the rest wait out the
    // interval and go into one build together.
    if (started_one) {
      const auto due = last_start + opt.min_interval;
      if (wake.wait_until(lock, due, [&] { return stopping; })) return;
    }
    pending = false;
    running = true;
    started_one = true;
    last_start = std::chrono::steady_clock::now();
    lock.unlock();
    build_once();
    lock.lock();
    running = false;
  }
}

void Rebuilder::Impl::build_once() {
  const auto began = std::chrono::steady_clock::now();
  auto report = build_site(opt.build);
  const std::int64_t at = now_ms();
  const long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::steady_clock::now() - began)
                                        .count());
  if (report) write_stamp(opt.build.out_dir, at);
  {
    std::lock_guard lock(mu);
    ++state.builds;
    if (report) {
      state.built_at_ms = at;
      state.failed_at_ms = 0;
      state.error.clear();
    } else {
      state.failed_at_ms = at;
      state.error = report.status().message();
    }
  }
  if (report) {
    log("Đã dựng lại trang công khai trong " + opt.build.out_dir + ": " +
        std::to_string(report->pages) + " trang; ghi " + std::to_string(report->written) +
        ", giữ nguyên " + std::to_string(report->kept) + ", xoá " +
        std::to_string(report->removed) + " tệp (" + std::to_string(ms) + " ms)");
  } else {
    log("Không dựng lại được trang công khai trong " + opt.build.out_dir + ": " +
        report.status().message() + "; sẽ thử lại khi dữ liệu công khai thay đổi");
  }
}

Rebuilder::Rebuilder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<Rebuilder> Rebuilder::start(RebuildOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->opt = std::move(options);
  const std::int64_t built = read_stamp(impl->opt.build.out_dir);
  impl->state.built_at_ms = built;
  // The database file's time moves on every write the server makes, public
  // or not: this may build once when nothing public changed (cheap: the
  // build is incremental), never skips a build that was due.
  const std::string& db = impl->opt.build.db_path;
  const std::int64_t written = std::max(mtime_ms(db), mtime_ms(db + "-wal"));
  impl->pending = built == 0 || built < written;
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->loop(); });
  return std::unique_ptr<Rebuilder>(new Rebuilder(std::move(impl)));
}

Rebuilder::~Rebuilder() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

void Rebuilder::changed() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->pending = true;
  }
  impl_->wake.notify_all();
}

RebuildState Rebuilder::state() const {
  std::lock_guard lock(impl_->mu);
  RebuildState s = impl_->state;
  s.stale = impl_->pending || impl_->running;
  return s;
}

}  // namespace thidua::site
