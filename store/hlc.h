// Hybrid logical clock (HLC).
//
// An HLC timestamp packs wall-clock milliseconds in the high 48 bits and a
// logical counter in the low 16 bits, so timestamps compare as plain
// integers. Ties between nodes are broken by node id (see CellClock).
//
// The clock never goes backwards: when the wall clock jumps back, the
// counter advances instead. A remote timestamp far ahead of our wall clock
// is refused rather than adopted, so one district PC with a wrong clock
// cannot drag every copy's clock into the future.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace thidua {

using Hlc = std::uint64_t;

constexpr int kHlcCounterBits = 16;
// How far ahead of our wall clock a remote timestamp may be. Larger skew is
// a broken clock; the cell is refused and the sender told why.
constexpr std::int64_t kMaxClockDriftMs = 5 * 60 * 1000;

constexpr Hlc hlc_pack(std::int64_t wall_ms, std::uint32_t counter) {
  return (static_cast<Hlc>(wall_ms) << kHlcCounterBits) | (counter & 0xFFFFu);
}
constexpr std::int64_t hlc_wall_ms(Hlc h) { return static_cast<std::int64_t>(h >> kHlcCounterBits); }
constexpr std::uint32_t hlc_counter(Hlc h) { return static_cast<std::uint32_t>(h & 0xFFFFu); }

// The timestamp for a local event, given the last one issued and the wall
// clock: strictly greater than `prev`, and at least `now_ms` when the wall
// clock is ahead.
Hlc hlc_next(Hlc prev, std::int64_t now_ms);

// The clock after seeing `remote`: max(local, remote), never below the wall
// clock. Fails with kInvalid, leaving nothing changed, when `remote` is more
// than `max_drift_ms` ahead of `now_ms`.
Result<Hlc> hlc_receive(Hlc local, Hlc remote, std::int64_t now_ms,
                        std::int64_t max_drift_ms = kMaxClockDriftMs);

// "2021-03-31T10:00:00.000Z+3" for logs and messages.
std::string hlc_format(Hlc h);

// Milliseconds since the Unix epoch from the system clock.
std::int64_t wall_clock_ms();

}  // namespace thidua
