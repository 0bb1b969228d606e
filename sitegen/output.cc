#include "sitegen/output.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace thidua::site {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = ".thidua-files";

bool same_bytes(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec || size != bytes.size()) return false;
  std::ifstream in(path, std::ios::binary);
  std::string buf(bytes.size(), '\0');
  in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
  return in.gcount() == static_cast<std::streamsize>(bytes.size()) && buf == bytes;
}

Status write_file(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::io(path.parent_path().string() + ": không tạo được thư mục (" + ec.message() + ")");
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      return Status::io(path.string() + ": không ghi được tệp");
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::io(path.string() + ": không ghi được tệp (" + ec.message() + ")");
  }
  return Status::ok();
}

std::set<std::string> read_manifest(const fs::path& out) {
  std::set<std::string> files;
  std::ifstream in(out / kManifest);
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

}  // namespace

Result<WriteReport> write_output(const std::string& out_dir, const RenderedSite& site, Source& source,
                                 const std::function<void(std::size_t, std::size_t)>& on_progress) {
  const fs::path out(out_dir);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out)) return Status::io(out_dir + ": không tạo được thư mục đầu ra");
  // Can we write here at all? Find out before changing anything.
  if (Status probe = write_file(out / ".thidua-probe", "probe"); !probe.is_ok()) {
    return Status::io(out_dir + ": không ghi được vào thư mục đầu ra");
  }
  fs::remove(out / ".thidua-probe", ec);

  WriteReport report;
  // Pages not rendered because the previous build's file is current: they
  // must still be there, else nothing is written and the caller renders all.
  for (const auto& rel : site.kept) {
    if (!fs::is_regular_file(out / rel, ec)) ++report.missing;
  }
  if (report.missing > 0) return report;
  std::set<std::string> now(site.kept.begin(), site.kept.end());
  report.kept += site.kept.size();
  const std::size_t total = site.files.size() + site.photos.size();
  std::size_t done = 0;
  auto tick = [&] {
    if (on_progress && ++done % 500 == 0) on_progress(done, total);
  };
  for (const auto& [rel, bytes] : site.files) {
    now.insert(rel);
    const fs::path path = out / rel;
    if (same_bytes(path, bytes)) {
      ++report.kept;
    } else {
      THIDUA_RETURN_IF_ERROR(write_file(path, bytes));
      ++report.written;
    }
    tick();
  }
  for (const auto& photo : site.photos) {
    if (!now.insert(photo.path).second) continue;  // one photo in two stories
    const fs::path path = out / photo.path;
    if (fs::exists(path, ec)) {  // content-hashed name: the same name is the same bytes
      ++report.kept;
    } else {
      auto bytes = source.photo_bytes(photo.hash);
      if (!bytes) return bytes.status();
      THIDUA_RETURN_IF_ERROR(write_file(path, *bytes));
      ++report.written;
    }
    tick();
  }

  now.insert(kCacheFile);  // written after this, by write_cache
  for (const auto& rel : read_manifest(out)) {
    if (now.count(rel) || !is_inside(rel)) continue;
    if (fs::remove(out / rel, ec)) ++report.removed;
    // Folders left empty go too, up to the output folder.
    for (fs::path dir = (out / rel).parent_path(); dir != out && fs::is_empty(dir, ec) && !ec; dir = dir.parent_path()) {
      fs::remove(dir, ec);
    }
  }
  std::string manifest;
  for (const auto& rel : now) manifest += rel + "\n";
  if (!same_bytes(out / kManifest, manifest)) THIDUA_RETURN_IF_ERROR(write_file(out / kManifest, manifest));
  return report;
}

Status write_cache(const std::string& out_dir, const BuildCache& cache) {
  const fs::path path = fs::path(out_dir) / kCacheFile;
  const std::string bytes = encode_cache(cache);
  if (same_bytes(path, bytes)) return Status::ok();
  return write_file(path, bytes);
}

}  // namespace thidua::site
