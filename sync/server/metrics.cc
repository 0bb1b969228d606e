#include "sync/server/internal/metrics.h"

#include <sstream>

namespace thidua {

std::string route_label(const std::string& path) {
  static const char* const kRoutes[] = {"/healthz", "/metrics", "/api/v1/hello", "/api/v1/sync",
                                        "/api/v1/photos/missing"};
  for (const char* r : kRoutes)
    if (path == r) return r;
  const std::string photos = "/api/v1/photos/";
  if (path.size() == photos.size() + 64 && path.compare(0, photos.size(), photos) == 0 &&
      path.find_first_not_of("0123456789abcdef", photos.size()) == std::string::npos) {
    return "/api/v1/photos/:hash";
  }
  return "other";
}

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void Metrics::count_refused_connection() {
  std::lock_guard lock(mu_);
  ++refused_connections_;
}

void Metrics::count_request(const std::string& route, int status) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
}

void Metrics::add_bytes(std::int64_t in, std::int64_t out) {
  std::lock_guard lock(mu_);
  bytes_in_ += in;
  bytes_out_ += out;
}

void Metrics::add_cells(std::int64_t accepted, std::int64_t rejected, std::int64_t pulled) {
  std::lock_guard lock(mu_);
  accepted_ += accepted;
  rejected_ += rejected;
  pulled_ += pulled;
}

void Metrics::observe_sync_ms(double ms) {
  std::lock_guard lock(mu_);
  ++sync_count_;
  sync_sum_ms_ += ms;
  for (std::size_t i = 0; i < std::size(kBuckets); ++i)
    if (ms <= kBuckets[i]) ++bucket_counts_[i];
}

void Metrics::count_public_change() {
  std::lock_guard lock(mu_);
  ++public_changes_;
}

std::string Metrics::render_site(const SiteStatus& site) const {
  std::int64_t changes = 0;
  {
    std::lock_guard lock(mu_);
    changes = public_changes_;
  }
  std::ostringstream out;
  out << "# HELP thidua_site_changes_total Syncs and photo uploads that changed what the public site shows.\n"
      << "# TYPE thidua_site_changes_total counter\n"
      << "thidua_site_changes_total " << changes << "\n"
      << "# HELP thidua_site_built_timestamp_seconds End of the last successful build of the public site (0: none).\n"
      << "# TYPE thidua_site_built_timestamp_seconds gauge\n"
      << "thidua_site_built_timestamp_seconds " << site.built_at_ms / 1000 << "\n"
      << "# HELP thidua_site_build_failing 1 when the last build of the public site failed.\n"
      << "# TYPE thidua_site_build_failing gauge\n"
      << "thidua_site_build_failing " << (site.failed_at_ms > 0 ? 1 : 0) << "\n";
  return out.str();
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP thidua_requests_total HTTP requests by route and status.\n"
      << "# TYPE thidua_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "thidua_requests_total{route=\"" << escape_label(key.first) << "\",status=\"" << key.second << "\"} " << n
        << "\n";
  }
  out << "# HELP thidua_connections_refused_total Connections closed at once: too many from one address.\n"
      << "# TYPE thidua_connections_refused_total counter\n"
      << "thidua_connections_refused_total " << refused_connections_ << "\n";
  out << "# HELP thidua_body_bytes_total Request and response body bytes as sent (compressed).\n"
      << "# TYPE thidua_body_bytes_total counter\n"
      << "thidua_body_bytes_total{direction=\"in\"} " << bytes_in_ << "\n"
      << "thidua_body_bytes_total{direction=\"out\"} " << bytes_out_ << "\n"
      << "# HELP thidua_cells_total Cells pushed to the server (accepted, rejected) and pulled from it.\n"
      << "# TYPE thidua_cells_total counter\n"
      << "thidua_cells_total{outcome=\"accepted\"} " << accepted_ << "\n"
      << "thidua_cells_total{outcome=\"rejected\"} " << rejected_ << "\n"
      << "thidua_cells_total{outcome=\"pulled\"} " << pulled_ << "\n"
      << "# HELP thidua_sync_duration_ms Time to serve one sync request.\n"
      << "# TYPE thidua_sync_duration_ms histogram\n";
  for (std::size_t i = 0; i < std::size(kBuckets); ++i) {
    out << "thidua_sync_duration_ms_bucket{le=\"" << kBuckets[i] << "\"} " << bucket_counts_[i] << "\n";
  }
  out << "thidua_sync_duration_ms_bucket{le=\"+Inf\"} " << sync_count_ << "\n"
      << "thidua_sync_duration_ms_sum " << sync_sum_ms_ << "\n"
      << "thidua_sync_duration_ms_count " << sync_count_ << "\n";
  return out.str();
}

}  // namespace thidua
