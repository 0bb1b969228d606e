#include "cli/db_setup.h"

#include <filesystem>

#include "plan/loader.h"

namespace thidua::cli {
namespace {

void remove_db_files(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"})
    std::filesystem::remove(path + suffix, ec);
}

}  // namespace

Result<CreatedDb> create_central_db(const std::string& db_path, const std::string& content_dir,
                                    bool overwrite) {
  auto content = load_content(content_dir);
  if (!content) return content.status();
  std::error_code ec;
  if (std::filesystem::exists(db_path, ec)) {
    if (!overwrite) {
      return Status::exists(db_path + " đã tồn tại; thêm --force nếu muốn thay tệp này bằng cơ sở dữ liệu mới");
    }
    // --force replaces a thidua database only: never another program's file.
    OpenOptions probe;
    probe.create = false;
    auto existing = Store::open(db_path, probe);
    if (!existing) return existing.status();
    existing->reset();
    remove_db_files(db_path);
  }
  auto parent = std::filesystem::path(db_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto store = Store::open(db_path);
  if (!store) {
    remove_db_files(db_path);
    return store.status();
  }
  auto stats = import_content(**store, *content);
  if (!stats) {
    store->reset();
    remove_db_files(db_path);
    return stats.status();
  }
  return CreatedDb{std::move(*store), *stats};
}

}  // namespace thidua::cli
