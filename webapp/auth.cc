// Sessions, CSRF tokens and the session cookie (webapp/auth.h). The login
// throttle is in auth_throttle.cc.
#include "webapp/auth.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "common/hex.h"

namespace thidua::webapp {
namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A token as create() makes it: 64 lowercase hex digits, the form of a
// SHA-256 in hex, which is_sha256_hex checks.
bool is_token(std::string_view s) { return is_sha256_hex(s); }

struct Entry {
  Session session;
  std::int64_t last_used_ms = 0;
};

}  // namespace

struct SessionStore::Impl {
  SessionLimits limits;
  ClockMs clock;
  mutable std::mutex mu;
  // By the SHA-256 (hex) of the token: the token itself is never kept.
  std::unordered_map<std::string, Entry> by_hash;

  std::int64_t now() const { return clock ? clock() : wall_ms(); }

  bool expired(const Entry& e, std::int64_t now_ms) const {
    return now_ms - e.last_used_ms >= limits.idle_ms ||
           now_ms - e.session.created_ms >= limits.absolute_ms;
  }

  // Makes room for one more: expired sessions first, then the oldest
  // anonymous one, then the oldest of all. Called with `mu` held.
  void make_room(std::int64_t now_ms) {
    if (by_hash.size() < limits.max_sessions) return;
    std::erase_if(by_hash, [&](const auto& kv) { return expired(kv.second, now_ms); });
    while (!by_hash.empty() && by_hash.size() >= limits.max_sessions) {
      auto oldest = by_hash.end();
      for (auto it = by_hash.begin(); it != by_hash.end(); ++it) {
        if (oldest == by_hash.end()) {
          oldest = it;
          continue;
        }
        const Session& a = it->second.session;
        const Session& b = oldest->second.session;
        // Anonymous before logged in, then older before newer.
        if (std::pair(a.logged_in, a.created_ms) < std::pair(b.logged_in, b.created_ms))
          oldest = it;
      }
      by_hash.erase(oldest);
    }
  }
};

SessionStore::SessionStore(SessionLimits limits, ClockMs clock_ms)
    : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
  impl_->limits.max_sessions = std::max<std::size_t>(1, limits.max_sessions);
  impl_->clock = std::move(clock_ms);
}

SessionStore::~SessionStore() = default;

std::string SessionStore::create(bool logged_in) {
  std::string token = random_hex(32);
  const std::string key = sha256_hex(token);
  std::lock_guard lock(impl_->mu);
  const std::int64_t now = impl_->now();
  impl_->make_room(now);
  impl_->by_hash[key] = Entry{Session{logged_in, now}, now};
  return token;
}

std::optional<Session> SessionStore::check(std::string_view token) {
  if (!is_token(token)) return std::nullopt;
  // The lookup is by a hash of the token, so how long it takes says
  // nothing about how much of a guessed token matches a real one.
  const std::string key = sha256_hex(token);
  std::lock_guard lock(impl_->mu);
  auto it = impl_->by_hash.find(key);
  if (it == impl_->by_hash.end()) return std::nullopt;
  const std::int64_t now = impl_->now();
  if (impl_->expired(it->second, now)) {
    impl_->by_hash.erase(it);
    return std::nullopt;
  }
  it->second.last_used_ms = now;
  return it->second.session;
}

void SessionStore::destroy(std::string_view token) {
  if (!is_token(token)) return;
  const std::string key = sha256_hex(token);
  std::lock_guard lock(impl_->mu);
  impl_->by_hash.erase(key);
}

void SessionStore::destroy_all() {
  std::lock_guard lock(impl_->mu);
  impl_->by_hash.clear();
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(impl_->mu);
  return impl_->by_hash.size();
}

// --- CSRF ----------------------------------------------------------------------

std::string csrf_token(std::string_view session_token) {
  // Keyed by the session token, over a fixed label: a token for another
  // purpose keyed the same way would use another label.
  static constexpr std::string_view kLabel = "thidua csrf v1";
  if (sodium_init() < 0) std::abort();  // no random source: nothing here is safe
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(session_token.data()),
                              session_token.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kLabel.data()),
                                kLabel.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string(hex);
}

bool csrf_ok(std::string_view session_token, std::string_view submitted) {
  if (!is_token(session_token) || submitted.size() != crypto_auth_hmacsha256_BYTES * 2)
    return false;
  const std::string expected = csrf_token(session_token);
  return sodium_memcmp(expected.data(), submitted.data(), expected.size()) == 0;
}

// --- The session cookie ------------------------------------------------------

std::string session_cookie(std::string_view token) {
  // No `Secure`: the app is plain HTTP on the office LAN (or loopback), and
  // a browser never sends a Secure cookie over plain HTTP, so nobody could
  // stay logged in. No Max-Age either: the cookie ends with the browser,
  // the session at the latest with its absolute age on the server.
  return std::string(kSessionCookieName) + "=" + std::string(token) +
         "; HttpOnly; SameSite=Strict; Path=/";
}

std::string cleared_session_cookie() {
  return std::string(kSessionCookieName) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string session_token_from_cookies(std::string_view header) {
  if (header.size() > kMaxCookieHeaderBytes) return "";
  while (!header.empty()) {
    const std::size_t end = std::min(header.find(';'), header.size());
    std::string_view pair = trim(header.substr(0, end));
    header.remove_prefix(std::min(end + 1, header.size()));
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)) != kSessionCookieName) continue;
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (is_token(value)) return std::string(value);
  }
  return "";
}

}  // namespace thidua::webapp
