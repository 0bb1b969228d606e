// netsim: a loopback TCP proxy that makes a link look like a bad 2G/3G line.
//
// Tests, the demo and benchmarks put a Proxy between a sync client and a
// server: the client connects to 127.0.0.1:port() and every connection is
// forwarded to the target, delayed, paced and cut as the LinkProfile says.
// Everything stays on the machine: the proxy listens on 127.0.0.1 only and
// forwards only to 127.0.0.1 / localhost.
//
// A Proxy is thread-safe: stats(), set_profile() and reset_stats() may be
// called from any thread while connections are forwarded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace thidua::netsim {

// How the simulated link behaves. Each connection takes the profile current
// when it was accepted and keeps it for its lifetime.
struct LinkProfile {
  // Long-run rate limit in bytes/s, applied to each direction of each
  // connection separately (not shared between connections). 0 = unlimited.
  std::int64_t bandwidth_bytes_per_s = 0;
  // One-way delay: a chunk read at time t is written no earlier than t + latency.
  int latency_ms = 0;
  // Per connection: the chance, in [0, 1], that it is cut after a random
  // number of bytes, uniform in [0, cut_range_bytes), in a random direction.
  // A connection that never carries that many bytes in that direction is not
  // cut, so a link of small requests needs a small range to see cuts.
  double cut_probability = 0;
  std::int64_t cut_range_bytes = 64 * 1024;
  // Cut every connection as soon as this many client->server bytes have been
  // forwarded (-1 = never; 0 = right after connecting).
  std::int64_t cut_after_bytes_up = -1;
  // Same for server->client bytes.
  std::int64_t cut_after_bytes_down = -1;
  // Seeds the random cuts; the same seed and the same order of connections
  // give the same cuts.
  std::uint64_t seed = 1;
};

// Counters since start() or the last reset_stats(). Bytes are the bytes
// actually forwarded ("on the wire", protocol headers included), counted just
// after each write returns: a peer may read a chunk a moment before it counts.
struct ProxyStats {
  std::int64_t bytes_up = 0;     // client -> server
  std::int64_t bytes_down = 0;   // server -> client
  std::int64_t connections = 0;  // accepted from clients
  std::int64_t cuts = 0;         // connections cut by the profile (not by a peer)
};

// A cut forwards exactly the allowed bytes, waits (up to 1 s) until the peer
// has taken them, then closes both sockets with SO_LINGER 0, so both peers
// see the connection reset after the data. Data queued in the other direction
// is dropped. A peer that resets its side resets the other side the same way;
// a peer that shuts down writing (half-close) has that shutdown passed on once
// its data is forwarded.
class Proxy {
 public:
  // Listens on 127.0.0.1 on a free port and forwards each accepted connection
  // to target_host:target_port. target_host must be "127.0.0.1" or
  // "localhost"; any other host, a port outside 1..65535 or an invalid
  // profile (negative rate or latency, probability outside [0, 1], a cut
  // limit below -1) is Status::invalid. Socket failures are Status::io.
  // A target that refuses a connection makes the proxy reset that client.
  static Result<std::unique_ptr<Proxy>> start(const std::string& target_host, int target_port,
                                              LinkProfile profile);

  // Stops: closes the listener, resets every open connection and joins every
  // thread before returning (promptly, even mid-transfer).
  ~Proxy();
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;

  // The port on 127.0.0.1 clients connect to.
  int port() const;

  ProxyStats stats() const;

  // Applies to connections accepted afterwards; open connections keep theirs.
  // Reseeds the random cuts from profile.seed.
  // Precondition: the profile is valid as described at start() (asserted).
  void set_profile(const LinkProfile& profile);

  // Sets every counter to 0.
  void reset_stats();

 private:
  struct Impl;  // defined in proxy.cc
  explicit Proxy(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace thidua::netsim
