// A raw TCP client for attack tests: bound to a chosen loopback source
// address (127.0.0.x) so tests can play many clients, sending exactly the
// bytes the test writes, with every wait bounded.
#pragma once

#include <string>
#include <string_view>

namespace thidua::testing {

class RawConn {
 public:
  // Connects from `local_ip` (any port) to 127.0.0.1:`port`; see ok().
  RawConn(const std::string& local_ip, int port);
  ~RawConn();
  RawConn(RawConn&& other) noexcept;
  RawConn(const RawConn&) = delete;
  RawConn& operator=(const RawConn&) = delete;

  bool ok() const { return fd_ >= 0; }
  // Sends all of `data` within timeout_ms; false when the server closed,
  // reset or stopped reading.
  bool send_all(std::string_view data, int timeout_ms = 5000);
  // What arrives until the server closes or timeout_ms passes.
  std::string read_until_close(int timeout_ms);
  // True when the server closed (end of stream or reset) within timeout_ms;
  // whatever it sent meanwhile is discarded.
  bool closed_within(int timeout_ms);

 private:
  int fd_ = -1;
};

// The status code of the first HTTP response in `raw` (0 when none).
int http_status(const std::string& raw);

}  // namespace thidua::testing
