// The server under 100 concurrent clients doing syncs with nothing to do.
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include "bench/sync_scenarios.h"

namespace thidua::bench {

LoadResult run_load(const Env& env, const std::vector<std::string>& tokens, int schema, std::int64_t cursor,
                    int seconds) {
  std::atomic<long> done{0}, failed{0};
  std::mutex why_mu;
  std::map<std::string, long> why;  // failures by kind
  std::atomic<bool> stop{false};
  const std::string body =
      "{\"protocol\":1,\"schema\":" + std::to_string(schema) + ",\"cursor\":" + std::to_string(cursor) + "}";
  std::vector<std::thread> clients;
  auto t = Clock::now();
  for (const auto& token : tokens) {
    clients.emplace_back([&, token] {
      httplib::Client c("127.0.0.1", env.server_port);
      c.set_keep_alive(true);
      httplib::Headers h{{"Authorization", "Bearer " + token}};
      while (!stop) {
        auto r = c.Post("/api/v1/sync", h, body, "application/json");
        if (r && r->status == 200) {
          ++done;
        } else {
          ++failed;
          std::lock_guard lock(why_mu);
          ++why[r ? "HTTP " + std::to_string(r->status) : httplib::to_string(r.error())];
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& c : clients) c.join();
  LoadResult out;
  out.seconds = seconds_since(t);
  out.ok = done;
  out.failed = failed;
  out.per_second = static_cast<double>(done) / out.seconds;
  out.peak_rss_kb = env.server_peak_rss_kb();
  out.failures.assign(why.begin(), why.end());
  return out;
}

void print_load(const char* what, const LoadResult& r) {
  std::printf("%-34s %8.0f req/s (%ld ok, %ld failed, 100 clients, %.1f s); server peak RSS %ld KB\n", what,
              r.per_second, r.ok, r.failed, r.seconds, r.peak_rss_kb);
  for (const auto& [kind, n] : r.failures) std::printf("%-34s %ld failed: %s\n", "", n, kind.c_str());
}

}  // namespace thidua::bench
