// What the sync benchmark's scenarios share: a real `thidua server run`
// process behind a loopback proxy that counts bytes at the socket (HTTP
// headers included), node setup, the ~600-byte rows, medians and printing.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_support.h"
#include "netsim/proxy.h"
#include "store/store.h"
#include "sync/client/client.h"

namespace thidua::bench {

namespace fs = std::filesystem;

// Removes `dir` when the benchmark exits, also through die(), after ending
// the servers Env started and did not stop.
void remove_at_exit(const fs::path& dir);

template <typename T>
T median(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// ~`bytes` bytes of Vietnamese prose, varied so it does not compress to nothing.
std::string prose(std::mt19937& rng, std::size_t bytes);

// What one measured sync moved. `up`/`down` are bytes at the proxy.
struct Measure {
  std::int64_t pushed = 0, pulled = 0, rejected = 0;
  int requests = 0;
  std::int64_t up = 0, down = 0;
  double seconds = 0;
};

// The middle one by wall time (the whole Measure, so its bytes go with it).
Measure median_of(std::vector<Measure> v);

// Prints one line: requests, bytes each way, seconds, B/row when rows > 0;
// the counts are of cells, or of documents for the PouchDB peer.
void print(const char* what, const Measure& m, int rows = 0, const char* counted = "cells");

// One server process of binary `bin` on the database `central()` in `dir`,
// and a proxy in front of it. stop_server() (or the destructor) ends both.
struct Env {
  std::string bin, content;
  fs::path dir;
  int server_port = 0;
  pid_t server_pid = -1;
  std::unique_ptr<netsim::Proxy> proxy;

  Env() = default;
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  ~Env() { stop_server(); }

  std::string central() const { return (dir / "central.db").string(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(proxy->port()); }

  // Starts the server and waits (up to 15 s) for its /healthz.
  void start_server();
  // The server's VmHWM in KB, -1 when unknown.
  long server_peak_rss_kb() const;
  void stop_server();
  // Registers a node in central() through the store API: {id, token}.
  std::pair<std::string, std::string> add_node(const std::string& unit, const std::string& role);

  // Runs `body` (returning a SyncReport) and reports what crossed the proxy meanwhile.
  template <typename F>
  Measure measure(F&& body) {
    proxy->reset_stats();
    auto t = Clock::now();
    SyncReport r = body();
    return finish_measure(t, r);
  }

 private:
  Measure finish_measure(Clock::time_point started, const SyncReport& r);
};

// One story row as the push sends it (every column the bench writes).
struct StoryRow {
  std::string id, unit_id, title, subject, category, status, created_on, body_md;
  std::string published_on;  // written only when not empty
};

// The rows write_rows() writes, in the same order, from the same rng draws.
std::vector<StoryRow> make_rows(const std::string& unit, int n, std::mt19937& rng, int from = 0,
                                const std::string& status = "draft");

// Writes `rows` into `s` in one transaction (captured for sync like a clerk's edits).
void write_rows(Store& s, const std::vector<StoryRow>& rows);

// make_rows + write_rows: N draft stories of `unit`.
void write_rows(Store& s, const std::string& unit, int n, std::mt19937& rng, int from = 0);

// Options shared by the scenarios: a fast backoff (the link is loopback).
ClientOptions fast_options();

}  // namespace thidua::bench
