// `thidua node nomination edit|resubmit`: a nomination after it was sent,
// the same operations as the web app's Đề nghị khen thưởng pages.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/nominations.h"

namespace thidua::cli {
namespace {

struct EditOptions {
  std::string db;
  NominationEdit edit;
  std::string nominee, kind, award, achievement_file;
};

int run_edit(EditOptions o, bool has_nominee, bool has_kind, bool has_award) {
  const std::string what = "không sửa được hồ sơ đề nghị " + o.edit.id;
  if (has_nominee) o.edit.nominee = o.nominee;
  if (has_kind) o.edit.nominee_kind = o.kind;
  if (has_award) o.edit.award = o.award;
  if (!o.achievement_file.empty()) {
    auto achievement = read_text_file(o.achievement_file);
    if (!achievement) return fail(what, achievement.status());
    o.edit.achievement_md = std::move(*achievement);
  }
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  Status st = edit_nomination(**store, o.edit);
  if (!st.is_ok()) return fail(what, st);
  std::cout << "Đã sửa hồ sơ đề nghị " << o.edit.id << "\n";
  return 0;
}

struct ResubmitOptions {
  std::string db;
  std::string id;
};

int run_resubmit(const ResubmitOptions& o) {
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  Status st = resubmit_nomination(**store, o.id);
  if (!st.is_ok()) return fail("không gửi lại được hồ sơ đề nghị " + o.id, st);
  std::cout << "Đã gửi lại hồ sơ đề nghị " << o.id
            << " lên cấp tỉnh; hồ sơ sẽ đi khi máy đồng bộ\n";
  return 0;
}

void add_edit(CLI::App& nomination, Action* action) {
  auto o = std::make_shared<EditOptions>();
  auto* cmd = nomination.add_subcommand(
      "edit", "Sửa hồ sơ đề nghị của đơn vị mình khi cấp tỉnh chưa xét hoặc đã trả lại");
  add_db_option(*cmd, o->db);
  cmd->add_option("--id", o->edit.id, "Mã hồ sơ")->required();
  auto* nominee = cmd->add_option("--nominee", o->nominee, "Tên người hoặc tập thể được đề nghị");
  auto* kind =
      cmd->add_option("--kind", o->kind,
                      "Loại: individual (cá nhân), collective (tập thể), business (doanh nghiệp), "
                      "entrepreneur (doanh nhân)");
  auto* award = cmd->add_option("--award", o->award, "Hình thức khen thưởng đề nghị");
  cmd->add_option("--achievement-file", o->achievement_file,
                  "Tệp tóm tắt thành tích mới (Markdown)");
  cmd->callback([o, action, nominee, kind, award] {
    bool n = nominee->count() > 0, k = kind->count() > 0, a = award->count() > 0;
    *action = [o, n, k, a] { return run_edit(*o, n, k, a); };
  });
}

void add_resubmit(CLI::App& nomination, Action* action) {
  auto o = std::make_shared<ResubmitOptions>();
  auto* cmd =
      nomination.add_subcommand("resubmit", "Gửi lại lên cấp tỉnh hồ sơ đề nghị bị trả lại");
  add_db_option(*cmd, o->db);
  cmd->add_option("--id", o->id, "Mã hồ sơ")->required();
  cmd->callback([o, action] { *action = [o] { return run_resubmit(*o); }; });
}

}  // namespace

void add_node_nomination(CLI::App& node, Action* action) {
  auto* nomination = node.add_subcommand(
      "nomination",
      "Hồ sơ đề nghị khen thưởng đã gửi: sửa, gửi lại sau khi bị trả lại; cấp tỉnh thẩm định, xét, ghi quyết định");
  nomination->require_subcommand(1);
  add_edit(*nomination, action);
  add_resubmit(*nomination, action);
  add_nomination_path(*nomination, action);
  add_nomination_documents(*nomination, action);
}

}  // namespace thidua::cli
