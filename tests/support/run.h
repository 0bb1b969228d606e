// Runs a program as a user would, capturing its exit code and output.
#pragma once

#include <string>
#include <vector>

namespace thidua::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `args` (args[0] is the program) with the shell's quoting taken care
// of, in `cwd` when not empty, stdin from /dev/null, bounded by `timeout_s`.
RunResult run(const std::vector<std::string>& args, const std::string& cwd = "", int timeout_s = 60);

// The whole content of a file ("" when missing).
std::string read_file(const std::string& path);

}  // namespace thidua::testing
