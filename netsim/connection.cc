#include "netsim/internal/connection.h"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <vector>

namespace thidua::netsim::netsim_internal {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kPacedChunk = 1024;       // write size when a rate is set
constexpr std::size_t kMaxQueued = 256 * 1024;  // per direction, then stop reading
constexpr auto kDrainWait = std::chrono::seconds(1);
constexpr int kMaxPollMs = 1000;

}  // namespace

void set_nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void set_reset_on_close(int fd) {
  linger lg{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
}

void signal_eventfd(int fd) {
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(fd, &one, sizeof one);
}

struct Connection::Chunk {
  Clock::time_point due;
  std::vector<char> bytes;
  std::size_t sent = 0;
};

Connection::~Connection() {
  // A finished connection closed its sockets itself; aborting it now could
  // race with that close and turn a graceful close into a reset.
  if (!finished()) abort(false);
  if (up_.joinable()) up_.join();
  if (down_.joinable()) down_.join();
}

void Connection::start() {
  up_ = std::thread([this] { run(true); });
  try {
    down_ = std::thread([this] { run(false); });
  } catch (...) {
    abort(false);
    throw;
  }
}

void Connection::abort(bool is_cut) {
  if (aborted_.exchange(true)) return;
  if (is_cut) ++counters_.cuts;
  signal_eventfd(wake_.get());
}

void Connection::run(bool up) {
  pump(up ? client_.get() : server_.get(), up ? server_.get() : client_.get(), up ? up_rule_ : down_rule_,
       up ? counters_.bytes_up : counters_.bytes_down);
  if (running_.fetch_sub(1) == 1) {
    if (aborted_.load()) {
      set_reset_on_close(client_.get());
      set_reset_on_close(server_.get());
    }
    client_.reset();
    server_.reset();
  }
}

// Forwards src -> dst until EOF (then passes on the half-close), a cut, a
// peer's reset or abort(). Reads as data arrives (up to kMaxQueued ahead);
// each chunk waits in the queue until its due time and the pacing allow.
void Connection::pump(int src, int dst, const DirectionRule& rule,
                      std::atomic<std::int64_t>& counter) {
  using std::chrono::duration;
  using std::chrono::duration_cast;
  auto transfer_time = [&](std::int64_t bytes) {
    return duration_cast<Clock::duration>(duration<double>(double(bytes) / double(rule.rate)));
  };
  // Token bucket of one paced chunk: after idle time at most one chunk goes
  // out at once, and a late wake-up is caught up so the long-run rate holds.
  const Clock::duration burst = rule.rate > 0 ? transfer_time(kPacedChunk) : Clock::duration{};
  Clock::time_point next_free{};
  std::deque<Chunk> queue;
  std::size_t queued = 0;
  std::int64_t forwarded = 0;
  bool src_eof = false;
  std::vector<char> buf(kReadChunk);

  while (!aborted_.load()) {
    if (rule.cut_at >= 0 && forwarded >= rule.cut_at) {
      wait_drained(dst);
      abort(true);
      return;
    }
    if (src_eof && queue.empty()) {
      ::shutdown(dst, SHUT_WR);
      return;
    }
    const Clock::time_point now = Clock::now();
    const bool want_read = !src_eof && queued < kMaxQueued;
    bool ready = false;
    int timeout_ms = -1;
    if (!queue.empty()) {
      const Clock::time_point send_at = std::max(queue.front().due, next_free);
      ready = send_at <= now;
      if (!ready) {
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(send_at - now).count();
        timeout_ms = static_cast<int>(std::min<decltype(wait)>(wait, kMaxPollMs));
      }
    }
    pollfd fds[3] = {{wake_.get(), POLLIN, 0},
                     {want_read ? src : -1, POLLIN, 0},
                     {ready ? dst : -1, POLLOUT, 0}};
    if (::poll(fds, 3, timeout_ms) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) break;  // aborted
    if (fds[1].revents != 0) {
      const ssize_t n = ::recv(src, buf.data(), buf.size(), MSG_DONTWAIT);
      if (n > 0) {
        queue.push_back(
            {Clock::now() + rule.latency, std::vector<char>(buf.begin(), buf.begin() + n)});
        queued += static_cast<std::size_t>(n);
      } else if (n == 0) {
        src_eof = true;
      } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        break;  // the peer reset: reset the other side too
      }
    }
    if (fds[2].revents != 0) {
      Chunk& chunk = queue.front();
      std::size_t n = chunk.bytes.size() - chunk.sent;
      if (rule.rate > 0) n = std::min(n, kPacedChunk);
      if (rule.cut_at >= 0) n = std::min<std::size_t>(n, std::size_t(rule.cut_at - forwarded));
      const ssize_t k =
          ::send(dst, chunk.bytes.data() + chunk.sent, n, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (k > 0) {
        chunk.sent += std::size_t(k);
        queued -= std::size_t(k);
        forwarded += k;
        counter += k;
        // Now, not the time before poll(): a wait for a full socket is not credit.
        if (rule.rate > 0) {
          next_free = std::max(next_free, Clock::now() - burst) + transfer_time(k);
        }
        if (chunk.sent == chunk.bytes.size()) queue.pop_front();
      } else if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        break;
      }
    }
  }
  abort(false);
}

// Waits until the peer has acknowledged everything written to fd, so the
// reset of a cut cannot discard bytes already counted as forwarded. Bounded
// by kDrainWait (a peer that stops reading) and by abort().
void Connection::wait_drained(int fd) {
  const Clock::time_point deadline = Clock::now() + kDrainWait;
  int unsent = 0;
  while (::ioctl(fd, SIOCOUTQ, &unsent) == 0 && unsent > 0 && Clock::now() < deadline) {
    pollfd wake{wake_.get(), POLLIN, 0};
    if (::poll(&wake, 1, 2) != 0) return;
  }
}

}  // namespace thidua::netsim::netsim_internal
