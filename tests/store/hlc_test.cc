#include "store/hlc.h"

#include <doctest/doctest.h>

using namespace thidua;

TEST_CASE("hlc packs wall time and counter so that order is integer order") {
  Hlc a = hlc_pack(1000, 5);
  CHECK(hlc_wall_ms(a) == 1000);
  CHECK(hlc_counter(a) == 5);
  CHECK(hlc_pack(1000, 6) > a);
  CHECK(hlc_pack(1001, 0) > hlc_pack(1000, 0xFFFF));
}

TEST_CASE("hlc_next follows the wall clock when it moves forward") {
  Hlc h = hlc_next(0, 5000);
  CHECK(h == hlc_pack(5000, 0));
  CHECK(hlc_next(h, 6000) == hlc_pack(6000, 0));
}

TEST_CASE("hlc_next is strictly monotonic when the wall clock stands still or jumps back") {
  Hlc h = hlc_next(0, 10'000);
  Hlc prev = h;
  const std::int64_t walls[] = {10'000, 10'000, 9'000, 0, -5, 1'000, 10'000};
  for (auto wall : walls) {
    Hlc next = hlc_next(prev, wall);
    CHECK(next > prev);
    CHECK(hlc_wall_ms(next) == 10'000);  // the jump back is absorbed by the counter
    prev = next;
  }
  CHECK(hlc_counter(prev) == 7);
}

TEST_CASE("hlc_next carries into the wall part when the counter is exhausted") {
  Hlc h = hlc_pack(10'000, 0xFFFF);
  Hlc next = hlc_next(h, 10'000);
  CHECK(next > h);
  CHECK(hlc_wall_ms(next) == 10'001);
}

TEST_CASE("hlc_receive adopts a remote clock within the drift bound") {
  Hlc local = hlc_pack(10'000, 3);
  auto r = hlc_receive(local, hlc_pack(12'000, 7), 10'500);
  REQUIRE(r.is_ok());
  CHECK(*r == hlc_pack(12'000, 7));
  // A remote clock behind ours changes nothing but the wall floor.
  r = hlc_receive(local, hlc_pack(1'000, 0), 10'000);
  REQUIRE(r.is_ok());
  CHECK(*r == local);
  r = hlc_receive(local, hlc_pack(1'000, 0), 20'000);
  CHECK(*r == hlc_pack(20'000, 0));
}

TEST_CASE("hlc_receive refuses a remote clock far in the future") {
  const std::int64_t now = 1'617'235'200'000;
  Hlc local = hlc_pack(now, 0);
  Hlc day_ahead = hlc_pack(now + 24LL * 3600 * 1000, 0);
  auto r = hlc_receive(local, day_ahead, now);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK(r.status().message().find("đi trước đồng hồ ở đây") != std::string::npos);
  // Just inside the bound is fine.
  CHECK(hlc_receive(local, hlc_pack(now + kMaxClockDriftMs, 0), now).is_ok());
  CHECK_FALSE(hlc_receive(local, hlc_pack(now + kMaxClockDriftMs + 1, 0), now).is_ok());
}

TEST_CASE("hlc_format renders UTC time and counter") {
  CHECK(hlc_format(hlc_pack(1'617'235'200'123, 4)) == "2021-04-01T00:00:00.123Z+4");
}
