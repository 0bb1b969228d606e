// The province's commendation cycle (issue 13): `thidua node session
// add|hold|list` and `thidua node nomination appraise|schedule|decide|
// decision|forward|centre`, over records/council.h and
// records/commendation.h (which check everything and write nothing on
// failure).
#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/commendation.h"
#include "records/council.h"

namespace thidua::cli {
namespace {

// Opens the node's database and runs `step` on it; prints `done` on
// success, else one line naming `what` failed and why.
int on_node(const std::string& db, const std::string& what, const std::string& done,
            const std::function<Status(Store&)>& step) {
  auto store = open_node_db(db);
  if (!store) return fail_open_db(store.status());
  Status st = step(**store);
  if (!st.is_ok()) return fail(what, st);
  std::cout << done << "\n";
  return 0;
}

struct SessionAdd {
  std::string db;
  NewCouncilSession session;
  std::string held_on;
  bool json = false;
};

int run_session_add(SessionAdd o) {
  if (!o.held_on.empty()) o.session.held_on = o.held_on;
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  auto id = add_council_session(**store, o.session);
  if (!id) return fail("không lập được phiên họp hội đồng", id.status());
  print_id(*id, o.json);
  return 0;
}

int run_session_list(const std::string& db, int year) {
  auto store = open_node_db(db);
  if (!store) return fail_open_db(store.status());
  auto sessions = list_council_sessions(**store, year);
  if (!sessions) return fail("không đọc được danh sách phiên họp", sessions.status());
  if (sessions->empty()) std::cout << "Chưa có phiên họp hội đồng nào\n";
  for (const auto& s : *sessions) {
    std::cout << s.id << "  " << s.year << " quý " << s.quarter << "  "
              << (s.status == "held" ? "đã họp" : "dự kiến")
              << (s.held_on.empty() ? "" : " " + s.held_on) << "  " << s.title
              << (s.place.empty() ? "" : " (" + s.place + ")") << "  " << s.nominations
              << " hồ sơ\n";
  }
  return 0;
}

void add_session(CLI::App& node, Action* action) {
  auto* session = node.add_subcommand(
      "session", "Phiên họp Hội đồng TĐKT tỉnh (cấp tỉnh): lập, ghi đã họp, xem");
  session->require_subcommand(1);

  auto a = std::make_shared<SessionAdd>();
  auto* add = session->add_subcommand("add", "Lập một phiên họp dự kiến; in mã phiên họp");
  add_db_option(*add, a->db);
  add->add_option("--year", a->session.year, "Năm kế hoạch, ví dụ 2021")->required();
  add->add_option("--quarter", a->session.quarter, "Quý (1–4)")->required();
  add->add_option("--title", a->session.title, "Tên phiên họp")->required();
  add->add_option("--place", a->session.place, "Địa điểm");
  add->add_option("--held-on", a->held_on, "Ngày họp dự kiến, NĂM-THÁNG-NGÀY");
  add->add_flag("--json", a->json, "In mã phiên họp dạng JSON");
  add->callback([a, action] { *action = [a] { return run_session_add(*a); }; });

  auto h = std::make_shared<std::pair<std::string, std::pair<std::string, std::string>>>();
  auto* hold = session->add_subcommand("hold", "Ghi nhận phiên họp đã họp vào một ngày");
  add_db_option(*hold, h->first);
  hold->add_option("--id", h->second.first, "Mã phiên họp")->required();
  hold->add_option("--held-on", h->second.second, "Ngày họp, NĂM-THÁNG-NGÀY")->required();
  hold->callback([h, action] {
    *action = [h] {
      return on_node(
          h->first, "không ghi nhận được phiên họp " + h->second.first,
          "Đã ghi nhận phiên họp " + h->second.first + " họp ngày " + h->second.second,
          [&](Store& s) { return hold_council_session(s, h->second.first, h->second.second); });
    };
  });

  auto l = std::make_shared<std::pair<std::string, int>>("", 0);
  auto* list = session->add_subcommand("list", "Các phiên họp, theo năm, quý và ngày");
  add_db_option(*list, l->first);
  list->add_option("--year", l->second, "Chỉ năm này");
  list->callback([l, action] { *action = [l] { return run_session_list(l->first, l->second); }; });
}

// The options every path step shares.
struct Step {
  std::string db, id;
  std::string note, on, session;
  bool approve = false, reject = false, conferred = false, declined = false;
  DecisionRecord decision;
};

CLI::App* step_command(CLI::App& nomination, const char* name, const char* help,
                       std::shared_ptr<Step> o) {
  auto* cmd = nomination.add_subcommand(name, help);
  add_db_option(*cmd, o->db);
  cmd->add_option("--id", o->id, "Mã hồ sơ")->required();
  return cmd;
}

void add_decision_options(CLI::App& cmd, Step& o) {
  cmd.add_option("--decision-no", o.decision.decision_no, "Số quyết định, ví dụ 1234/QĐ-UBND");
  cmd.add_option("--decided-on", o.decision.decided_on, "Ngày quyết định, NĂM-THÁNG-NGÀY");
  cmd.add_option(
      "--signing-level", o.decision.signing_level,
      "Cấp ký: chu-tich-ubnd-tinh, thu-tuong hoặc chu-tich-nuoc (mặc định theo loại khen thưởng)");
}

// Makes `run` the action once CLI11 has parsed `cmd`.
void on_parsed(CLI::App* cmd, Action* action, std::shared_ptr<Step> o,
               std::function<int(const Step&)> run) {
  cmd->callback([action, o, run] { *action = [o, run] { return run(*o); }; });
}

int run_decide(const Step& o) {
  if (o.approve == o.reject)
    return fail("hội đồng chưa quyết định: hãy nêu đúng một trong --approve hoặc --reject");
  return on_node(
      o.db, "không ghi được quyết định của hội đồng cho hồ sơ " + o.id,
      std::string(o.approve ? "Hội đồng đã duyệt" : "Hội đồng đã trả lại") + " hồ sơ " + o.id,
      [&](Store& s) {
        return decide_nomination(s, o.id, o.approve ? Verdict::kApprove : Verdict::kReject, o.note);
      });
}

int run_centre(const Step& o) {
  if (o.conferred == o.declined)
    return fail("chưa rõ kết quả: hãy nêu đúng một trong --conferred hoặc --declined");
  CentreResult r;
  r.conferred = o.conferred;
  r.decision = o.decision;
  r.note = o.note;
  return on_node(o.db, "không ghi được kết quả của Trung ương cho hồ sơ " + o.id,
                 "Đã ghi kết quả của Trung ương cho hồ sơ " + o.id,
                 [&](Store& s) { return record_centre_result(s, o.id, r); });
}

void add_path_steps(CLI::App& nom, Action* action) {
  auto a = std::make_shared<Step>();
  auto* appraise =
      step_command(nom, "appraise", "Cấp tỉnh thẩm định hồ sơ đã gửi, kèm ý kiến thẩm định", a);
  appraise->add_option("--note", a->note, "Ý kiến thẩm định (bắt buộc)")->required();
  appraise->add_option("--on", a->on, "Ngày thẩm định, NĂM-THÁNG-NGÀY (mặc định hôm nay)");
  on_parsed(appraise, action, a, [](const Step& o) {
    return on_node(o.db, "không thẩm định được hồ sơ " + o.id, "Đã thẩm định hồ sơ " + o.id,
                   [&](Store& s) { return appraise_nomination(s, o.id, o.note, o.on); });
  });

  auto sc = std::make_shared<Step>();
  auto* schedule =
      step_command(nom, "schedule", "Đưa hồ sơ đã thẩm định vào một phiên họp hội đồng", sc);
  schedule->add_option("--session", sc->session, "Mã phiên họp (xem `thidua node session list`)")
      ->required();
  on_parsed(schedule, action, sc, [](const Step& o) {
    return on_node(o.db, "không đưa được hồ sơ " + o.id + " vào phiên họp",
                   "Đã đưa hồ sơ " + o.id + " vào phiên họp " + o.session,
                   [&](Store& s) { return schedule_nomination(s, o.id, o.session); });
  });

  auto d = std::make_shared<Step>();
  auto* decide =
      step_command(nom, "decide", "Quyết định của hội đồng: duyệt, hoặc trả lại kèm lý do", d);
  decide->add_flag("--approve", d->approve, "Duyệt");
  decide->add_flag("--reject", d->reject, "Trả lại");
  decide->add_option("--reason", d->note, "Lý do trả lại (bắt buộc khi trả lại)");
  on_parsed(decide, action, d, run_decide);

  auto r = std::make_shared<Step>();
  auto* decision =
      step_command(nom, "decision", "Ghi quyết định khen thưởng của Chủ tịch UBND tỉnh", r);
  add_decision_options(*decision, *r);
  on_parsed(decision, action, r, [](const Step& o) {
    return on_node(o.db, "không ghi được quyết định cho hồ sơ " + o.id,
                   "Đã ghi quyết định số " + o.decision.decision_no + " cho hồ sơ " + o.id,
                   [&](Store& s) { return record_decision(s, o.id, o.decision); });
  });

  auto f = std::make_shared<Step>();
  auto* forward =
      step_command(nom, "forward", "Trình Trung ương hồ sơ khen thưởng cấp nhà nước đã duyệt", f);
  forward->add_option("--on", f->on, "Ngày trình, NĂM-THÁNG-NGÀY")->required();
  on_parsed(forward, action, f, [](const Step& o) {
    return on_node(o.db, "không trình được hồ sơ " + o.id,
                   "Đã ghi hồ sơ " + o.id + " trình Trung ương ngày " + o.on,
                   [&](Store& s) { return forward_nomination(s, o.id, o.on); });
  });

  auto c = std::make_shared<Step>();
  auto* centre = step_command(nom, "centre",
                              "Ghi kết quả của Trung ương: khen thưởng, hoặc không kèm lý do", c);
  centre->add_flag("--conferred", c->conferred, "Trung ương khen thưởng (nêu số, ngày quyết định)");
  centre->add_flag("--declined", c->declined, "Trung ương không khen thưởng (nêu --note)");
  add_decision_options(*centre, *c);
  centre->add_option("--note", c->note, "Lý do Trung ương không khen thưởng");
  on_parsed(centre, action, c, run_centre);
}

}  // namespace

void add_node_session(CLI::App& node, Action* action) { add_session(node, action); }

void add_nomination_path(CLI::App& nomination, Action* action) {
  add_path_steps(nomination, action);
}

}  // namespace thidua::cli
