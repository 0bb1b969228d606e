// Server counters, rendered in the Prometheus text format.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace thidua {

class Metrics {
 public:
  void count_request(const std::string& route, int status);
  void add_bytes(std::int64_t in, std::int64_t out);
  void add_cells(std::int64_t accepted, std::int64_t rejected, std::int64_t pulled);
  void observe_sync_ms(double ms);
  std::string render() const;

 private:
  static constexpr double kBuckets[] = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::int64_t> requests_;
  std::int64_t bytes_in_ = 0, bytes_out_ = 0;
  std::int64_t accepted_ = 0, rejected_ = 0, pulled_ = 0;
  std::int64_t sync_count_ = 0;
  double sync_sum_ms_ = 0;
  std::int64_t bucket_counts_[sizeof(kBuckets) / sizeof(kBuckets[0])] = {};
};

}  // namespace thidua
