// LoginThrottle (webapp/auth.h): failed logins per client address.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "common/vietnam_time.h"
#include "webapp/auth.h"

namespace thidua::webapp {
namespace {

// Addresses are IPv4 or IPv6 text (at most 45 bytes); a longer key is cut,
// so a caller passing something else cannot grow the table's memory.
constexpr std::size_t kMaxAddressBytes = 64;

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct Record {
  std::deque<std::int64_t> failures;  // within the window, oldest first
  std::int64_t locked_until_ms = 0;
  std::int64_t last_ms = 0;
};

// "14:36" in Vietnam at `ms`, rounded up to the minute (trying at the time
// shown works), with the date when it is not today's.
std::string vietnam_clock(std::int64_t ms, std::int64_t now_ms) {
  using namespace std::chrono;
  const std::int64_t minute = (ms + 59'999) / 60'000;
  const auto at = system_clock::time_point(minutes(minute));
  const auto local = floor<minutes>(at + kVietnamUtcOffset).time_since_epoch().count();
  char hhmm[32];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(local / 60 % 24),
                static_cast<int>(local % 60));
  std::string out = hhmm;
  const std::string day = vietnam_date(at);
  if (day != vietnam_date(system_clock::time_point(milliseconds(now_ms)))) out += " ngày " + day;
  return out;
}

}  // namespace

struct LoginThrottle::Impl {
  ThrottleLimits limits;
  ClockMs clock;
  mutable std::mutex mu;
  std::unordered_map<std::string, Record> by_address;

  std::int64_t now() const { return clock ? clock() : wall_ms(); }
  static std::string key(std::string_view address) {
    return std::string(address.substr(0, std::min(address.size(), kMaxAddressBytes)));
  }
  bool stale(const Record& r, std::int64_t now_ms) const {
    return r.locked_until_ms <= now_ms &&
           (r.failures.empty() || now_ms - r.failures.back() >= limits.window_ms);
  }
  // Makes room for one more record: stale ones first, then the unlocked one
  // idle longest, and only when every record is a lock in force, the lock
  // that ends soonest: a spray of addresses does not lift a lock. Called
  // with `mu` held.
  void make_room(std::int64_t now_ms) {
    if (by_address.size() < limits.max_addresses) return;
    std::erase_if(by_address, [&](const auto& kv) { return stale(kv.second, now_ms); });
    if (by_address.size() < limits.max_addresses) return;
    auto rank = [now_ms](const Record& r) {
      const bool locked = r.locked_until_ms > now_ms;
      return std::pair(locked, locked ? r.locked_until_ms : r.last_ms);
    };
    auto first = std::min_element(
        by_address.begin(), by_address.end(),
        [&](const auto& a, const auto& b) { return rank(a.second) < rank(b.second); });
    by_address.erase(first);
  }
};

LoginThrottle::LoginThrottle(ThrottleLimits limits, ClockMs clock_ms)
    : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
  impl_->limits.max_failures = std::max(1, limits.max_failures);
  impl_->limits.max_addresses = std::max<std::size_t>(1, limits.max_addresses);
  impl_->clock = std::move(clock_ms);
}

LoginThrottle::~LoginThrottle() = default;

std::optional<std::string> LoginThrottle::refusal(std::string_view address) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->by_address.find(Impl::key(address));
  const std::int64_t now = impl_->now();
  if (it == impl_->by_address.end() || it->second.locked_until_ms <= now) return std::nullopt;
  const auto& l = impl_->limits;
  return "Đã nhập sai mật khẩu " + std::to_string(l.max_failures) + " lần trong " +
         std::to_string(l.window_ms / 60'000) + " phút. Hãy thử lại sau " +
         vietnam_clock(it->second.locked_until_ms, now) + " (giờ Việt Nam).";
}

void LoginThrottle::failed(std::string_view address) {
  std::lock_guard lock(impl_->mu);
  const std::int64_t now = impl_->now();
  std::string key = Impl::key(address);
  if (!impl_->by_address.contains(key)) impl_->make_room(now);
  Record& r = impl_->by_address[key];
  r.last_ms = now;
  while (!r.failures.empty() && now - r.failures.front() >= impl_->limits.window_ms)
    r.failures.pop_front();
  r.failures.push_back(now);
  if (static_cast<int>(r.failures.size()) >= impl_->limits.max_failures) {
    // Refused from now on; after the lockout the count starts again.
    r.locked_until_ms = now + impl_->limits.lockout_ms;
    r.failures.clear();
  }
}

void LoginThrottle::succeeded(std::string_view address) {
  std::lock_guard lock(impl_->mu);
  impl_->by_address.erase(Impl::key(address));
}

std::size_t LoginThrottle::size() const {
  std::lock_guard lock(impl_->mu);
  return impl_->by_address.size();
}

}  // namespace thidua::webapp
