#include "store/internal/open_upgrade.h"

#include <unistd.h>

#include <filesystem>

#include "store/internal/db_copy.h"

namespace thidua {

namespace fs = std::filesystem;

namespace {

std::string free_copy_name(const std::string& db_path, int version) {
  const std::string base = db_path + ".bak-v" + std::to_string(version);
  std::error_code ec;
  std::string name = base;
  for (int n = 2; fs::exists(fs::symlink_status(name, ec)); ++n)
    name = base + "-" + std::to_string(n);
  return name;
}

}  // namespace

Result<std::string> copy_before_migration(const std::string& db_path, int version) {
  const std::string what = "không sao lưu được " + db_path + " trước khi nâng cấp lược đồ " +
                           std::to_string(version) + " (tệp chưa bị thay đổi)";
  const std::string name = free_copy_name(db_path, version);
  const std::string partial = name + ".partial-" + std::to_string(::getpid());
  db_copy::RemoveOnExit cleanup(partial);
  std::error_code ec;
  fs::remove(partial, ec);  // a leftover of a dead process with our pid
  Status st = db_copy::copy(db_path, partial);
  if (!st.is_ok()) return st.with_context(what);
  auto checked = db_copy::check(partial);
  if (!checked) return checked.status().with_context(what);
  if (checked->schema_version != version) {
    return Status::internal(what + ": bản sao có lược đồ " +
                            std::to_string(checked->schema_version));
  }
  st = db_copy::sync_file(partial);
  if (!st.is_ok()) return st.with_context(what);
  fs::rename(partial, name, ec);
  if (ec) return Status::io(what + ": đổi tên " + partial + " thành " + name + ": " + ec.message());
  cleanup.release();
  st = db_copy::sync_parent_dir(name);
  if (!st.is_ok()) return st.with_context(what);
  return name;
}

}  // namespace thidua
