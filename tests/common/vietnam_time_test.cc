#include "common/vietnam_time.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

namespace thidua {
namespace {

using namespace std::chrono;

// A UTC instant from its calendar parts.
system_clock::time_point utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
}

struct Case {
  system_clock::time_point at;
  std::string date;
};

TEST_CASE("vietnam_date is the date on a wall clock at UTC+7") {
  const std::vector<Case> cases = {
      {utc(2021, 6, 30, 0, 0), "2021-06-30"},
      {utc(2021, 6, 30, 16, 59), "2021-06-30"},   // 23:59 in Hà Giang
      {utc(2021, 6, 30, 17, 0), "2021-07-01"},    // midnight in Hà Giang
      {utc(2021, 6, 30, 23, 30), "2021-07-01"},   // 06:30: a clerk's morning, still the 30th in UTC
      {utc(2021, 12, 31, 17, 0), "2022-01-01"},   // the year turns seven hours early
      {utc(2024, 2, 28, 20, 0), "2024-02-29"},    // leap day
  };
  for (const Case& c : cases) {
    CAPTURE(c.date);
    CHECK(vietnam_date(c.at) == c.date);
  }
}

TEST_CASE("vietnam_today reads the system clock") {
  const std::string before = vietnam_date(system_clock::now());
  const std::string today = vietnam_today();
  const std::string after = vietnam_date(system_clock::now());
  CHECK((today == before || today == after));
}

}  // namespace
}  // namespace thidua
