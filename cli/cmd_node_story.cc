// `thidua node story add|edit|submit`: exemplary stories with photos.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/stories.h"

namespace thidua::cli {
namespace {

struct AddOptions {
  std::string db;
  NewStory story;
  std::string body_file;
  bool json = false;
};

// What downscaling saved, one line per photo, on stderr: stdout holds only
// the id (scripts read it). Nothing with --json, whose reader wants none.
void print_savings(const std::vector<PhotoSaving>& saved, bool json) {
  if (json) return;
  for (const auto& s : saved) std::cerr << "Ảnh " << s.name << ": " << saving_text(s) << "\n";
}

int run_add(AddOptions o) {
  const std::string what = "không thêm được bài điển hình";
  auto body = read_text_file(o.body_file);
  if (!body) return fail(what, body.status());
  o.story.body_md = std::move(*body);
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  std::vector<PhotoSaving> saved;
  auto id = add_story(**store, o.story, &saved);
  if (!id) return fail(what, id.status());
  print_id(*id, o.json);
  print_savings(saved, o.json);
  return 0;
}

struct EditOptions {
  std::string db;
  StoryEdit edit;
  std::string title, subject, category, body_file;
};

int run_edit(EditOptions o, bool has_title, bool has_subject, bool has_category) {
  const std::string what = "không sửa được bài " + o.edit.id;
  if (has_title) o.edit.title = o.title;
  if (has_subject) o.edit.subject = o.subject;
  if (has_category) o.edit.category = o.category;
  if (!o.body_file.empty()) {
    auto body = read_text_file(o.body_file);
    if (!body) return fail(what, body.status());
    o.edit.body_md = std::move(*body);
  }
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  std::vector<PhotoSaving> saved;
  Status st = edit_story(**store, o.edit, &saved);
  if (!st.is_ok()) return fail(what, st);
  std::cout << "Đã sửa bài " << o.edit.id << "\n";
  print_savings(saved, false);
  return 0;
}

struct SubmitOptions {
  std::string db;
  std::string id;
};

int run_submit(const SubmitOptions& o) {
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  Status st = submit_story(**store, o.id);
  if (!st.is_ok()) return fail("không gửi được bài " + o.id, st);
  std::cout << "Đã gửi bài " << o.id << " lên cấp tỉnh; bài sẽ đi khi máy đồng bộ\n";
  return 0;
}

void add_story_add(CLI::App& story, Action* action) {
  auto o = std::make_shared<AddOptions>();
  auto* cmd = story.add_subcommand("add", "Viết một bài điển hình mới (bản nháp), kèm ảnh");
  add_db_option(*cmd, o->db);
  cmd->add_option("--title", o->story.title, "Tiêu đề bài")->required();
  cmd->add_option("--subject", o->story.subject, "Người, tập thể hoặc doanh nghiệp được nêu gương")
      ->required();
  cmd->add_option("--category", o->story.category, "Loại: individual, collective hoặc business")
      ->required();
  cmd->add_option("--body-file", o->body_file, "Tệp nội dung bài (Markdown)")->required();
  cmd->add_option("--photo", o->story.photo_paths,
                  "Tệp ảnh JPEG, PNG hoặc WebP (tối đa 10 MB); dùng nhiều lần được");
  cmd->add_option("--alt", o->story.alt, "Chú thích ảnh (mặc định: tiêu đề bài)");
  cmd->add_flag("--json", o->json, "In mã bài dạng JSON");
  cmd->callback([o, action] { *action = [o] { return run_add(*o); }; });
}

void add_story_edit(CLI::App& story, Action* action) {
  auto o = std::make_shared<EditOptions>();
  auto* cmd = story.add_subcommand("edit", "Sửa một bài điển hình của đơn vị mình, hoặc thêm ảnh");
  add_db_option(*cmd, o->db);
  cmd->add_option("--id", o->edit.id, "Mã bài")->required();
  auto* title = cmd->add_option("--title", o->title, "Tiêu đề mới");
  auto* subject =
      cmd->add_option("--subject", o->subject, "Người, tập thể hoặc doanh nghiệp được nêu gương");
  auto* category =
      cmd->add_option("--category", o->category, "Loại: individual, collective hoặc business");
  cmd->add_option("--body-file", o->body_file, "Tệp nội dung mới (Markdown)");
  cmd->add_option("--photo", o->edit.photo_paths,
                  "Thêm tệp ảnh JPEG, PNG hoặc WebP; dùng nhiều lần được");
  cmd->add_option("--alt", o->edit.alt, "Chú thích ảnh thêm vào (mặc định: tiêu đề bài)");
  cmd->callback([o, action, title, subject, category] {
    bool t = title->count() > 0, s = subject->count() > 0, c = category->count() > 0;
    *action = [o, t, s, c] { return run_edit(*o, t, s, c); };
  });
}

void add_story_submit(CLI::App& story, Action* action) {
  auto o = std::make_shared<SubmitOptions>();
  auto* cmd =
      story.add_subcommand("submit", "Gửi bài nháp hoặc bài bị trả lại lên cấp tỉnh để duyệt");
  add_db_option(*cmd, o->db);
  cmd->add_option("--id", o->id, "Mã bài")->required();
  cmd->callback([o, action] { *action = [o] { return run_submit(*o); }; });
}

}  // namespace

void add_node_story(CLI::App& node, Action* action) {
  auto* story = node.add_subcommand("story", "Bài điển hình tiên tiến: viết, sửa, gửi lên tỉnh");
  story->require_subcommand(1);
  add_story_add(*story, action);
  add_story_edit(*story, action);
  add_story_submit(*story, action);
}

}  // namespace thidua::cli
