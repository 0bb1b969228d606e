// The site benchmark's files and child processes (bench/site_bench.cc).
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench_support.h"

namespace thidua::bench {

// The whole file ("" when it cannot be read).
std::string read_file(const std::filesystem::path& p);
// Replaces the file with `text`; dies when it cannot.
void write_file(const std::filesystem::path& p, const std::string& text);

struct RunResult {
  int exit_code = -1;  // -1: killed by a signal
  double seconds = 0;
  long peak_rss_kb = 0;
  double cpu_seconds = 0;  // user + system, the child's and its waited-for children's
};

// Runs args (args[0] looked up in PATH) with stdout and stderr sent to the
// given files; waits with wait4 for its resource usage.
RunResult run_process(const std::vector<std::string>& args, const std::filesystem::path& out,
                      const std::filesystem::path& err);

// Runs `body` in a forked child and waits; dies when the child fails (the
// child's die() has printed why).
template <typename F>
void in_child(const std::string& what, F&& body) {
  std::cout.flush();
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) die(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    body();
    std::cout.flush();
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) die(std::string("waitpid: ") + std::strerror(errno));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die(what + " failed");
}
}  // namespace thidua::bench
