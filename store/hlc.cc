#include "store/hlc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace thidua {

Hlc hlc_next(Hlc prev, std::int64_t now_ms) {
  // prev + 1 carries into the wall part when the counter is exhausted: the
  // clock then runs slightly ahead of the wall, which stays monotonic and
  // converges back once the wall clock catches up.
  return std::max<Hlc>(prev + 1, hlc_pack(std::max<std::int64_t>(now_ms, 0), 0));
}

Result<Hlc> hlc_receive(Hlc local, Hlc remote, std::int64_t now_ms, std::int64_t max_drift_ms) {
  if (hlc_wall_ms(remote) > now_ms + max_drift_ms) {
    return Status::invalid("thời điểm " + hlc_format(remote) + " đi trước đồng hồ ở đây hơn " +
                           std::to_string(max_drift_ms / 1000) +
                           " giây; hãy kiểm tra ngày giờ của máy gửi");
  }
  return std::max({local, remote, hlc_pack(std::max<std::int64_t>(now_ms, 0), 0)});
}

std::string hlc_format(Hlc h) {
  std::int64_t ms = hlc_wall_ms(h);
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ+%u", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000), hlc_counter(h));
  return buf;
}

std::int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace thidua
