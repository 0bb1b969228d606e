#include "webapp/internal/sync_runner.h"

#include <cstdio>
#include <ctime>
#include <random>

#include "common/vietnam_time.h"
#include "store/store.h"
#include "sync/client/client.h"

namespace thidua::webapp {
namespace {

std::string format_vietnam(std::chrono::system_clock::time_point t, const char* format) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t + kVietnamUtcOffset);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_iso(const std::string& iso) {
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  const std::time_t t = timegm(&tm);
  if (t == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

// The outcome in a clerk's words: what went, what came, what needs a look.
// Cells are the engineers' unit, not the clerk's (the home page counts
// records), so counts of cells are not shown.
std::string describe(const SyncReport& r) {
  std::string m = "Đồng bộ xong: ";
  m += r.cells_pushed ? "đã gửi các thay đổi chờ gửi" : "không có thay đổi nào chờ gửi";
  if (r.photos_uploaded) m += ", gửi " + std::to_string(r.photos_uploaded) + " ảnh";
  m += r.cells_pulled ? "; đã nhận dữ liệu mới từ máy chủ" : "; không có dữ liệu mới";
  if (r.photos_downloaded) m += ", nhận " + std::to_string(r.photos_downloaded) + " ảnh";
  m += ".";
  if (r.restarts) {
    m += " Máy chủ vừa được khôi phục từ bản sao lưu: máy này đã gửi lại công việc của đơn vị.";
  }
  if (r.conflicts) m += " Có " + std::to_string(r.conflicts) + " xung đột mới cần xem.";
  if (!r.rejections.empty()) {
    m += " Máy chủ từ chối " + std::to_string(r.rejections.size()) + " thay đổi (xem Trang chủ).";
  }
  return m;
}

}  // namespace

std::string vietnam_hhmm(std::chrono::system_clock::time_point t) {
  return format_vietnam(t, "%H:%M");
}

std::string age_in_words(const std::string& iso, std::chrono::system_clock::time_point now) {
  auto t = parse_iso(iso);
  if (!t) return "";
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - *t).count();
  if (minutes < 1) return "vừa xong";
  if (minutes < 60) return std::to_string(minutes) + " phút trước";
  if (minutes < 24 * 60) return std::to_string(minutes / 60) + " giờ trước";
  return std::to_string(minutes / (24 * 60)) + " ngày trước";
}

std::string vietnam_time_of(const std::string& iso) {
  auto t = parse_iso(iso);
  return t ? format_vietnam(*t, "%H:%M ngày %d/%m/%Y") : "";
}

SyncRunner::SyncRunner(std::string db_path, int every_s, int connect_timeout_s, int max_attempts)
    : db_path_(std::move(db_path)),
      every_s_(every_s),
      connect_timeout_s_(connect_timeout_s),
      max_attempts_(max_attempts) {}

SyncRunner::~SyncRunner() { stop(); }

void SyncRunner::start() {
  if (every_s_ > 0 && !thread_.joinable()) thread_ = std::thread([this] { loop(); });
}

void SyncRunner::stop() {
  {
    std::lock_guard lock(state_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool SyncRunner::wait_for(std::chrono::milliseconds d) {
  std::unique_lock lock(state_mu_);
  return !stop_cv_.wait_for(lock, d, [this] { return stopping_; });
}

SyncState SyncRunner::state() const {
  std::lock_guard lock(state_mu_);
  return state_;
}

Status SyncRunner::run_now() {
  std::lock_guard sync_lock(sync_mu_);
  return sync_once();
}

Status SyncRunner::sync_once() {
  {
    std::lock_guard lock(state_mu_);
    state_.running = true;
  }
  Status outcome = Status::ok();
  std::string message;
  if (!store_) {
    OpenOptions o;
    o.create = false;
    auto opened = Store::open(db_path_, o);
    if (opened)
      store_ = std::move(*opened);
    else
      outcome = opened.status();
  }
  if (store_) {
    ClientOptions c;
    c.connect_timeout_s = connect_timeout_s_;
    c.io_timeout_s = 30;
    c.max_attempts = max_attempts_;
    // A retry's pause ends at once when the app stops.
    c.sleep = [this](int ms) { wait_for(std::chrono::milliseconds(ms)); };
    auto report = sync_node(*store_, c);
    if (report)
      message = describe(*report);
    else
      outcome = report.status();
  }
  if (!outcome.is_ok()) {
    message = "Chưa đồng bộ được: " + outcome.message() +
              ". Dữ liệu vẫn được giữ trên máy và sẽ gửi lần sau.";
  }
  std::lock_guard lock(state_mu_);
  state_.running = false;
  state_.failed = !outcome.is_ok();
  state_.message = message;
  state_.last_attempt_hhmm = vietnam_hhmm(std::chrono::system_clock::now());
  return outcome;
}

void SyncRunner::loop() {
  std::mt19937 rng(std::random_device{}());
  int failures = 0;
  for (;;) {
    Status st;
    {
      std::lock_guard sync_lock(sync_mu_);
      {
        std::lock_guard lock(state_mu_);
        if (stopping_) return;
      }
      st = sync_once();
    }
    failures = st.is_ok() ? 0 : failures + 1;
    // After a failure, try again sooner (15 s, 30 s, 60 s...) but never
    // later than the period; jitter keeps a district's PCs from retrying
    // in step after a shared outage.
    double wait_s = every_s_;
    if (failures > 0) {
      wait_s = std::min<double>(every_s_, 15.0 * (1 << std::min(failures - 1, 10)));
      wait_s *= std::uniform_real_distribution<double>(0.8, 1.2)(rng);
    }
    const auto wait = std::chrono::milliseconds(static_cast<std::int64_t>(wait_s * 1000));
    {
      std::lock_guard lock(state_mu_);
      state_.retry_hhmm = vietnam_hhmm(std::chrono::system_clock::now() + wait);
    }
    if (!wait_for(wait)) return;
  }
}

}  // namespace thidua::webapp
