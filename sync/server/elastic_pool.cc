#include "sync/server/internal/elastic_pool.h"

#include <system_error>
#include <thread>

namespace thidua {

ElasticPool::ElasticPool(int max_threads, std::chrono::milliseconds idle_exit)
    : max_threads_(max_threads > 0 ? max_threads : 1), idle_exit_(idle_exit) {}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  jobs_.push_back(std::move(fn));
  // Jobs beyond the idle workers need new threads, up to the bound.
  if (static_cast<int>(jobs_.size()) > idle_ && live_ < max_threads_) {
    try {
      std::thread([this] { work(); }).detach();
      ++live_;
    } catch (const std::system_error&) {
      // No thread to be had now: the job waits for a running worker.
    }
  }
  jobs_cv_.notify_one();
}

void ElasticPool::shutdown() {
  std::unique_lock lock(mu_);
  stop_ = true;
  jobs_cv_.notify_all();
  done_cv_.wait(lock, [this] { return live_ == 0; });
}

void ElasticPool::work() {
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    bool woken = jobs_cv_.wait_for(lock, idle_exit_, [this] { return stop_ || !jobs_.empty(); });
    --idle_;
    if (jobs_.empty()) {
      if (stop_ || !woken) break;
      continue;
    }
    auto fn = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    fn();
    lock.lock();
  }
  // The last touch of *this: shutdown() may destroy the pool once it sees
  // live_ == 0, which it can only read after this thread releases mu_.
  --live_;
  done_cv_.notify_all();
}

}  // namespace thidua
