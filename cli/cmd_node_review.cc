// `thidua node review`: the province approves, rejects, publishes or
// withdraws a published story.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/review.h"

namespace thidua::cli {
namespace {

struct ReviewOptions {
  std::string db;
  std::string story, nomination;
  bool approve = false, reject = false, publish = false, unpublish = false;
  std::string note, council_session, decision_no, decided_on;
  bool has_note = false, has_council = false, has_decision = false, has_decided_on = false;
};

int run_review(const ReviewOptions& o) {
  const std::string what = "không duyệt được";
  if (o.story.empty() == o.nomination.empty()) {
    return fail(what + ": hãy nêu đúng một trong --story ID hoặc --nomination ID");
  }
  if ((o.approve ? 1 : 0) + (o.reject ? 1 : 0) + (o.publish ? 1 : 0) + (o.unpublish ? 1 : 0) != 1) {
    return fail(what + ": hãy chọn đúng một trong --approve, --reject, --publish, --unpublish");
  }
  const Decision decision = o.approve     ? Decision::kApprove
                            : o.reject    ? Decision::kReject
                            : o.publish   ? Decision::kPublish
                                          : Decision::kUnpublish;
  ReviewDetails details;
  if (o.has_note) details.note = o.note;
  if (o.has_council) details.council_session = o.council_session;
  if (o.has_decision) details.decision_no = o.decision_no;
  if (o.has_decided_on) details.decided_on = o.decided_on;

  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  const bool is_story = !o.story.empty();
  const std::string id = is_story ? o.story : o.nomination;
  const std::string thing = is_story ? "bài " + id : "hồ sơ đề nghị khen thưởng " + id;
  Status st = is_story ? review_story(**store, id, decision, details)
                       : review_nomination(**store, id, decision, details);
  if (!st.is_ok()) return fail(what + " " + thing, st);
  const char* done = decision == Decision::kApprove   ? "Đã duyệt "
                     : decision == Decision::kReject  ? "Đã trả lại "
                     : decision == Decision::kPublish ? "Đã đăng "
                                                      : "Đã gỡ khỏi trang công khai ";
  std::cout << done << thing << "\n";
  return 0;
}

}  // namespace

void add_node_review(CLI::App& node, Action* action) {
  auto o = std::make_shared<ReviewOptions>();
  auto* cmd = node.add_subcommand(
      "review", "Cấp tỉnh duyệt, trả lại, đăng hoặc gỡ bài điển hình; duyệt hồ sơ khen thưởng");
  add_db_option(*cmd, o->db);
  cmd->add_option("--story", o->story, "Mã bài điển hình cần duyệt");
  cmd->add_option("--nomination", o->nomination, "Mã hồ sơ đề nghị khen thưởng cần duyệt");
  cmd->add_flag("--approve", o->approve, "Duyệt");
  cmd->add_flag("--reject", o->reject, "Trả lại (nên ghi rõ lý do bằng --note)");
  cmd->add_flag("--publish", o->publish, "Đăng bài lên trang công khai (chỉ với bài điển hình)");
  cmd->add_flag("--unpublish", o->unpublish,
                "Gỡ bài đã đăng khỏi trang công khai và khỏi máy các đơn vị khác (bài trở về trạng thái đã duyệt)");
  auto* note = cmd->add_option("--note", o->note, "Ý kiến duyệt gửi về đơn vị");
  auto* council = cmd->add_option("--council-session", o->council_session,
                                  "Phiên họp hội đồng thi đua, khen thưởng");
  auto* decision = cmd->add_option("--decision-no", o->decision_no, "Số quyết định khen thưởng");
  auto* decided_on = cmd->add_option("--decided-on", o->decided_on,
                                     "Ngày ra quyết định (NĂM-THÁNG-NGÀY, ví dụ 2021-12-02); mặc định là hôm nay");
  cmd->callback([o, action, note, council, decision, decided_on] {
    o->has_note = note->count() > 0;
    o->has_council = council->count() > 0;
    o->has_decision = decision->count() > 0;
    o->has_decided_on = decided_on->count() > 0;
    *action = [o] { return run_review(*o); };
  });
}

}  // namespace thidua::cli
