// Server counters, rendered in the Prometheus text format.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "sync/protocol/protocol.h"

namespace thidua {

// The label for a request path: one of the server's routes (every photo
// path as "/api/v1/photos/:hash"), else "other", so that the set of
// series stays bounded whatever paths clients send.
std::string route_label(const std::string& path);

// `value` escaped for a label value of the Prometheus text format
// (backslash, double quote and newline).
std::string escape_label(const std::string& value);

class Metrics {
 public:
  // `route` should come from route_label(); it is escaped either way.
  void count_request(const std::string& route, int status);
  // A connection closed at once: too many open from its address.
  void count_refused_connection();
  void add_bytes(std::int64_t in, std::int64_t out);
  void add_cells(std::int64_t accepted, std::int64_t rejected, std::int64_t pulled);
  void observe_sync_ms(double ms);
  // A sync or an upload changed what the public site shows (public_change.h).
  void count_public_change();
  std::string render() const;
  // The public site's series, for a server that builds it (--site-out):
  // public changes counted, the last build's time, whether it is failing.
  std::string render_site(const SiteStatus& site) const;

 private:
  static constexpr double kBuckets[] = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::int64_t> requests_;
  std::int64_t bytes_in_ = 0, bytes_out_ = 0;
  std::int64_t accepted_ = 0, rejected_ = 0, pulled_ = 0;
  std::int64_t refused_connections_ = 0;
  std::int64_t public_changes_ = 0;
  std::int64_t sync_count_ = 0;
  double sync_sum_ms_ = 0;
  std::int64_t bucket_counts_[sizeof(kBuckets) / sizeof(kBuckets[0])] = {};
};

}  // namespace thidua
