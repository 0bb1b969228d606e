#include "sitegen/internal/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>

#include "common/unique_fd.h"
#include "sitegen/internal/beneath.h"


namespace thidua::site {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = ".thidua-files";
// A manifest longer than this was not written by a build (10,000 stories
// list ~1 MB): it is ignored, not read into memory.
constexpr std::size_t kManifestLimit = 64u << 20;

bool write_all(int fd, const std::string& bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// Below, `at` is an open folder and `name` a file in it: every folder was
// reached without following a link (beneath.h), and a file is never opened
// through one. `shown` is the path for messages.

// Whether the file holds exactly `bytes` (a link, FIFO or device never does).
bool same_bytes(int at, const std::string& name, const std::string& bytes) {
  Fd fd = open_regular(at, name);
  if (!fd.ok()) return false;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || static_cast<std::size_t>(st.st_size) != bytes.size()) return false;
  std::string buf(bytes.size(), '\0');
  std::size_t got = 0;
  while (got < buf.size()) {
    const ssize_t n = ::read(fd.get(), buf.data() + got, buf.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return buf == bytes;
}

Status write_failed(const std::string& path, int err) {
  return Status::io(path + ": không ghi được tệp (" + std::strerror(err) + ")");
}

// A new file where none is: written in place (O_EXCL: never over another,
// nor through a link). EEXIST when something is there after all.
Status create_file(int at, const std::string& name, const std::string& shown, const std::string& bytes, int* err) {
  UniqueFd fd(::openat(at, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (fd.get() < 0) {
    *err = errno;
    return write_failed(shown, errno);
  }
  if (!write_all(fd.get(), bytes) || !fd.close()) {
    *err = errno;
    ::unlinkat(at, name.c_str(), 0);
    return write_failed(shown, *err);
  }
  *err = 0;
  return Status::ok();
}

// Replaces a file through a temporary file and a rename, so a reader sees
// the old bytes or the new ones, never half a page. The rename replaces
// the name: a link or a hard link that stood there is cut, and whatever it
// pointed to is left as it was.
Status replace_file(int at, const std::string& name, const std::string& shown, const std::string& bytes) {
  const std::string tmp = name + ".tmp";
  ::unlinkat(at, tmp.c_str(), 0);  // left by a build that was killed
  int err = 0;
  THIDUA_RETURN_IF_ERROR(create_file(at, tmp, shown, bytes, &err));
  if (::renameat(at, tmp.c_str(), at, name.c_str()) != 0) {
    err = errno;
    ::unlinkat(at, tmp.c_str(), 0);
    return write_failed(shown, err);
  }
  return Status::ok();
}

// The previous build's list of files; only plain relative paths count (a
// list edited by hand to name "../x", "/etc/x" or a NUL is not obeyed).
std::set<std::string> read_manifest(int out) {
  std::set<std::string> files;
  auto bytes = read_regular(out, kManifest, kManifestLimit);
  if (!bytes) return files;
  std::size_t from = 0;
  while (from < bytes->size()) {
    auto end = bytes->find('\n', from);
    if (end == std::string::npos) end = bytes->size();
    std::string line = bytes->substr(from, end - from);
    if (is_plain_relative(line)) files.insert(std::move(line));
    from = end + 1;
  }
  return files;
}

}  // namespace

Result<std::unique_ptr<Output>> Output::open(const std::string& out_dir) {
  // The --out folder itself is the operator's: it may be a link they made
  // (resolved once, here). Nothing below it is ever reached through one.
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec || !fs::is_directory(out_dir, ec)) return Status::io(out_dir + ": không tạo được thư mục đầu ra");
  const int fd = ::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::io(out_dir + ": không mở được thư mục đầu ra");
  std::unique_ptr<Output> out(new Output(out_dir, fd));
  // Can we write here at all? Find out before changing anything.
  if (!replace_file(fd, ".thidua-probe", out_dir, "probe").is_ok()) {
    return Status::io(out_dir + ": không ghi được vào thư mục đầu ra");
  }
  ::unlinkat(fd, ".thidua-probe", 0);
  return out;
}

Output::~Output() { ::close(fd_); }

bool Output::has(const std::string& rel) const {
  if (!is_plain_relative(rel)) return false;
  const auto [dir, name] = split_last(rel);
  Fd at = open_folder(fd_, dir);
  return at.ok() && is_regular(at.get(), name);
}

void Output::keep(const std::string& rel) {
  {
    std::lock_guard lock(mu_);
    files_.insert(rel);
  }
  kept_.fetch_add(1, std::memory_order_relaxed);
}

void Output::put(const std::string& rel, std::string bytes) {
  {
    std::lock_guard lock(mu_);
    files_.insert(rel);
    if (failure_) return;
  }
  bool written = false;
  Status st = is_plain_relative(rel) ? write(rel, bytes, &written)
                                     : Status::invalid(out_ + "/" + rel + ": đường dẫn tệp không hợp lệ");
  if (!st.is_ok()) {
    std::lock_guard lock(mu_);
    if (!failure_) failure_ = std::move(st);
    return;
  }
  (written ? written_ : kept_).fetch_add(1, std::memory_order_relaxed);
}

Result<Fd> Output::folder(const std::string& dir, bool* fresh) {
  *fresh = false;
  bool known = false;
  {
    std::lock_guard lock(mu_);
    known = folders_.count(dir) > 0;
    *fresh = known && fresh_folders_.count(dir) > 0;
  }
  if (known) {
    if (Fd at = open_folder(fd_, dir); at.ok()) return at;
    *fresh = false;  // replaced since (a link planted mid-build): made again below
  }
  bool made = false;
  auto at = make_folder(fd_, dir, out_, &made);
  if (!at) return at.status();
  std::lock_guard lock(mu_);
  folders_.insert(dir);
  if (made && !known) {
    fresh_folders_.insert(dir);
    *fresh = true;
  }
  return at;
}

Status Output::write(const std::string& rel, const std::string& bytes, bool* written) {
  const auto [dir, name] = split_last(rel);
  bool fresh = false;
  auto at = folder(dir, &fresh);
  if (!at) return at.status();
  const std::string shown = out_ + "/" + rel;
  *written = true;
  if (fresh) {  // a folder this build made holds nothing yet
    int err = 0;
    Status st = create_file(at->get(), name, shown, bytes, &err);
    return err == EEXIST ? replace_file(at->get(), name, shown, bytes) : st;
  }
  if (same_bytes(at->get(), name, bytes)) {
    *written = false;
    return Status::ok();
  }
  return replace_file(at->get(), name, shown, bytes);
}

Result<WriteReport> Output::finish(const std::vector<PhotoFile>& photos, Source& source) {
  // Every put() has returned: nothing else touches the members now.
  if (failure_) return *failure_;
  WriteReport report;
  report.written = written_;
  report.kept = kept_;
  for (const auto& photo : photos) {
    if (!files_.insert(photo.path).second) continue;  // one photo in two stories
    if (!is_plain_relative(photo.path)) return Status::invalid(out_ + "/" + photo.path + ": đường dẫn ảnh không hợp lệ");
    if (has(photo.path)) {  // content-hashed name: the same name is the same bytes
      ++report.kept;
      continue;
    }
    auto bytes = source.photo_bytes(photo.hash);
    if (!bytes) return bytes.status();
    const auto [dir, name] = split_last(photo.path);
    bool fresh = false;
    auto at = folder(dir, &fresh);
    if (!at) return at.status();
    THIDUA_RETURN_IF_ERROR(replace_file(at->get(), name, out_ + "/" + photo.path, *bytes));
    ++report.written;
  }

  files_.insert(kCacheFile);  // written after this, by write_cache
  // Files of the previous build that are gone from the site; each removed
  // below a folder reached without links, then the folders it leaves empty.
  for (const auto& rel : read_manifest(fd_)) {
    if (files_.count(rel)) continue;
    if (remove_file(fd_, rel)) ++report.removed;
  }
  std::string manifest;
  for (const auto& rel : files_) manifest += rel + "\n";
  if (!same_bytes(fd_, kManifest, manifest)) {
    THIDUA_RETURN_IF_ERROR(replace_file(fd_, kManifest, out_ + "/" + kManifest, manifest));
  }
  return report;
}

Status Output::write_cache(const BuildCache& cache) {
  const std::string bytes = encode_cache(cache);
  if (same_bytes(fd_, kCacheFile, bytes)) return Status::ok();
  return replace_file(fd_, kCacheFile, out_ + "/" + kCacheFile, bytes);
}

}  // namespace thidua::site
