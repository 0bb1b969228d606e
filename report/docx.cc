// .docx through Debian's pandoc, from the report's own HTML: the board
// edits the draft in Word. pandoc is run directly (posix_spawnp, arguments
// as a vector, no shell). Not with --sandbox: Debian's pandoc 2.17 then
// cannot read its own docx template (/usr/share/pandoc, exit 97). The HTML
// refers to no file or address (every value escaped, no image, no link),
// so there is nothing for pandoc to fetch. Its styles come from the
// reference document compiled in (reference_docx.h): an administrative
// document is typed in Times New Roman 14 pt (Nghị định 30/2020/NĐ-CP).
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "report/internal/reference_docx.h"
#include "report/internal/writers.h"

extern char** environ;

namespace thidua::report_internal {
namespace {

Status missing(const std::string& pandoc) {
  return Status::not_found("không chạy được " + pandoc +
                           ", chương trình cần để viết tệp .docx: cài bằng lệnh \"sudo apt install pandoc\", "
                           "hoặc viết báo cáo dạng .html rồi mở bằng Word");
}

// Runs argv with stdin, stdout and stderr on /dev/null; its exit status,
// or -errno when it could not be started.
int run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  for (int fd : {0, 1, 2}) posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err != 0) return -err;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -errno;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Writes a temporary file pandoc reads; removes it again if that fails.
Status write_temp(const std::string& path, std::string_view bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (f) return Status::ok();
  std::remove(path.c_str());
  return Status::io("không ghi được tệp tạm " + path);
}

}  // namespace

Status write_docx(const std::string& html, const std::string& path, const std::string& pandoc) {
  const std::string source = path + ".html";
  const std::string reference = path + ".reference.docx";
  std::vector<std::string> args = {pandoc, "--from", "html", "--to", "docx", "--output", path};
  if (Status s = write_temp(source, html); !s.is_ok()) return s;
  if (!reference_docx().empty()) {
    if (Status s = write_temp(reference, reference_docx()); !s.is_ok()) {
      std::remove(source.c_str());
      return s;
    }
    args.insert(args.end(), {"--reference-doc", reference});
  }
  args.push_back(source);
  const int rc = run(args);
  std::remove(source.c_str());
  std::remove(reference.c_str());
  if (rc == -ENOENT || rc == -EACCES || rc == 127) return missing(pandoc);
  if (rc < 0) return Status::io("không chạy được " + pandoc + ": " + std::to_string(-rc));
  if (rc != 0) return Status::io(pandoc + " dừng với mã " + std::to_string(rc) + " khi viết " + path);
  return Status::ok();
}

}  // namespace thidua::report_internal
