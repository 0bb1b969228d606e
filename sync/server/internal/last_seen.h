// Internal to sync/server: which syncs must write the node's "last seen"
// (server_nodes.last_sync_at and last_cursor, read only by `thidua server
// nodes` for monitoring).
//
// Before, every sync wrote both in its transaction, so a sync with nothing
// to do cost a write transaction and its fsync. Now a sync writes them when
// the node's cursor moved, or when the stored time is older than `refresh`.
// The cursor is therefore always exact; last_sync_at may lag the node's
// latest idle sync by up to `refresh`. Nothing is held unwritten, so a crash
// loses nothing more than that lag. Holds one entry per node that synced
// since the server started (bounded by the registered nodes). Not thread
// safe: the caller holds the database lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace thidua {

class LastSeen {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LastSeen(Clock::duration refresh) : refresh_(refresh) {}

  // Whether a sync of `node` that leaves it at `cursor` must write its last
  // seen now.
  bool due(const std::string& node, std::int64_t cursor, Clock::time_point now) const {
    auto it = written_.find(node);
    return it == written_.end() || it->second.cursor != cursor || now - it->second.at >= refresh_;
  }
  // Call once the transaction that wrote it has committed.
  void written(const std::string& node, std::int64_t cursor, Clock::time_point now) {
    written_[node] = Entry{cursor, now};
  }
  // Forgets `node` (its write was rolled back or never made).
  void forget(const std::string& node) { written_.erase(node); }

 private:
  struct Entry {
    std::int64_t cursor = 0;
    Clock::time_point at;
  };
  Clock::duration refresh_;
  std::unordered_map<std::string, Entry> written_;
};

}  // namespace thidua
