// `thidua server backup | restore`: a copy of the central database taken
// while the server runs, and putting one back while it does not.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/db_option.h"
#include "cli/output.h"
#include "cli/server_commands.h"
#include "store/backup.h"

namespace thidua::cli {
namespace {

struct BackupCmd {
  std::string db, out;
  bool force = false;
};

int run_backup(const BackupCmd& o) {
  BackupOptions options;
  options.overwrite = o.force;
  auto info = backup_database(o.db, o.out, options);
  if (!info) return fail("không sao lưu được " + o.db, info.status());
  std::cout << "Đã sao lưu " << o.db << " vào " << o.out << " (" << info->bytes
            << " byte, lược đồ phiên bản " << info->schema_version << ", đã kiểm tra toàn vẹn)\n";
  return 0;
}

struct RestoreCmd {
  std::string from, db;
};

int run_restore(const RestoreCmd& o) {
  auto info = restore_database(o.from, o.db);
  if (!info) return fail("không khôi phục được " + o.db, info.status());
  std::cout << "Đã khôi phục " << o.db << " từ " << o.from << " (lược đồ phiên bản "
            << info->schema_version << ", đã kiểm tra toàn vẹn)\n";
  if (!info->kept_path.empty()) std::cout << "  Tệp cũ được giữ lại: " << info->kept_path << "\n";
  std::cout << "  Chạy lại máy chủ: thidua server run --db " << o.db << "\n";
  return 0;
}

}  // namespace

void add_server_backup(CLI::App& server, Action* action) {
  auto b = std::make_shared<BackupCmd>();
  auto* cmd = server.add_subcommand(
      "backup",
      "Sao lưu cơ sở dữ liệu trung tâm (được cả khi máy chủ đang chạy): mọi bảng, ảnh và các nút");
  add_db_option(*cmd, b->db, kCentralDbHelp);
  cmd->add_option("--out", b->out, "Tệp sao lưu sẽ ghi")->required();
  cmd->add_flag("--force", b->force, "Ghi đè nếu tệp sao lưu đã tồn tại");
  cmd->callback([b, action] { *action = [b] { return run_backup(*b); }; });

  auto r = std::make_shared<RestoreCmd>();
  cmd = server.add_subcommand(
      "restore",
      "Khôi phục cơ sở dữ liệu trung tâm từ một bản sao lưu (máy chủ phải đang dừng); "
      "tệp cũ được giữ lại");
  cmd->add_option("--from", r->from, "Tệp sao lưu (do `thidua server backup` tạo)")->required();
  add_db_option(*cmd, r->db, kCentralDbHelp);
  cmd->callback([r, action] { *action = [r] { return run_restore(*r); }; });
}

}  // namespace thidua::cli
