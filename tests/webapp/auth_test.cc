// The web app's authentication pieces (webapp/auth.h): sessions kept only
// by hash, with idle and absolute expiry and a bound; CSRF tokens bound to
// one session; the login throttle; the session cookie, hostile headers
// included. Clocks are injected: no test sleeps.
#include "webapp/auth.h"

#include <doctest/doctest.h>

#include <cctype>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "common/hex.h"

using namespace thidua;
using namespace thidua::webapp;

namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;

// 2021-04-01T00:00:00Z: 07:00 in Hà Giang.
struct Clock {
  std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(1'617'235'200'000);
  ClockMs fn() const {
    auto n = now;
    return [n] { return *n; };
  }
  void advance(std::int64_t ms) const { *now += ms; }
};

}  // namespace

TEST_CASE("a session token is 256 random bits in hex, checked, and ends when destroyed") {
  Clock clock;
  SessionStore sessions({}, clock.fn());
  const std::string a = sessions.create(false);
  const std::string b = sessions.create(true);
  CHECK(a.size() == 64);
  CHECK(is_sha256_hex(a));
  CHECK(a != b);
  REQUIRE(sessions.check(a).has_value());
  CHECK_FALSE(sessions.check(a)->logged_in);
  CHECK(sessions.check(b)->logged_in);
  CHECK(sessions.check(b)->created_ms == *clock.now);
  CHECK(sessions.size() == 2);
  sessions.destroy(a);
  CHECK_FALSE(sessions.check(a).has_value());
  CHECK(sessions.check(b).has_value());
  sessions.destroy(a);  // twice: nothing
  sessions.destroy("not a token");
  sessions.destroy_all();
  CHECK_FALSE(sessions.check(b).has_value());
  CHECK(sessions.size() == 0);
}

