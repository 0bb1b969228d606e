#include "sitegen/internal/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace thidua::site {

unsigned threads_for(std::size_t n) {
  constexpr std::size_t kWorthAThread = 16;
  const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  return static_cast<unsigned>(std::clamp<std::size_t>(n / kWorthAThread, 1, cores));
}

void parallel_for(std::size_t n, const std::function<void(unsigned, std::size_t)>& fn) {
  const unsigned threads = threads_for(n);
  if (threads == 1) {
    for (std::size_t i = 0; i < n; ++i) fn(0, i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto run = [&](unsigned worker) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) fn(worker, i);
  };
  std::vector<std::thread> helpers;
  for (unsigned w = 1; w < threads; ++w) helpers.emplace_back(run, w);
  run(0);
  for (auto& t : helpers) t.join();
}

}  // namespace thidua::site
