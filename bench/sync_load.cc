// The server under 100 concurrent clients doing syncs with nothing to do:
// bare requests (no lineage, so the server skips the lineage write), and
// the same as real nodes send them (each carries the lineage of its last
// answer and a fresh attempt, as sync/client does; every such sync rotates
// the node's lineage, issue 9's guard against copied databases).
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/sync_child.h"
#include "bench/sync_scenarios.h"
#include "common/hex.h"
#include "sync/protocol/protocol.h"

namespace thidua::bench {

namespace {

// One client on its own keep-alive connection, bare or as a node.
class LoadClient {
 public:
  LoadClient(int port, const std::string& token, int schema, std::int64_t cursor, bool as_node)
      : c_("127.0.0.1", port), as_node_(as_node) {
    c_.set_keep_alive(true);
    headers_ = {{"Authorization", "Bearer " + token}};
    if (as_node_) headers_.emplace("Accept-Encoding", "br");  // as sync/client/http.cc
    request_.schema = schema;
    request_.cursor = cursor;
    if (as_node_) request_.attempt = random_hex(8);  // as NodeStore::sync_attempt
    // The bare request, the same bytes as before the as-node load existed.
    bare_ = "{\"protocol\":1,\"schema\":" + std::to_string(schema) +
            ",\"cursor\":" + std::to_string(cursor) + "}";
  }

  // One sync; "" when answered, else why not.
  std::string once() {
    auto r = c_.Post("/api/v1/sync", headers_, as_node_ ? encode_sync_request(request_) : bare_,
                     "application/json");
    if (!r) return httplib::to_string(r.error());
    if (r->status != 200) return "HTTP " + std::to_string(r->status);
    if (!as_node_) return "";
    auto answer = decode_sync_response(r->body);
    if (!answer) return "bad answer";
    // Kept as the client keeps them (NodeStore::set_node_lineage, the
    // cursor); a failed request is retried with the same attempt.
    if (!answer->lineage.empty()) {
      request_.lineage = answer->lineage;
      request_.attempt = random_hex(8);
    }
    request_.cursor = answer->cursor;
    return "";
  }

 private:
  httplib::Client c_;
  bool as_node_;
  httplib::Headers headers_;
  SyncRequest request_;
  std::string bare_;
};

}  // namespace

LoadResult run_load(const Env& env, const std::vector<std::string>& tokens, int schema,
                    std::int64_t cursor, int seconds, bool as_nodes) {
  std::atomic<long> done{0}, failed{0};
  std::mutex why_mu;
  std::map<std::string, long> why;  // failures by kind
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  auto t = Clock::now();
  for (const auto& token : tokens) {
    clients.emplace_back([&, token] {
      LoadClient c(env.server_port, token, schema, cursor, as_nodes);
      while (!stop) {
        std::string failure = c.once();
        if (failure.empty()) {
          ++done;
        } else {
          ++failed;
          std::lock_guard lock(why_mu);
          ++why[failure];
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

LoadPair load_fresh_server(const std::string& bin, const std::string& content,
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
  LoadPair out;
  out.bare = run_load(e, tokens, schema, cursor, seconds, false);
  // A new process, so its peak RSS is this load's; the bare syncs bound no lineage.
  e.stop_server();
  e.start_server();
  out.as_nodes = run_load(e, tokens, schema, cursor, seconds, true);
  return out;
}

}  // namespace thidua::bench
