// Internal to sitegen/: the output folder, brought in line with the site
// as pages are rendered, touching only what changed.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "sitegen/internal/beneath.h"
#include "sitegen/internal/cache.h"
#include "sitegen/internal/model.h"

namespace thidua::site {

// Every path given to put(), keep() and has() is relative to the folder and
// plain (beneath.h: is_plain_relative); every folder and file below it is
// reached from its descriptor without following a link, so a link planted
// in the output folder is replaced, never written through or removed
// through; a FIFO or device there is never opened.

// A photo to copy from the database to `path` (content-hashed name).
struct PhotoFile {
  std::string path;
  std::string hash;
};

struct WriteReport {
  std::size_t written = 0, kept = 0, removed = 0;
};

// The output folder of one build. put() and keep() may be called from any
// thread; finish() once, after every put() has returned.
class Output {
 public:
  // Creates the folder when needed and makes sure it can be written to,
  // before anything in it changes.
  static Result<std::unique_ptr<Output>> open(const std::string& out_dir);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Whether a file is there (a page kept from the previous build must be).
  bool has(const std::string& rel) const;
  // A file that is part of the site and is current already.
  void keep(const std::string& rel);
  // A file of the site, written now unless it already holds these bytes:
  // a new file in place, a changed one through a temporary file and a
  // rename, so a reader never sees half a page. The first failure is kept
  // for finish(); later files are then not written.
  void put(const std::string& rel, std::string bytes);

  // Copies the photos that are not there yet from `source`, removes the
  // files an earlier build wrote that are no longer part of the site
  // (files the generator did not write, listed in <out>/.thidua-files, are
  // never touched) and writes that list.
  Result<WriteReport> finish(const std::vector<PhotoFile>& photos, Source& source);
  // Writes the cache for the next build (after a successful finish()).
  Status write_cache(const BuildCache& cache);

 private:
  Output(std::string out_dir, int fd) : out_(std::move(out_dir)), fd_(fd) {}
  // The folder `dir` (relative), made with its parents where needed and
  // reached without following a link; *fresh when this build made it, so
  // that files in it are new.
  Result<Fd> folder(const std::string& dir, bool* fresh);
  Status write(const std::string& rel, const std::string& bytes, bool* written);

  const std::string out_;
  const int fd_;  // the folder, open: files are reached from it
  std::mutex mu_;
  std::set<std::string> files_;           // every file of the site (relative), under mu_
  std::set<std::string> folders_;         // known to exist, under mu_
  std::set<std::string> fresh_folders_;   // made by this build, under mu_
  std::optional<Status> failure_;         // under mu_
  std::atomic<std::size_t> written_{0}, kept_{0};
};

}  // namespace thidua::site
