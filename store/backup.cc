#include "store/backup.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/internal/db_copy.h"

namespace thidua {

namespace fs = std::filesystem;

Result<BackupInfo> backup_database(const std::string& db_path, const std::string& out_path,
                                   const BackupOptions& options) {
  std::error_code ec;
  if (!fs::exists(db_path, ec))
    return Status::not_found(db_path + ": không có tệp cơ sở dữ liệu này");
  // Even with --force: renaming the copy over the live file would leave a
  // running server writing to the unlinked old one.
  if (fs::exists(out_path, ec) && fs::equivalent(db_path, out_path, ec)) {
    return Status::invalid(out_path +
                           ": tệp sao lưu không được trùng với cơ sở dữ liệu đang sao lưu");
  }
  if (!options.overwrite && fs::exists(out_path, ec)) {
    return Status::exists(out_path + ": tệp đã tồn tại; chọn tên khác hoặc thêm --force để ghi đè");
  }
  const std::string partial = out_path + ".partial-" + std::to_string(::getpid());
  db_copy::RemoveOnExit cleanup(partial);
  fs::remove(partial, ec);  // a leftover of a dead process with our pid
  THIDUA_RETURN_IF_ERROR(db_copy::copy(db_path, partial));
  if (options.after_copy) options.after_copy();
  THIDUA_ASSIGN_OR_RETURN(auto checked, db_copy::check(partial));
  if (checked.is_node) {
    return Status::invalid(db_path +
                           ": đây là cơ sở dữ liệu của một máy đơn vị, không phải của máy chủ");
  }
  THIDUA_RETURN_IF_ERROR(db_copy::sync_file(partial));
  // Checked again: another backup may have written `out_path` meanwhile.
  if (!options.overwrite && fs::exists(out_path, ec)) {
    return Status::exists(out_path + ": tệp đã tồn tại; chọn tên khác hoặc thêm --force để ghi đè");
  }
  fs::rename(partial, out_path, ec);
  if (ec) return Status::io("đổi tên " + partial + " thành " + out_path + ": " + ec.message());
  cleanup.release();
  THIDUA_RETURN_IF_ERROR(db_copy::sync_parent_dir(out_path));
  BackupInfo info;
  info.schema_version = checked.schema_version;
  info.bytes = static_cast<std::int64_t>(fs::file_size(out_path, ec));
  return info;
}

Result<DatabaseLock> DatabaseLock::acquire(const std::string& db_path) {
  const std::string path = db_path + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io("mở " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return Status::busy(db_path +
                          ": một máy chủ thidua (hoặc một lệnh khôi phục) đang dùng tệp này; "
                          "hãy dừng máy chủ trước (Ctrl+C hoặc SIGTERM)");
    }
    return Status::io("khoá " + path + ": " + std::strerror(err));
  }
  return DatabaseLock(fd);
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor drops the flock
}

}  // namespace thidua
