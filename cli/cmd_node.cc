// `thidua node`, and its `report` and `nominate` subcommands.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/listen.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/nominations.h"
#include "records/progress.h"

namespace thidua::cli {
namespace {

struct ReportOptions {
  std::string db;
  ProgressReport report;
  std::string percent;  // parsed strictly: CLI11 wraps values past 64 bits
  bool has_percent = false;
  std::string note;
  bool has_note = false;
  std::string note_file;
  bool json = false;
};

int run_report(ReportOptions o) {
  const std::string what = "không ghi được báo cáo tiến độ nhiệm vụ " + o.report.task_id;
  if (o.has_note && !o.note_file.empty())
    return fail(what + ": chỉ dùng một trong --note và --note-file");
  if (o.has_percent) {
    auto percent = parse_whole_number(o.percent, "--percent", 0, 100);
    if (!percent) return fail(what, percent.status());
    o.report.percent = *percent;
  }
  if (o.has_note) o.report.note_md = o.note;
  if (!o.note_file.empty()) {
    auto note = read_text_file(o.note_file);
    if (!note) return fail(what, note.status());
    o.report.note_md = std::move(*note);
  }
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  auto id = report_progress(**store, o.report);
  if (!id) return fail(what, id.status());
  print_id(*id, o.json);
  return 0;
}

struct NominateOptions {
  std::string db;
  NewNomination nomination;
  std::string achievement_file;
  bool json = false;
};

int run_nominate(NominateOptions o) {
  const std::string what = "không ghi được đề nghị khen thưởng";
  auto achievement = read_text_file(o.achievement_file);
  if (!achievement) return fail(what, achievement.status());
  o.nomination.achievement_md = std::move(*achievement);
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  auto id = nominate(**store, o.nomination);
  if (!id) return fail(what, id.status());
  print_id(*id, o.json);
  return 0;
}

}  // namespace

void add_node_commands(CLI::App& app, Action* action) {
  auto* node = app.add_subcommand(
      "node",
      "Máy của huyện hoặc của tỉnh: báo cáo tiến độ, bài điển hình, đề nghị khen thưởng, duyệt");
  node->require_subcommand(1);
  add_node_local_commands(*node, action);
  add_node_sync_commands(*node, action);
  add_node_config_commands(*node, action);
}

void add_node_local_commands(CLI::App& node, Action* action) {
  add_node_report(node, action);
  add_node_story(node, action);
  add_node_nominate(node, action);
  add_node_nomination(node, action);
  add_node_session(node, action);
  add_node_review(node, action);
  add_node_progress(node, action);
  add_node_status(node, action);
  add_node_conflicts(node, action);
  add_node_ui(node, action);
  add_node_ui_password(node, action);
}

void add_node_report(CLI::App& node, Action* action) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd =
      node.add_subcommand("report", "Báo cáo tiến độ của đơn vị mình về một nhiệm vụ của kế hoạch");
  add_db_option(*cmd, o->db);
  cmd->add_option("--task", o->report.task_id, "Mã nhiệm vụ, ví dụ 2021-q1-07")->required();
  cmd->add_option("--status", o->report.status,
                  "Trạng thái: not_started, in_progress, done, blocked")
      ->required();
  auto* percent = cmd->add_option("--percent", o->percent, "Phần trăm hoàn thành (0–100)");
  auto* note = cmd->add_option("--note", o->note, "Ghi chú (Markdown)");
  cmd->add_option("--note-file", o->note_file, "Tệp ghi chú (Markdown), thay cho --note");
  cmd->add_flag("--json", o->json, "In mã báo cáo dạng JSON");
  cmd->callback([o, action, percent, note] {
    o->has_percent = percent->count() > 0;
    o->has_note = note->count() > 0;
    *action = [o] { return run_report(*o); };
  });
}

void add_node_nominate(CLI::App& node, Action* action) {
  auto o = std::make_shared<NominateOptions>();
  auto* cmd = node.add_subcommand("nominate", "Đề nghị khen thưởng một người hoặc một tập thể");
  add_db_option(*cmd, o->db);
  cmd->add_option("--nominee", o->nomination.nominee, "Tên người hoặc tập thể được đề nghị")
      ->required();
  cmd->add_option("--kind", o->nomination.nominee_kind,
                  "Loại: individual (cá nhân), collective (tập thể), business (doanh nghiệp), "
                  "entrepreneur (doanh nhân)")
      ->required();
  cmd->add_option("--award", o->nomination.award,
                  "Hình thức khen thưởng đề nghị (bắt buộc nếu không nêu --award-kind)");
  cmd->add_option("--award-kind", o->nomination.award_kind,
                  "Loại khen thưởng trong danh mục, ví dụ bang-khen-chu-tich-ubnd-tinh");
  cmd->add_option("--achievement-file", o->achievement_file, "Tệp tóm tắt thành tích (Markdown)")
      ->required();
  cmd->add_flag("--json", o->json, "In mã hồ sơ dạng JSON");
  cmd->callback([o, action] { *action = [o] { return run_nominate(*o); }; });
}

}  // namespace thidua::cli
