// The server under 100 concurrent clients doing syncs with nothing to do.
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/sync_child.h"
#include "bench/sync_scenarios.h"

namespace thidua::bench {

LoadResult run_load(const Env& env, const std::vector<std::string>& tokens, int schema,
                    std::int64_t cursor, int seconds) {
  std::atomic<long> done{0}, failed{0};
  std::mutex why_mu;
  std::map<std::string, long> why;  // failures by kind
  std::atomic<bool> stop{false};
  const std::string body = "{\"protocol\":1,\"schema\":" + std::to_string(schema) +
                           ",\"cursor\":" + std::to_string(cursor) + "}";
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
  std::printf(
      "%-34s %8.0f req/s (%ld ok, %ld failed, 100 clients, %.1f s); server peak RSS %ld KB\n", what,
      r.per_second, r.ok, r.failed, r.seconds, r.peak_rss_kb);
  for (const auto& [kind, n] : r.failures)
    std::printf("%-34s %ld failed: %s\n", "", n, kind.c_str());
}

namespace {

// Runs `bin` with `args` and returns its stdout; stops the benchmark on failure.
std::string run_cli(const std::string& bin, std::vector<std::string> args) {
  args.insert(args.begin(), bin);
  Child c(args);
  std::string out = c.read_all(120);
  if (c.wait() != 0) die(bin + " " + args[1] + " " + args[2] + " failed");
  return out;
}

nlohmann::json parse_or_die(const std::string& what, const httplib::Result& r) {
  if (!r || r->status != 200) die(what + " failed");
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (j.is_discarded()) die(what + ": not JSON");
  return j;
}

}  // namespace

LoadResult load_fresh_server(const std::string& bin, const std::string& content,
                             const fs::path& dir, int seconds) {
  Env e;
  e.bin = bin;
  e.dir = dir;
  fs::create_directories(dir);
  run_cli(bin, {"server", "init", "--db", e.central(), "--content", content});
  std::vector<std::string> tokens;
  for (int i = 0; i < 100; ++i) {
    auto out = run_cli(bin, {"server", "add-node", "--db", e.central(), "--unit", "yen-minh",
                             "--role", "district", "--name", "bench", "--json"});
    tokens.push_back(nlohmann::json::parse(out).at("token").get<std::string>());
  }
  e.start_server();
  httplib::Client c("127.0.0.1", e.server_port);
  httplib::Headers auth{{"Authorization", "Bearer " + tokens.front()}};
  const int schema = parse_or_die("hello", c.Get("/api/v1/hello", auth)).at("schema").get<int>();
  // Pull everything once, so the load's requests have nothing to do.
  std::int64_t cursor = 0;
  for (bool more = true; more;) {
    std::string body = "{\"protocol\":1,\"schema\":" + std::to_string(schema) +
                       ",\"cursor\":" + std::to_string(cursor) + "}";
    auto j = parse_or_die("first pull", c.Post("/api/v1/sync", auth, body, "application/json"));
    cursor = j.at("cursor").get<std::int64_t>();
    more = j.value("more", false);
  }
  return run_load(e, tokens, schema, cursor, seconds);
}

}  // namespace thidua::bench
