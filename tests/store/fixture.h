// A store in a temp folder with a clock the test controls, and helpers to
// seed the minimum reference data that district rows refer to.
#pragma once

#include <doctest/doctest.h>

#include <memory>

#include "store/store.h"
#include "tests/support/temp_dir.h"

namespace thidua::testing {

struct FakeClock {
  std::int64_t now_ms = 1'617'235'200'000;  // 2021-04-01T00:00:00Z
};

struct StoreFixture {
  TempDir dir;
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();

  // Opens (creating) `name` in the temp folder with the fake clock.
  std::unique_ptr<Store> open(const std::string& name = "node.db") {
    OpenOptions o;
    auto c = clock;
    o.clock_ms = [c] { return c->now_ms; };
    auto store = Store::open(dir.file(name), o);
    REQUIRE_MESSAGE(store.is_ok(), store.status().message());
    return std::move(*store);
  }
};

// Writes one unit, one plan and one task, enough for progress and stories.
inline void seed_reference(Store& s) {
  REQUIRE(s.write("units", {{"id", std::string("dong-van")}, {"name", std::string("Huyện Đồng Văn")},
                            {"kind", std::string("district")}}).is_ok());
  REQUIRE(s.write("plans", {{"id", std::string("2021")}, {"year", std::int64_t{2021}}}).is_ok());
  REQUIRE(s.write("tasks", {{"id", std::string("2021-q1-01")}, {"plan_id", std::string("2021")},
                            {"quarter", std::int64_t{1}}, {"ordinal", std::int64_t{1}},
                            {"content", std::string("Triển khai")}}).is_ok());
}

inline Row progress_row(const std::string& status, std::int64_t percent) {
  return {{"id", std::string("2021-q1-01:dong-van")},
          {"task_id", std::string("2021-q1-01")},
          {"unit_id", std::string("dong-van")},
          {"status", status},
          {"percent", percent}};
}

inline std::int64_t outbox_size(Store& s) {
  auto out = s.outbox();
  REQUIRE(out.is_ok());
  return static_cast<std::int64_t>(out->size());
}

}  // namespace thidua::testing