TEST_CASE(
    "only a token's exact text names its session: near misses, other cases and garbage do not") {
  SessionStore sessions;
  const std::string token = sessions.create(true);
  std::string upper = token;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string flipped = token;
  flipped[63] = flipped[63] == '0' ? '1' : '0';
  for (const std::string& other :
       {std::string(), token.substr(0, 63), token + "0", flipped, upper, " " + token,
        sha256_hex(token), std::string(64, '0'), token.substr(0, 32) + std::string(32, '\0'),
        std::string(100'000, 'a')}) {
    CHECK_FALSE(sessions.check(other).has_value());
  }
  CHECK(sessions.check(token).has_value());
}

TEST_CASE("a session ends after 8 hours unused, and after 24 hours even in use") {
  Clock clock;
  SessionStore sessions({}, clock.fn());
  const std::string idle = sessions.create(true);
  const std::string busy = sessions.create(true);
  clock.advance(8 * kHour - 1);
  CHECK(sessions.check(busy).has_value());
  clock.advance(1);
  CHECK_FALSE(sessions.check(idle).has_value());
  for (int h = 0; h < 16; ++h) {  // used every hour, up to 24 h after it began
    CHECK(sessions.check(busy).has_value());
    clock.advance(kHour);
  }
  CHECK_FALSE(sessions.check(busy).has_value());
}

TEST_CASE("the table is bounded: anonymous sessions go first, then the oldest logged-in one") {
  Clock clock;
  SessionLimits limits;
  limits.max_sessions = 3;
  SessionStore sessions(limits, clock.fn());
  const std::string first = sessions.create(true);
  clock.advance(1);
  const std::string second = sessions.create(true);
  clock.advance(1);
  // A flood of cookieless requests: each makes an anonymous session.
  std::vector<std::string> anonymous;
  for (int i = 0; i < 50; ++i) {
    anonymous.push_back(sessions.create(false));
    clock.advance(1);
  }
  CHECK(sessions.size() == 3);
  CHECK(sessions.check(first).has_value());
  CHECK(sessions.check(second).has_value());
  CHECK(sessions.check(anonymous.back()).has_value());
  CHECK_FALSE(sessions.check(anonymous.front()).has_value());
  // Logged-in sessions only: the oldest goes.
  const std::string third = sessions.create(true);
  const std::string fourth = sessions.create(true);
  CHECK_FALSE(sessions.check(first).has_value());
  CHECK(sessions.check(third).has_value());
  CHECK(sessions.check(fourth).has_value());
  CHECK(sessions.size() == 3);
}

TEST_CASE("sessions are safe from many threads at once") {
  SessionLimits limits;
  limits.max_sessions = 200;
  SessionStore sessions(limits);
  std::vector<std::thread> threads;
  std::vector<int> kept(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string token = sessions.create(i % 2 == 0);
        if (sessions.check(token)) ++kept[static_cast<std::size_t>(t)];
        if (i % 3 == 0) sessions.destroy(token);
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(sessions.size() <= 200);
  for (int k : kept) CHECK(k > 0);
}

TEST_CASE(
    "a CSRF token belongs to one session, stays the same through it, and reveals nothing of it") {
  SessionStore sessions;
  const std::string a = sessions.create(false);
  const std::string b = sessions.create(false);
  const std::string ta = csrf_token(a);
  CHECK(ta.size() == 64);
  CHECK(is_sha256_hex(ta));
  CHECK(csrf_token(a) == ta);  // several tabs, one token
  CHECK(ta != csrf_token(b));
  CHECK(ta != a);
  CHECK(ta != sha256_hex(a));  // not what the session table keys by
  CHECK(csrf_ok(a, ta));
  CHECK_FALSE(csrf_ok(b, ta));
  CHECK_FALSE(csrf_ok(a, ""));
  CHECK_FALSE(csrf_ok(a, ta.substr(0, 63)));
  CHECK_FALSE(csrf_ok(a, ta + "0"));
  std::string flipped = ta;
  flipped[0] = flipped[0] == 'a' ? 'b' : 'a';
  CHECK_FALSE(csrf_ok(a, flipped));
  CHECK_FALSE(csrf_ok("", csrf_token("")));  // no session, no token
  CHECK_FALSE(csrf_ok("garbage", csrf_token("garbage")));
}

TEST_CASE(
    "five wrong passwords within 15 minutes refuse the address until 15 minutes after the last, "
    "saying when") {
  Clock clock;  // 07:00 in Vietnam
  LoginThrottle throttle({}, clock.fn());
  for (int i = 0; i < 4; ++i) {
    CHECK_FALSE(throttle.refusal("192.0.2.7").has_value());
    throttle.failed("192.0.2.7");
    clock.advance(kMinute);
  }
  CHECK_FALSE(throttle.refusal("192.0.2.7").has_value());
  clock.advance(30'000);  // 07:04:30
  throttle.failed("192.0.2.7");
  auto refused = throttle.refusal("192.0.2.7");
  REQUIRE(refused.has_value());
  // 07:19:30, shown rounded up: trying at the time shown works.
  CHECK(*refused ==
        "Đã nhập sai mật khẩu 5 lần trong 15 phút. Hãy thử lại sau 07:20 (giờ Việt Nam).");
  CHECK_FALSE(throttle.refusal("192.0.2.8").has_value());  // another PC
  clock.advance(15 * kMinute - 1);
  CHECK(throttle.refusal("192.0.2.7").has_value());
  clock.advance(1);
  CHECK_FALSE(throttle.refusal("192.0.2.7").has_value());
  throttle.failed("192.0.2.7");  // the count starts again
  CHECK_FALSE(throttle.refusal("192.0.2.7").has_value());
}

TEST_CASE("failures spread wider than the window never lock, and a good login clears the count") {
  Clock clock;
  LoginThrottle throttle({}, clock.fn());
  for (int i = 0; i < 20; ++i) {
    throttle.failed("192.0.2.7");
    CHECK_FALSE(throttle.refusal("192.0.2.7").has_value());
    clock.advance(4 * kMinute);  // at most 4 within any 15 minutes
  }
  for (int i = 0; i < 4; ++i) throttle.failed("192.0.2.9");
  throttle.succeeded("192.0.2.9");
  throttle.failed("192.0.2.9");
  CHECK_FALSE(throttle.refusal("192.0.2.9").has_value());
}

TEST_CASE("a lockout that ends after midnight in Vietnam names the day") {
  Clock clock;
  *clock.now = 1'617'235'200'000 + 16 * kHour + 50 * kMinute;  // 23:50 in Vietnam
  LoginThrottle throttle({}, clock.fn());
  for (int i = 0; i < 5; ++i) throttle.failed("192.0.2.7");
  CHECK(*throttle.refusal("192.0.2.7") ==
        "Đã nhập sai mật khẩu 5 lần trong 15 phút. Hãy thử lại sau 00:05 ngày 2021-04-02 (giờ Việt "
        "Nam).");
}

TEST_CASE("the throttle's memory is bounded, and a spray of addresses does not lift a lock") {
  Clock clock;
  ThrottleLimits limits;
  limits.max_addresses = 3;
  LoginThrottle throttle(limits, clock.fn());
  for (int i = 0; i < 5; ++i) throttle.failed("192.0.2.1");  // locked
  for (int i = 0; i < 1000; ++i) {                           // one failure each from many addresses
    throttle.failed("10.0.0." + std::to_string(i));
    clock.advance(1);
  }
  CHECK(throttle.size() == 3);
  CHECK(throttle.refusal("192.0.2.1").has_value());
  // Once the window has passed, stale records make room before any other.
  clock.advance(15 * kMinute);
  throttle.failed("198.51.100.1");
  CHECK(throttle.size() == 1);
  // A hostile, very long "address" is cut to a bounded key.
  throttle.failed(std::string(1 << 20, 'x'));
  CHECK(throttle.size() == 2);
}

TEST_CASE("the session cookie is HttpOnly, SameSite=Strict, for the whole app, never Secure") {
  const std::string token(64, 'a');
  CHECK(session_cookie(token) == "thidua_session=" + token + "; HttpOnly; SameSite=Strict; Path=/");
  CHECK(cleared_session_cookie() ==
        "thidua_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
}

TEST_CASE("the session token is read from a Cookie header, and hostile headers name no session") {
  const std::string t = sha256_hex("a");
  const std::string u = sha256_hex("b");
  CHECK(session_token_from_cookies("thidua_session=" + t) == t);
  CHECK(session_token_from_cookies("theme=dark; thidua_session=" + t + "; lang=vi") == t);
  CHECK(session_token_from_cookies("  thidua_session = " + t + " ;") == t);
  CHECK(session_token_from_cookies("thidua_session=\"" + t + "\"") == t);
  // The first well-formed one counts; malformed ones are passed over.
  CHECK(session_token_from_cookies("thidua_session=xyz; thidua_session=" + t +
                                   "; thidua_session=" + u) == t);
  for (const std::string& hostile :
       {std::string(), std::string(";;;;"), std::string("="), std::string("thidua_session"),
        std::string("thidua_session="), "thidua_session=" + t.substr(0, 63),
        "thidua_session=" + t + "0", "thidua_session=" + t.substr(0, 10) + "G" + t.substr(11),
        "THIDUA_SESSION=" + t, "xthidua_session=" + t, "thidua_sessionx=" + t,
        "thidua_session=" + t.substr(0, 32) + ";" + t.substr(32),
        "thidua_session=" + t.substr(0, 32) + std::string(1, '\0') + t.substr(33),
        "thidua_session=\"" + t, "thidua_session=" + t + "\r\nSet-Cookie: x=y",
        "thidua_session=" + std::string(64, 'A'), std::string(100'000, ';'),
        std::string(kMaxCookieHeaderBytes, 'a') + "; thidua_session=" + t}) {
    CAPTURE(hostile.substr(0, 120));
    CHECK(session_token_from_cookies(hostile).empty());
  }
  std::string bytes;  // every byte value, around a real token
  for (int c = 0; c < 256; ++c) bytes.push_back(static_cast<char>(c));
  CHECK(session_token_from_cookies(bytes + "; thidua_session=" + t + "; " + bytes) == t);
}
