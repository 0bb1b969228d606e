// A temporary directory removed with everything in it when it goes out of
// scope. Tests keep their databases here, never in the source tree.
#pragma once

#include <filesystem>
#include <string>

namespace thidua::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string.
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes `text` to `path`, creating parent folders.
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace thidua::testing
