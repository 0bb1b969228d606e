#include "sitegen/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace thidua::site {

unsigned worker_count() { return std::clamp(std::thread::hardware_concurrency(), 1u, 8u); }

void parallel_for(std::size_t n, unsigned workers, const std::function<void(unsigned, std::size_t)>& fn) {
  constexpr std::size_t kWorthAThread = 16;
  const auto threads_wanted = static_cast<unsigned>(std::min<std::size_t>(workers, n / kWorthAThread));
  if (threads_wanted <= 1) {
    for (std::size_t i = 0; i < n; ++i) fn(0, i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto run = [&](unsigned worker) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(worker, i);
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < threads_wanted; ++w) threads.emplace_back(run, w);
  run(0);
  for (auto& t : threads) t.join();
}

}  // namespace thidua::site
