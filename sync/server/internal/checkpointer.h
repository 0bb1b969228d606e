// Folds the server's WAL into its database from a thread of its own.
//
// The server's connection has SQLite's auto-checkpoint off: at the commit
// that crossed 1,000 pages it copied the WAL into the database and synced
// it, inside a request (a third of a large push). Here a second connection
// does it in the background, without blocking the writer.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"

namespace thidua {

class Store;

class Checkpointer {
 public:
  // Opens its own connection to `db_path` and checks every `every` whether
  // anything was written since it last ran.
  static Result<std::unique_ptr<Checkpointer>> start(const std::string& db_path, std::chrono::milliseconds every);
  ~Checkpointer();  // stops the thread and waits for it
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Something was committed: the next round checkpoints.
  void note_write() { written_.store(true, std::memory_order_relaxed); }
  // Rounds that ran a checkpoint (for tests and metrics).
  std::int64_t runs() const { return runs_.load(); }

 private:
  Checkpointer(std::unique_ptr<Store> store, std::chrono::milliseconds every);
  void loop();

  std::unique_ptr<Store> store_;
  std::chrono::milliseconds every_;
  std::atomic<bool> written_{false};
  std::atomic<std::int64_t> runs_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace thidua
