// GET /healthz, for whoever watches the server (GET /metrics is rendered by
// metrics.cc).
#include "sync/server/internal/server_impl.h"

#include <chrono>
#include <thread>

#include "sync/server/internal/db_health.h"

namespace thidua {

using server_internal::kHealthWait;
using server_internal::reply_error;

void Server::Impl::healthz(httplib::Response& res) {
  if (Status w = database_writable(opt.db_path); !w.is_ok()) return reply_error(res, 503, w.message());
  std::unique_lock lock(db_mu, std::defer_lock);
  const auto until = std::chrono::steady_clock::now() + kHealthWait;
  while (!lock.try_lock() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (lock.owns_lock()) {
    auto head = store->feed_head();
    if (!head) return reply_error(res, 503, head.status().message());
  }
  res.set_content("ok\n", "text/plain");
}

}  // namespace thidua
