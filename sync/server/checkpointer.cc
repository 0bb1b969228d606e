#include "sync/server/internal/checkpointer.h"

#include "store/store.h"

namespace thidua {

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& db_path,
                                                          std::chrono::milliseconds every) {
  OpenOptions o;
  o.create = false;
  o.cache_mib = 1;  // it copies pages; it keeps none
  auto store = Store::open(db_path, o);
  if (!store) return store.status().with_context("checkpointer");
  return std::unique_ptr<Checkpointer>(new Checkpointer(std::move(*store), every));
}

Checkpointer::Checkpointer(std::unique_ptr<Store> store, std::chrono::milliseconds every)
    : store_(std::move(store)), every_(every), thread_([this] { loop(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Checkpointer::loop() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, every_, [this] { return stopping_; })) {
    if (!written_.exchange(false)) continue;
    lock.unlock();
    // A busy database (a writer mid-commit) leaves frames for next round;
    // the shutdown checkpoint folds whatever is left.
    if (store_->checkpoint_passive().is_ok()) ++runs_;
    lock.lock();
  }
}

}  // namespace thidua
