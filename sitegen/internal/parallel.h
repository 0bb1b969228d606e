// Internal to sitegen/: work spread over the machine's cores.
#pragma once

#include <cstddef>
#include <functional>

namespace thidua::site {

// How many threads parallel_for uses for `n` items: one per 16 items, up
// to the cores (at most 8); small jobs stay on the calling thread.
unsigned threads_for(std::size_t n);

// Calls fn(worker, i) once for every i in [0, n), on threads_for(n)
// threads (worker 0 is the calling thread, workers are numbered from 0),
// and returns when all are done. Items are handed out one at a time, so
// uneven items balance; whatever fn writes must go to a slot of its own
// (by i or by worker).
void parallel_for(std::size_t n, const std::function<void(unsigned, std::size_t)>& fn);

}  // namespace thidua::site
