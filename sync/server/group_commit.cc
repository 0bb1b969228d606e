#include "sync/server/internal/group_commit.h"

#include "store/store.h"

namespace thidua {

GroupCommit::GroupCommit(Store& store, std::mutex& db_mu)
    : store_(store), db_mu_(db_mu), thread_([this] { loop(); }) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Status GroupCommit::run(const Body& body, const After& after) {
  Job job{&body, &after, Status::ok()};
  std::unique_lock lock(mu_);
  if (stopping_) {  // the server is stopping: no group to join
    lock.unlock();
    std::lock_guard db(db_mu_);
    Status st = store_.transaction(body);
    after(st);
    return st;
  }
  queue_.push_back(&job);
  wake_.notify_one();
  finished_.wait(lock, [&] { return job.done; });
  return job.result;
}

void GroupCommit::loop() {
  for (;;) {
    std::vector<Job*> group;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to run
      group.swap(queue_);
    }
    // Syncs that arrive while this group commits queue for the next one:
    // the busier the server, the more each fsync carries.
    run_group(group);
  }
}

void GroupCommit::run_group(const std::vector<Job*>& group) {
  std::vector<Body> bodies;
  bodies.reserve(group.size());
  for (Job* job : group) bodies.push_back([job] { return (*job->body)(); });
  std::vector<Status> each;
  {
    std::lock_guard db(db_mu_);
    (void)store_.transaction_group(bodies, &each);  // each[i] carries a commit failure too
    for (std::size_t i = 0; i < group.size(); ++i) (*group[i]->after)(each[i]);
  }
  {
    std::lock_guard lock(mu_);
    for (std::size_t i = 0; i < group.size(); ++i) {
      group[i]->result = each[i];
      group[i]->done = true;
    }
    ++groups_;
    bodies_ += static_cast<std::int64_t>(group.size());
  }
  finished_.notify_all();
}

std::int64_t GroupCommit::groups() const {
  std::lock_guard lock(mu_);
  return groups_;
}

std::int64_t GroupCommit::bodies() const {
  std::lock_guard lock(mu_);
  return bodies_;
}

}  // namespace thidua
