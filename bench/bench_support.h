// What both benchmarks need: stop with a message, unwrap results, time.
#pragma once

#include <cerrno>  // program_invocation_short_name
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "common/status.h"

namespace thidua::bench {

using Clock = std::chrono::steady_clock;

// Stops the benchmark: "<program>: <what>" on stderr, exit code 1 (atexit
// handlers run: a benchmark removes its temp folder there).
[[noreturn]] inline void die(const std::string& what) {
  std::cout.flush();
  std::cerr << program_invocation_short_name << ": " << what << "\n";
  std::exit(1);
}

template <typename T>
T check(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.status().message());
  return std::move(*r);
}

inline void check(const Status& s, const std::string& what) {
  if (!s.is_ok()) die(what + ": " + s.message());
}

inline double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace thidua::bench
