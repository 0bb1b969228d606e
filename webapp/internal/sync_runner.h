// Internal to webapp/: the app's syncs, one at a time. The "Đồng bộ ngay"
// button and the background thread (--sync-every) share one mutex, so two
// syncs never run together; each uses a connection of its own, so pages
// keep answering while a sync waits on the link.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"

namespace thidua {
class Store;
}  // namespace thidua

namespace thidua::webapp {

// What the home page says about syncing.
struct SyncState {
  bool running = false;
  bool failed = false;            // the last attempt failed
  std::string message;            // the last attempt's outcome, in Vietnamese ("" before any)
  std::string last_attempt_hhmm;  // Vietnam time of the last attempt's end
  std::string retry_hhmm;         // when the background sync tries again ("" without one)
};

class SyncRunner {
 public:
  SyncRunner(std::string db_path, int every_s, int connect_timeout_s, int max_attempts);
  ~SyncRunner();  // stop()
  SyncRunner(const SyncRunner&) = delete;
  SyncRunner& operator=(const SyncRunner&) = delete;

  // Starts the background thread when every_s > 0.
  void start();
  // Asks the thread to stop (its waits end at once) and joins it.
  void stop();
  // Runs one sync now, after any sync running finishes. Ok, or the
  // failure (already recorded in the state and the database).
  Status run_now();
  SyncState state() const;

 private:
  void loop();
  Status sync_once();
  // Waits up to `d` or until stop(); false when stopping.
  bool wait_for(std::chrono::milliseconds d);

  const std::string db_path_;
  const int every_s_, connect_timeout_s_, max_attempts_;
  std::mutex sync_mu_;            // held for the whole of a sync
  std::unique_ptr<Store> store_;  // opened at the first sync, used under sync_mu_
  mutable std::mutex state_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  SyncState state_;
  std::thread thread_;
};

// "HH:MM" in Vietnam at `t`.
std::string vietnam_hhmm(std::chrono::system_clock::time_point t);

// How long ago an ISO time ("2026-12-04T22:53:10.123Z") was, in words:
// "vừa xong", "5 phút trước", "3 giờ trước", "2 ngày trước"; "" when
// `iso` does not parse.
std::string age_in_words(const std::string& iso, std::chrono::system_clock::time_point now);

// The same instant as "HH:MM ngày DD/MM/YYYY" in Vietnam ("" when it does not parse).
std::string vietnam_time_of(const std::string& iso);

}  // namespace thidua::webapp
