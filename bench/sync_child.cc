#include "bench/sync_child.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench_support.h"

namespace thidua::bench {

Child::Child(const std::vector<std::string>& argv, const std::string& cwd) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) die("pipe failed");
  pid_ = fork();
  if (pid_ < 0) die("fork failed");
  if (pid_ == 0) {
    dup2(to_child[0], 0);
    dup2(from_child[1], 1);
    close(to_child[0]);
    close(to_child[1]);
    close(from_child[0]);
    close(from_child[1]);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  in_ = to_child[1];
  out_ = from_child[0];
}

Child::~Child() {
  terminate();
  if (in_ >= 0) close(in_);
  if (out_ >= 0) close(out_);
}

std::string Child::read_line(int timeout_s) {
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, timeout_s * 1000) <= 0)
      die("child " + std::to_string(pid_) + " said nothing in time");
    char chunk[4096];
    ssize_t n = read(out_, chunk, sizeof chunk);
    if (n <= 0)
      die("child " + std::to_string(pid_) + " ended without a line (see its stderr above)");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string Child::read_all(int timeout_s) {
  for (;;) {
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, timeout_s * 1000) <= 0)
      die("child " + std::to_string(pid_) + " did not finish in time");
    char chunk[4096];
    ssize_t n = read(out_, chunk, sizeof chunk);
    if (n <= 0) return std::move(buffer_);
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void Child::write_line(const std::string& line) {
  std::string l = line + "\n";
  if (write(in_, l.data(), l.size()) != static_cast<ssize_t>(l.size()))
    die("cannot write to a child");
}

int Child::wait() {
  if (in_ >= 0) close(in_);
  in_ = -1;
  if (pid_ <= 0) return -1;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Child::terminate() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace thidua::bench
