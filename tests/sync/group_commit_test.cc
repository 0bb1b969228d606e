// Group commit: syncs that arrive together share one transaction and one
// commit, and a failing one is undone alone.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "sync/server/internal/group_commit.h"
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

TEST_CASE("bodies that arrive while a group runs share the next commit; a failing one is undone alone") {
  StoreFixture f;
  auto s = f.open();
  std::mutex db_mu;
  constexpr int kThreads = 12;
  std::vector<Status> results(kThreads), seen_after(kThreads);
  std::atomic<int> after_calls{0};
  {
    GroupCommit group(*s, db_mu);
    // The first body holds its group open until every other thread has queued.
    std::atomic<bool> first_running{false};
    std::atomic<int> arriving{0};  // the other threads about to call run()
    std::thread first([&] {
      GroupCommit::Body body = [&]() -> Status {
        first_running = true;
        // Every other thread started (however slowly a sanitized build
        // starts them), then a moment to queue inside run().
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (arriving < kThreads - 1 && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return s->write("units", {{"id", std::string("u0")}});
      };
      GroupCommit::After after = [&](const Status& st) { seen_after[0] = st; ++after_calls; };
      results[0] = group.run(body, after);
    });
    while (!first_running) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::vector<std::thread> rest;
    for (int i = 1; i < kThreads; ++i) {
      rest.emplace_back([&, i] {
        GroupCommit::Body body = [&, i]() -> Status {
          THIDUA_RETURN_IF_ERROR(s->write("units", {{"id", "u" + std::to_string(i)}}));
          return i == 5 ? Status::invalid("body 5 fails") : Status::ok();
        };
        GroupCommit::After after = [&, i](const Status& st) { seen_after[i] = st; ++after_calls; };
        ++arriving;
        results[i] = group.run(body, after);
      });
    }
    first.join();
    for (auto& t : rest) t.join();
    CHECK(group.bodies() == kThreads);
    CHECK(group.groups() >= 2);
    CHECK(group.groups() <= 3);  // the first alone, the rest together (or nearly)
  }
  CHECK(after_calls == kThreads);
  for (int i = 0; i < kThreads; ++i) {
    CAPTURE(i);
    CHECK(results[i].is_ok() == (i != 5));
    CHECK(seen_after[i].message() == results[i].message());
    CHECK(s->get("units", "u" + std::to_string(i))->has_value() == (i != 5));
  }
}

TEST_CASE("the committer finishes what is queued before it stops") {
  StoreFixture f;
  auto s = f.open();
  std::mutex db_mu;
  auto group = std::make_unique<GroupCommit>(*s, db_mu);
  Status st = group->run([&] { return s->write("units", {{"id", std::string("last")}}); }, [](const Status&) {});
  group.reset();
  CHECK(st.is_ok());
  CHECK(s->get("units", "last")->has_value());
}
