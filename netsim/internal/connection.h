// One connection through the proxy: the per-connection pump that delays,
// paces and cuts each direction, and the socket helpers it shares with the
// acceptor in proxy.cc. Internal to netsim.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <utility>

#include "common/unique_fd.h"

namespace thidua::netsim::netsim_internal {

using Clock = std::chrono::steady_clock;

void set_nodelay(int fd);
// Makes the next close() send a reset instead of a graceful FIN.
void set_reset_on_close(int fd);
void signal_eventfd(int fd);

struct Counters {
  std::atomic<std::int64_t> bytes_up{0}, bytes_down{0}, connections{0}, cuts{0};
};

// What the link does to one direction of one connection.
struct DirectionRule {
  std::int64_t rate = 0;  // bytes/s, 0 = unlimited
  Clock::duration latency{};
  std::int64_t cut_at = -1;  // forwarded bytes after which to cut, -1 = never
};

// One forwarded connection: a thread per direction. The last thread to end
// closes both sockets (with a reset if the connection was aborted), so a cut
// is seen by the peers at once; the owner joins the threads later.
class Connection {
 public:
  Connection(UniqueFd client, UniqueFd server, UniqueFd wake, Counters& counters, DirectionRule up,
             DirectionRule down)
      : client_(std::move(client)),
        server_(std::move(server)),
        wake_(std::move(wake)),
        counters_(counters),
        up_rule_(up),
        down_rule_(down) {}

  // Aborts it unless finished, then joins both threads.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts both threads. Throws std::system_error when a thread cannot start.
  void start();

  // Ends both directions; idempotent. A cut is counted once per connection.
  void abort(bool is_cut);

  bool finished() const { return running_.load() == 0; }

 private:
  struct Chunk;  // bytes read, waiting for their due time

  // One direction's thread: pump(), then the last one out closes both sockets.
  void run(bool up);

  void pump(int src, int dst, const DirectionRule& rule, std::atomic<std::int64_t>& counter);
  void wait_drained(int fd);

  UniqueFd client_, server_, wake_;
  Counters& counters_;
  const DirectionRule up_rule_, down_rule_;
  std::atomic<bool> aborted_{false};
  std::atomic<int> running_{2};
  std::thread up_, down_;
};

}  // namespace thidua::netsim::netsim_internal
