// A worker pool that grows on demand and shrinks when idle.
//
// httplib hands each accepted connection to a TaskQueue and the connection
// holds its worker until it closes. A fixed pool lets a crowd of idle or
// slow clients queue every new connection behind them; this one starts a
// thread whenever every worker is busy, up to a bound, and a thread that
// has had nothing to do for a while exits.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace thidua {

class ElasticPool final : public httplib::TaskQueue {
 public:
  explicit ElasticPool(int max_threads, std::chrono::milliseconds idle_exit = std::chrono::seconds(30));
  ~ElasticPool() override;  // shutdown()

  // Runs `fn` on an idle worker, on a new one while fewer than max_threads
  // run, else as soon as one is free.
  void enqueue(std::function<void()> fn) override;
  // Runs what is queued, then returns once every worker has exited.
  void shutdown() override;

 private:
  void work();

  const int max_threads_;
  const std::chrono::milliseconds idle_exit_;
  std::mutex mu_;
  std::condition_variable jobs_cv_, done_cv_;
  std::deque<std::function<void()>> jobs_;
  int live_ = 0, idle_ = 0;
  bool stop_ = false;
};

}  // namespace thidua
