// The clock a person in Vietnam reads. Vietnam keeps one time zone, UTC+7
// (Indochina Time), with no daylight saving, so a fixed offset is exact.
#pragma once

#include <chrono>
#include <string>

namespace thidua {

// Vietnam's offset from UTC. Add it to a UTC instant to read Vietnam's
// wall clock; the only place the seven hours are written.
inline constexpr std::chrono::hours kVietnamUtcOffset{7};

// The calendar date in Vietnam at the instant `t`, as "YYYY-MM-DD":
// 2021-06-30T23:30Z is 06:30 on 2021-07-01 in Hà Giang.
std::string vietnam_date(std::chrono::system_clock::time_point t);

// Today's date in Vietnam, as "YYYY-MM-DD".
std::string vietnam_today();

}  // namespace thidua
