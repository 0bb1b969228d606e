#include "sync/server/internal/db_health.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <filesystem>

namespace thidua {
namespace {

Status file_writable(const std::string& path, const std::string& db_path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return Status::ok();  // absent: SQLite creates it
  if ((st.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0) {
    return Status::io("cơ sở dữ liệu " + db_path + " chỉ đọc được (tệp " + path +
                      " không có quyền ghi); máy chủ cần ghi vào nó: hãy cấp quyền ghi (chmod u+w) rồi chạy lại");
  }
  return Status::ok();
}

}  // namespace

Status database_writable(const std::string& db_path) {
  struct stat st{};
  if (::stat(db_path.c_str(), &st) != 0) return Status::io("không thấy cơ sở dữ liệu " + db_path);
  struct statvfs fs{};
  if (::statvfs(db_path.c_str(), &fs) == 0) {
    if (fs.f_flag & ST_RDONLY) {
      return Status::io("cơ sở dữ liệu " + db_path +
                        " nằm trên ổ đĩa chỉ đọc; hãy gắn lại ổ đĩa ở chế độ ghi hoặc chép cơ sở dữ liệu sang ổ khác");
    }
    if (fs.f_bfree == 0) return Status::io("ổ đĩa chứa cơ sở dữ liệu " + db_path + " đã đầy; hãy giải phóng chỗ trống");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (Status s = file_writable(db_path + suffix, db_path); !s.is_ok()) return s;
  }
  std::string dir = std::filesystem::path(db_path).parent_path().string();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK) != 0) {
    return Status::io("không ghi được vào thư mục " + dir + " chứa cơ sở dữ liệu " + db_path +
                      "; máy chủ cần tạo tệp nhật ký (-wal) ở đó: hãy cấp quyền ghi cho thư mục");
  }
  return Status::ok();
}

}  // namespace thidua
