#include "common/vietnam_time.h"

#include <cstdio>

namespace thidua {

std::string vietnam_date(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(t + kVietnamUtcOffset)};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return out;
}

std::string vietnam_today() { return vietnam_date(std::chrono::system_clock::now()); }

}  // namespace thidua
