// Who may use the office web app (`thidua node ui`, issue 12): sessions,
// CSRF tokens, the login throttle and the session cookie. Nothing here
// speaks HTTP: the server passes header values and form fields in as
// strings and writes what comes back.
//
// The contract the server keeps:
//
// - Every browser has a session, named by the `thidua_session` cookie
//   (session_cookie). A request with no valid session cookie gets a new
//   session, anonymous, and its Set-Cookie; it is never taken as logged in.
// - Without a password (`thidua node ui-password` never run), the app
//   listens on loopback only and an anonymous session may do everything:
//   there is no login, but the session still exists so that every form's
//   CSRF token (below) is bound to one browser.
// - With a password, an anonymous session may see only the login page. A
//   good password (NodeStore::verify_ui_password, not throttled: below)
//   destroys the anonymous session and creates a logged-in one with a new
//   token (a token planted before the login is worth nothing after it).
//   Logging out destroys the session. When the password is set again or
//   cleared, destroy_all() logs everyone out.
// - Every form carries csrf_token(session token) in a hidden field, the
//   login form included (its session is the anonymous one), and every POST
//   is refused (403, nothing changed) unless csrf_ok() holds for the
//   session that sent it. SameSite=Strict already keeps the cookie off
//   requests other sites start; the token also covers old browsers and
//   same-site pages.
// - The server also refuses a request whose Host header is not the address
//   it listens on (or localhost): a page on another site whose name is
//   made to resolve to 127.0.0.1 (DNS rebinding) would otherwise be
//   same-origin with the app and could read a CSRF token from a page.
//
// Tokens are 64 lowercase hex digits (256 random bits). A SessionStore
// keeps only their SHA-256: a memory dump of the table names no session
// and gives no CSRF token (that is HMAC-SHA256 keyed by the token itself).
// Sessions live in this process's memory only: restarting the app logs
// everyone out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace thidua::webapp {

// Milliseconds since the epoch; tests inject a clock.
using ClockMs = std::function<std::int64_t()>;

// --- Sessions ----------------------------------------------------------------

struct Session {
  bool logged_in = false;       // false: anonymous (see the contract above)
  std::int64_t created_ms = 0;  // when create() made it
};

struct SessionLimits {
  std::int64_t idle_ms = 8LL * 3600 * 1000;       // unused this long: gone
  std::int64_t absolute_ms = 24LL * 3600 * 1000;  // this old: gone, used or not
  std::size_t max_sessions = 1000;                // beyond: the oldest goes
};

// In memory, safe to use from many threads at once.
class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {}, ClockMs clock_ms = {});
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // A new session and its token, the only copy of which the caller gets.
  // Beyond max_sessions the oldest anonymous session is dropped to make
  // room, or the oldest of all when none is anonymous: a flood of cookieless
  // requests ends anonymous sessions before anyone's login.
  std::string create(bool logged_in);
  // The session `token` names, when it exists and has neither idled out nor
  // reached its absolute age; a hit counts as use (the idle clock restarts).
  // Anything else, malformed tokens included, is nullopt.
  std::optional<Session> check(std::string_view token);
  // Ends the session `token` names; nothing when there is none.
  void destroy(std::string_view token);
  // Ends every session (the password changed or was cleared).
  void destroy_all();
  // Sessions held, expired ones not yet swept included.
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// --- CSRF ----------------------------------------------------------------------

// The CSRF token of the session `session_token` names: HMAC-SHA256 keyed
// by the session token, 64 hex digits. The same for the whole session, so
// several open tabs all work; it reveals nothing of the session token.
// The caller has checked the session (SessionStore::check).
std::string csrf_token(std::string_view session_token);
// True when `submitted` is csrf_token(session_token), compared in constant
// time. False for an empty or malformed session token.
bool csrf_ok(std::string_view session_token, std::string_view submitted);

// --- Login throttle ----------------------------------------------------------

struct ThrottleLimits {
  int max_failures = 5;                        // this many within window_ms...
  std::int64_t window_ms = 15LL * 60 * 1000;   // ...refuse the address...
  std::int64_t lockout_ms = 15LL * 60 * 1000;  // ...this long after the last one
  std::size_t max_addresses = 10'000;          // records kept at most
};

// Failed logins per client address, in memory, safe from many threads. An
// address with max_failures failures within window_ms is refused until
// lockout_ms after the last of them; a good login clears its record. Each
// record holds at most max_failures times, and at most max_addresses
// records are kept (stale ones go first, then the unlocked one idle
// longest; a lock in force goes last).
class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleLimits limits = {}, ClockMs clock_ms = {});
  ~LoginThrottle();
  LoginThrottle(const LoginThrottle&) = delete;
  LoginThrottle& operator=(const LoginThrottle&) = delete;

  // nullopt when `address` may try a password now; else the sentence to
  // show (Vietnamese, with the time in Vietnam when it may try again).
  // Check before verifying the password: a refused attempt costs no hash.
  std::optional<std::string> refusal(std::string_view address);
  // Records a wrong password from `address`.
  void failed(std::string_view address);
  // A good password from `address`: its record goes.
  void succeeded(std::string_view address);
  // Records held.
  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// --- The session cookie ------------------------------------------------------

inline constexpr std::string_view kSessionCookieName = "thidua_session";
// The longest Cookie header read; longer ones are taken as naming no
// session (a browser sends a few hundred bytes to this app).
inline constexpr std::size_t kMaxCookieHeaderBytes = 8192;

// The Set-Cookie value that hands the browser `token`:
// "thidua_session=<token>; HttpOnly; SameSite=Strict; Path=/".
std::string session_cookie(std::string_view token);
// The Set-Cookie value that removes it (logout).
std::string cleared_session_cookie();
// The session token a Cookie header carries: the first `thidua_session`
// value that is a well-formed token (64 lowercase hex digits), or "" when
// there is none or the header is longer than kMaxCookieHeaderBytes. Any
// bytes at all are safe to pass.
std::string session_token_from_cookies(std::string_view cookie_header);

}  // namespace thidua::webapp
