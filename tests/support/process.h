// A child process the test starts and can kill: a real `thidua server run`.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace thidua::testing {

class Process {
 public:
  // Starts args[0] with args, stdout/stderr appended to `log_path`.
  Process(const std::vector<std::string>& args, const std::string& log_path);
  ~Process();  // SIGKILLs and reaps it if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // Sends `sig` and waits (up to timeout_s) for the exit; returns the raw
  // wait status, or -1 when it did not exit in time.
  int signal_and_wait(int sig, int timeout_s = 10);

 private:
  pid_t pid_ = -1;
};

// Polls GET http://127.0.0.1:port/healthz until it answers 200 (true) or
// timeout_s passes (false).
bool wait_healthy(int port, int timeout_s = 15);

}  // namespace thidua::testing
