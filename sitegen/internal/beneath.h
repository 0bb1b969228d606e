// Internal to sitegen/: files and folders below a folder, reached from that
// folder's descriptor without ever following a symbolic link below it.
//
// Someone who can write to the output folder (or to content/) may plant a
// link to a folder outside it. Nothing here follows one: folders are opened
// with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the kernel has
// it, else one component at a time with O_NOFOLLOW | O_DIRECTORY; files are
// opened with O_NOFOLLOW, and only when they are regular files (a FIFO or a
// device is never opened, so it cannot block a build or feed it forever).
// Paths given here are checked by is_plain_relative() first.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "common/status.h"

namespace thidua::site {

// An open descriptor, closed when it goes out of scope; movable.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  void reset();

 private:
  int fd_ = -1;
};

// True when `rel` is a plain relative path: segments joined by single '/',
// none empty, "." or "..", and no byte below 0x20 nor 0x7f (a NUL would cut
// the path short in a system call). The generator writes, keeps and removes
// only such paths; a manifest or cache naming anything else is not obeyed.
bool is_plain_relative(std::string_view rel);

// "a/b/c" -> "a/b" and "c"; "c" -> "" and "c".
std::pair<std::string, std::string> split_last(const std::string& rel);

// The existing folder `rel` below `root` ("" for `root` itself), opened
// read-only. Not ok (errno set) when it is missing, is not a folder, or a
// link stands anywhere on the way.
Fd open_folder(int root, const std::string& rel);

// The folder `rel` below `root`, made with its parents where missing. A
// link, FIFO, socket or device where a folder belongs is removed (the name
// only, never what a link points to) and a real folder made in its place;
// a regular file there is an error naming `shown_root`/`rel`. `*made` says
// whether this call made the last folder (so it holds nothing yet).
Result<Fd> make_folder(int root, const std::string& rel, const std::string& shown_root, bool* made);

// The regular file `name` in folder `dir`, opened read-only; not ok for a
// missing file, a link, or anything that is not a regular file.
Fd open_regular(int dir, const std::string& name);

// Whether `name` in folder `dir` is a regular file (a link is not).
bool is_regular(int dir, const std::string& name);

// A regular file's bytes, when it has at most `limit` of them.
Result<std::string> read_regular(int dir, const std::string& name, std::size_t limit);

// Removes the file `rel` below `root` (never a folder; a link is removed,
// not what it points to), then the folders it leaves empty, up to `root`.
// False when there was nothing to remove or the way holds a link.
bool remove_file(int root, const std::string& rel);

}  // namespace thidua::site
