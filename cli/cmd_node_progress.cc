// `thidua node progress publish-note`: the province makes a unit's progress
// note public, as written or corrected (issue 13: the public site shows a
// note only once the province reviewed it).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/progress.h"

namespace thidua::cli {
namespace {

struct PublishNoteOptions {
  std::string db, id, text;
  bool has_text = false;
};

int run_publish_note(const PublishNoteOptions& o) {
  const std::string what = "không công bố được ghi chú của báo cáo tiến độ " + o.id;
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  Status st = publish_progress_note(**store, o.id,
                                    o.has_text ? std::optional<std::string>(o.text) : std::nullopt);
  if (!st.is_ok()) return fail(what, st);
  std::cout << (o.has_text && o.text.empty() ? "Đã gỡ ghi chú khỏi trang công khai: "
                                             : "Đã công bố ghi chú: ")
            << o.id << " (lên trang công khai sau lần đồng bộ tới)\n";
  return 0;
}

}  // namespace

void add_node_progress(CLI::App& node, Action* action) {
  auto* progress =
      node.add_subcommand("progress", "Tiến độ của các đơn vị (cấp tỉnh): công bố ghi chú");
  progress->require_subcommand(1);
  auto o = std::make_shared<PublishNoteOptions>();
  auto* cmd = progress->add_subcommand("publish-note",
                                       "Cấp tỉnh công bố ghi chú tiến độ của một đơn vị lên trang "
                                       "công khai, nguyên văn hoặc đã sửa");
  add_db_option(*cmd, o->db);
  cmd->add_option("--id", o->id, "Mã báo cáo: <mã nhiệm vụ>:<mã đơn vị>, ví dụ 2021-q1-01:dong-van")
      ->required();
  auto* text = cmd->add_option(
      "--text", o->text,
      "Nội dung công bố (Markdown) thay cho ghi chú của đơn vị; để trống để gỡ ghi chú");
  cmd->callback([o, action, text] {
    o->has_text = text->count() > 0;
    *action = [o] { return run_publish_note(*o); };
  });
}

}  // namespace thidua::cli
