#include "sitegen/internal/beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

namespace thidua::site {
namespace {

constexpr int kFolderFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

std::vector<std::string> segments(const std::string& rel) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= rel.size() && !rel.empty()) {
    const auto slash = rel.find('/', from);
    out.push_back(rel.substr(from, slash == std::string::npos ? std::string::npos : slash - from));
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  return out;
}

// Set once openat2 answered ENOSYS (an older kernel, or a sandbox that
// filters it): the component walk is used from then on.
std::atomic<bool> no_openat2{false};

// openat2 beneath `root` with no link anywhere; -1 with errno ENOSYS when
// the kernel lacks it.
int openat2_beneath(int root, const std::string& rel, int flags) {
#ifdef SYS_openat2
  if (!no_openat2.load(std::memory_order_relaxed)) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    for (int attempt = 0; attempt < 4; ++attempt) {
      const long fd = ::syscall(SYS_openat2, root, rel.c_str(), &how, sizeof how);
      if (fd >= 0) return static_cast<int>(fd);
      if (errno != EAGAIN) break;  // EAGAIN: a rename raced the lookup; try again
    }
    if (errno != ENOSYS) return -1;
    no_openat2.store(true, std::memory_order_relaxed);
  }
#endif
  errno = ENOSYS;
  return -1;
}

// One component at a time, each with O_NOFOLLOW.
Fd walk_folder(int root, const std::string& rel) {
  Fd cur(::openat(root, ".", kFolderFlags));
  for (const auto& part : segments(rel)) {
    if (!cur.ok()) break;
    cur = Fd(::openat(cur.get(), part.c_str(), kFolderFlags));
  }
  return cur;
}

Status folder_failed(const std::string& shown, const char* why) {
  return Status::io(shown + ": không tạo được thư mục (" + why + ")");
}

// Opens `part` in `at` as a real folder, making it or replacing what is
// there by one (see make_folder). Bounded: a name that keeps changing
// under us (another process racing) is an error, not a loop.
Result<Fd> make_one(int at, const std::string& part, const std::string& shown, bool* made) {
  *made = false;
  for (int attempt = 0; attempt < 8; ++attempt) {
    Fd fd(::openat(at, part.c_str(), kFolderFlags));
    if (fd.ok()) return fd;
    const int err = errno;
    if (err == ENOENT) {
      if (::mkdirat(at, part.c_str(), 0755) == 0) {
        *made = true;
      } else if (errno != EEXIST) {
        return folder_failed(shown, std::strerror(errno));
      }
      continue;
    }
    if (err != ELOOP && err != ENOTDIR) return folder_failed(shown, std::strerror(err));
    struct stat st {};
    if (::fstatat(at, part.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
    if (S_ISREG(st.st_mode)) return folder_failed(shown, "đã có một tệp trùng tên");
    if (S_ISDIR(st.st_mode)) continue;
    // A link (or a FIFO, socket, device) where the site has a folder: the
    // generator never writes through it; the name goes, a folder comes.
    if (::unlinkat(at, part.c_str(), 0) != 0 && errno != ENOENT) return folder_failed(shown, std::strerror(errno));
  }
  return folder_failed(shown, "tên này liên tục bị thay đổi trong lúc dựng");
}

}  // namespace

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool is_plain_relative(std::string_view rel) {
  if (rel.empty()) return false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= rel.size(); ++i) {
    if (i < rel.size()) {
      const auto c = static_cast<unsigned char>(rel[i]);
      if (c < 0x20 || c == 0x7f) return false;
      if (c != '/') continue;
    }
    const std::string_view part = rel.substr(start, i - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = i + 1;
  }
  return true;
}

std::pair<std::string, std::string> split_last(const std::string& rel) {
  const auto slash = rel.rfind('/');
  if (slash == std::string::npos) return {std::string(), rel};
  return {rel.substr(0, slash), rel.substr(slash + 1)};
}

Fd open_folder(int root, const std::string& rel) {
  if (rel.empty()) return Fd(::openat(root, ".", kFolderFlags));
  if (!is_plain_relative(rel)) {
    errno = EINVAL;
    return Fd();
  }
  const int fd = openat2_beneath(root, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0 || errno != ENOSYS) return Fd(fd);
  return walk_folder(root, rel);
}

Result<Fd> make_folder(int root, const std::string& rel, const std::string& shown_root, bool* made) {
  *made = false;
  if (Fd fd = open_folder(root, rel); fd.ok()) return fd;  // the usual case: there already
  if (!rel.empty() && !is_plain_relative(rel)) return folder_failed(shown_root + "/" + rel, "đường dẫn không hợp lệ");
  Fd cur(::openat(root, ".", kFolderFlags));
  if (!cur.ok()) return folder_failed(shown_root, std::strerror(errno));
  std::string shown = shown_root;
  for (const auto& part : segments(rel)) {
    shown += "/" + part;
    auto next = make_one(cur.get(), part, shown, made);
    if (!next) return next.status();
    cur = std::move(*next);
  }
  return cur;
}

Fd open_regular(int dir, const std::string& name) {
  struct stat st {};
  // Looked at before opening: opening a FIFO or a device may block or act.
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return Fd();
  Fd fd(::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  struct stat now {};
  // Swapped between the two calls: not the file we looked at.
  if (!fd.ok() || ::fstat(fd.get(), &now) != 0 || !S_ISREG(now.st_mode) || now.st_ino != st.st_ino) return Fd();
  return fd;
}

bool is_regular(int dir, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

Result<std::string> read_regular(int dir, const std::string& name, std::size_t limit) {
  Fd fd = open_regular(dir, name);
  if (!fd.ok()) return Status::not_found(name + ": không có tệp thường");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || static_cast<std::uint64_t>(st.st_size) > limit) {
    return Status::invalid(name + ": tệp quá lớn");
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd.get(), bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::io(name + ": không đọc được tệp");
    if (n == 0) break;  // cut short meanwhile: what is there
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

bool remove_file(int root, const std::string& rel) {
  if (!is_plain_relative(rel)) return false;
  const auto parts = segments(rel);
  // Every folder on the way, held open: the empty ones are removed from
  // their real parent afterwards, whatever is renamed meanwhile.
  std::vector<Fd> folders;
  folders.emplace_back(::openat(root, ".", kFolderFlags));
  for (std::size_t i = 0; i + 1 < parts.size() && folders.back().ok(); ++i) {
    folders.emplace_back(::openat(folders.back().get(), parts[i].c_str(), kFolderFlags));
  }
  if (!folders.back().ok()) return false;
  struct stat st {};
  const int at = folders.back().get();
  if (::fstatat(at, parts.back().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode)) return false;
  if (::unlinkat(at, parts.back().c_str(), 0) != 0) return false;
  for (std::size_t i = folders.size() - 1; i > 0; --i) {
    if (::unlinkat(folders[i - 1].get(), parts[i - 1].c_str(), AT_REMOVEDIR) != 0) break;  // not empty: stop
  }
  return true;
}

}  // namespace thidua::site
