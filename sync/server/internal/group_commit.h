// Group commit for the server's small syncs.
//
// Every sync of a thidua node writes (its lineage moves, issue 9), so each
// cost a transaction and its fsync: with 100 nodes syncing at once, the
// server spent its time waiting on the disk one sync after another. Here
// one thread runs the syncs that arrive together in one transaction with one
// commit, each body in a savepoint of its own (Store::transaction_group):
// a failing body is undone alone, and no answer leaves before the commit
// that holds its writes is durable. Syncs that push cells do not come here
// (a savepoint makes SQLite journal every page a large merge touches).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status.h"

namespace thidua {

class Store;

class GroupCommit {
 public:
  using Body = std::function<Status()>;
  using After = std::function<void(const Status&)>;

  // `db_mu` guards `store`'s connection; the committer takes it per group.
  GroupCommit(Store& store, std::mutex& db_mu);
  ~GroupCommit();  // runs what is queued, then stops
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `body` in the next group's transaction, on the committer's thread,
  // and returns once that transaction has committed or failed: the body's
  // status, or the commit's failure. `after` runs on the committer's thread
  // under `db_mu` with that same status, before this returns.
  Status run(const Body& body, const After& after);

  // Groups committed so far, and the bodies they held (tests, metrics).
  std::int64_t groups() const;
  std::int64_t bodies() const;

 private:
  struct Job {
    const Body* body;
    const After* after;
    Status result;
    bool done = false;
  };
  void loop();
  void run_group(const std::vector<Job*>& group);

  Store& store_;
  std::mutex& db_mu_;
  mutable std::mutex mu_;
  std::condition_variable wake_, finished_;
  std::vector<Job*> queue_;
  bool stopping_ = false;
  std::int64_t groups_ = 0, bodies_ = 0;
  std::thread thread_;
};

}  // namespace thidua
