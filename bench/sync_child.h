// A child process the benchmark talks to by lines: its stdin and stdout are
// pipes to us, its stderr is ours. Used for the PouchDB peer (node) and the
// baseline's cli.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace thidua::bench {

class Child {
 public:
  // Starts argv[0] (searched in PATH) with `argv`, in `cwd` when not empty.
  // Stops the benchmark when it cannot.
  Child(const std::vector<std::string>& argv, const std::string& cwd = "");
  // Ends the child (SIGTERM) if it still runs, and reaps it.
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // The next line of its stdout without the newline; stops the benchmark
  // when the child closes stdout or says nothing for `timeout_s` seconds.
  std::string read_line(int timeout_s = 600);
  // Everything it writes to stdout until it closes it.
  std::string read_all(int timeout_s = 600);
  void write_line(const std::string& line);
  // Closes its stdin, waits for it to exit; its exit code (-1 if killed).
  int wait();
  void terminate();
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  std::string buffer_;
};

}  // namespace thidua::bench
