#include "sitegen/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "common/unique_fd.h"


namespace thidua::site {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = ".thidua-files";

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

// Paths below are relative to the folder open as `at` (fewer lookups than
// whole paths for every file); `shown` is the path for messages.

// Whether the file holds exactly `bytes`.
bool same_bytes(int at, const std::string& rel, const std::string& bytes) {
  UniqueFd fd(::openat(at, rel.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) != bytes.size())
    return false;
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

// A new file where none is: written in place (O_EXCL: never over another).
// EEXIST when something is there after all.
Status create_file(int at, const std::string& rel, const std::string& shown, const std::string& bytes, int* err) {
  UniqueFd fd(::openat(at, rel.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) {
    *err = errno;
    return write_failed(shown, errno);
  }
  if (!write_all(fd.get(), bytes) || !fd.close()) {
    *err = errno;
    ::unlinkat(at, rel.c_str(), 0);
    return write_failed(shown, *err);
  }
  *err = 0;
  return Status::ok();
}

// Replaces a file through a temporary file and a rename, so a reader sees
// the old bytes or the new ones, never half a page.
Status replace_file(int at, const std::string& rel, const std::string& shown, const std::string& bytes) {
  const std::string tmp = rel + ".tmp";
  ::unlinkat(at, tmp.c_str(), 0);  // left by a build that was killed
  int err = 0;
  THIDUA_RETURN_IF_ERROR(create_file(at, tmp, shown, bytes, &err));
  if (::renameat(at, tmp.c_str(), at, rel.c_str()) != 0) {
    err = errno;
    ::unlinkat(at, tmp.c_str(), 0);
    return write_failed(shown, err);
  }
  return Status::ok();
}

std::set<std::string> read_manifest(const std::string& out) {
  std::set<std::string> files;
  std::ifstream in(out + "/" + kManifest);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) files.insert(line);
  return files;
}

// A path from the manifest that stays inside the output folder.
bool is_inside(const std::string& rel) {
  fs::path p(rel);
  if (p.is_absolute() || rel.empty()) return false;
  for (const auto& part : p)
    if (part == "..") return false;
  return true;
}

std::string parent_of(const std::string& rel) {
  const auto slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

}  // namespace

Result<std::unique_ptr<Output>> Output::open(const std::string& out_dir) {
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
  struct stat st {};
  return ::fstatat(fd_, rel.c_str(), &st, 0) == 0 && S_ISREG(st.st_mode);
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
  Status st = write(rel, bytes, &written);
  if (!st.is_ok()) {
    std::lock_guard lock(mu_);
    if (!failure_) failure_ = std::move(st);
    return;
  }
  (written ? written_ : kept_).fetch_add(1, std::memory_order_relaxed);
}

Result<bool> Output::make_folder(const std::string& dir) {
  if (dir.empty()) return false;
  {
    std::lock_guard lock(mu_);
    if (folders_.count(dir)) return fresh_folders_.count(dir) > 0;
  }
  const std::string path = out_ + "/" + dir;
  bool made = ::mkdirat(fd_, dir.c_str(), 0755) == 0;
  if (!made && errno == ENOENT) {  // its parent first
    auto parent = make_folder(parent_of(dir));
    if (!parent) return parent.status();
    made = ::mkdirat(fd_, dir.c_str(), 0755) == 0;
  }
  if (!made) {
    const int err = errno;
    struct stat st {};
    if (err != EEXIST) return Status::io(path + ": không tạo được thư mục (" + std::strerror(err) + ")");
    if (::fstatat(fd_, dir.c_str(), &st, 0) != 0 || !S_ISDIR(st.st_mode)) {
      return Status::io(path + ": không tạo được thư mục (đã có một tệp trùng tên)");
    }
  }
  std::lock_guard lock(mu_);
  folders_.insert(dir);
  if (made) fresh_folders_.insert(dir);
  return made;
}

Status Output::write(const std::string& rel, const std::string& bytes, bool* written) {
  auto fresh = make_folder(parent_of(rel));
  if (!fresh) return fresh.status();
  const std::string shown = out_ + "/" + rel;
  *written = true;
  if (*fresh) {  // a folder this build made holds nothing yet
    int err = 0;
    Status st = create_file(fd_, rel, shown, bytes, &err);
    return err == EEXIST ? replace_file(fd_, rel, shown, bytes) : st;
  }
  if (same_bytes(fd_, rel, bytes)) {
    *written = false;
    return Status::ok();
  }
  return replace_file(fd_, rel, shown, bytes);
}

Result<WriteReport> Output::finish(const std::vector<PhotoFile>& photos, Source& source) {
  // Every put() has returned: nothing else touches the members now.
  if (failure_) return *failure_;
  WriteReport report;
  report.written = written_;
  report.kept = kept_;
  for (const auto& photo : photos) {
    if (!files_.insert(photo.path).second) continue;  // one photo in two stories
    struct stat st {};
    if (::fstatat(fd_, photo.path.c_str(), &st, 0) == 0) {  // content-hashed name: the same name is the same bytes
      ++report.kept;
      continue;
    }
    auto bytes = source.photo_bytes(photo.hash);
    if (!bytes) return bytes.status();
    auto made = make_folder(parent_of(photo.path));
    if (!made) return made.status();
    THIDUA_RETURN_IF_ERROR(replace_file(fd_, photo.path, out_ + "/" + photo.path, *bytes));
    ++report.written;
  }

  files_.insert(kCacheFile);  // written after this, by write_cache
  const fs::path out(out_);
  std::error_code ec;
  for (const auto& rel : read_manifest(out_)) {
    if (files_.count(rel) || !is_inside(rel)) continue;
    if (fs::remove(out / rel, ec)) ++report.removed;
    // Folders left empty go too, up to the output folder.
    for (fs::path dir = (out / rel).parent_path(); dir != out && fs::is_empty(dir, ec) && !ec; dir = dir.parent_path()) {
      fs::remove(dir, ec);
    }
  }
  std::string manifest;
  for (const auto& rel : files_) manifest += rel + "\n";
  if (!same_bytes(fd_, kManifest, manifest)) {
    THIDUA_RETURN_IF_ERROR(replace_file(fd_, kManifest, out_ + "/" + kManifest, manifest));
  }
  return report;
}

Status write_cache(const std::string& out_dir, const BuildCache& cache) {
  const std::string bytes = encode_cache(cache);
  if (same_bytes(AT_FDCWD, out_dir + "/" + kCacheFile, bytes)) return Status::ok();
  return replace_file(AT_FDCWD, out_dir + "/" + kCacheFile, out_dir + "/" + kCacheFile, bytes);
}

}  // namespace thidua::site
