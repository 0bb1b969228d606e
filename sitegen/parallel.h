// Internal to sitegen/: work spread over the machine's cores.
#pragma once

#include <cstddef>
#include <functional>

namespace thidua::site {

// How many threads parallel_for uses: the cores, at most 8.
unsigned worker_count();

// Calls fn(worker, i) once for every i in [0, n), on up to `workers`
// threads (worker 0 is the calling thread), and returns when all are done.
// Items are handed out one at a time, so uneven items balance; whatever fn
// writes must go to a slot of its own (by i or by worker). Small jobs run
// on the calling thread alone.
void parallel_for(std::size_t n, unsigned workers, const std::function<void(unsigned, std::size_t)>& fn);

}  // namespace thidua::site
