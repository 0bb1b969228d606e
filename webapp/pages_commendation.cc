// After the council approves (issue 13), on the province's nomination page:
// the province's decision for a province-level kind, the forwarding of a
// state-level one to the centre, and the centre's result. Each form is
// shown only while the nomination's state allows its step; records/
// (commendation.h) checks again and writes.
#include "webapp/internal/pages_commendation.h"

#include "common/text.h"
#include "records/commendation.h"
#include "records/council.h"
#include "records/nominations.h"
#include "store/nomination_path.h"
#include "webapp/internal/http.h"

namespace thidua::webapp {
namespace {

constexpr std::string_view kPrefix = "/cho-duyet/de-nghi/";

constexpr Words kSigners[] = {{"chu-tich-ubnd-tinh", "Chủ tịch UBND tỉnh"},
                              {"thu-tuong", "Thủ tướng Chính phủ"},
                              {"chu-tich-nuoc", "Chủ tịch nước"}};
constexpr Words kSteps[] = {{"quyet-dinh", "Đã ghi quyết định khen thưởng."},
                            {"trinh", "Đã ghi ngày trình Trung ương."},
                            {"ket-qua", "Đã ghi kết quả của Trung ương."}};

std::string signer_words(const std::string& code) {
  return words_of(kSigners, code, "");
}

// Where the nomination stands on the path, as the path's table reads it
// (store/nomination_path.h; records/commendation.h still decides). A
// nomination naming no award kind counts as province-level.
struct PathState {
  Nomination n;
  std::string level = "province", signer = "chu-tich-ubnd-tinh";
  nomination_path::Facts facts() const {
    nomination_path::Facts f;
    f.status = n.status;
    f.state_level = level == "state";
    f.centre_result = n.centre_result;
    return f;
  }
  bool can_decide() const {
    return nomination_path::decider(facts()) == nomination_path::Decider::kProvince &&
           n.decision_no.empty();
  }
  bool can_forward() const {
    nomination_path::Facts after = facts();
    after.status = "forwarded";
    return nomination_path::find_step(n.status, "forwarded") &&
           !(nomination_path::missing(after) & nomination_path::kStateLevel);
  }
  bool can_centre() const {
    return nomination_path::field_allowed("centre_result", facts()) && n.centre_result.empty();
  }
  bool allows(const std::string& step) const {
    return step == "quyet-dinh" ? can_decide() : step == "trinh" ? can_forward() : can_centre();
  }
};

Result<PathState> state_of(Store& store, const std::string& id) {
  auto n = find_nomination(store, id);
  if (!n) return n.status();
  PathState s;
  s.n = std::move(*n);
  if (!s.n.award_kind.empty()) {
    auto kinds = list_award_kinds(store);
    if (!kinds) return kinds.status();
    for (const auto& k : *kinds) {
      if (k.id != s.n.award_kind) continue;
      s.level = k.level;
      s.signer = k.signer;
    }
  }
  return s;
}

std::string step_href(const std::string& id, const std::string& step) {
  return std::string(kPrefix) + percent_encode(id) + "/" + step;
}

// One step's form: its action, each field's value (as typed after a
// refusal) and error.
Data form_data(const std::string& id, const std::string& step, const PathForm& f,
               std::initializer_list<const char*> fields) {
  Data d;
  d.set("action", step_href(id, step));
  const bool sent = f.step == step;
  for (const char* name : fields) {
    d.set(std::string(name) + "_value", sent ? value_of(f.values, name) : std::string());
    const std::string error = sent ? value_of(f.errors, name) : std::string();
    if (!error.empty()) d.set(std::string("error_") + name, error);
  }
  if (sent && !f.general.empty()) d.set("error_general", f.general);
  return d;
}

List signer_options(std::initializer_list<const char*> codes, const std::string& selected) {
  List out;
  for (const char* code : codes) {
    Data o;
    o.set("code", code);
    o.set("words", signer_words(code));
    o.set("selected", flag(selected == code));
    out.push_back(o);
  }
  return out;
}

// The required fields of `step` checked before records/ sees them: the
// errors beside their fields; the dates as records/ takes them.
void check_fields(const std::string& step, PathForm& f) {
  auto required = [&](const char* name, const char* message) {
    if (is_blank(value_of(f.values, name))) f.errors[name] = message;
  };
  auto date = [&](const char* name, const char* message) {
    const std::string typed = value_of(f.values, name);
    auto iso = date_input(typed);
    if (!iso) f.errors[name] = date_error(typed, message);
    return iso.value_or("");
  };
  const std::string result = value_of(f.values, "result");
  if (step == "ket-qua" && result != "conferred" && result != "declined") {
    f.errors["result"] = "Chọn kết quả: được khen thưởng hoặc không được khen thưởng.";
    return;
  }
  if (step == "trinh") {
    f.values["forwarded_on_iso"] =
        date("forwarded_on", "Nhập ngày trình dạng ngày/tháng/năm, ví dụ 20/07/2021.");
  } else if (step == "ket-qua" && result == "declined") {
    required("note", "Nhập ý kiến của Trung ương: đơn vị đọc ý kiến này.");
  } else {
    required("decision_no", "Nhập số quyết định, ví dụ 1234/QĐ-UBND.");
    f.values["decided_on_iso"] =
        date("decided_on", "Nhập ngày quyết định dạng ngày/tháng/năm, ví dụ 20/07/2021.");
  }
}

Status apply_step(Store& store, const std::string& id, const std::string& step, const PathForm& f) {
  DecisionRecord decision;
  decision.decision_no = value_of(f.values, "decision_no");
  decision.decided_on = value_of(f.values, "decided_on_iso");
  decision.signing_level = value_of(f.values, "signing_level");
  if (step == "quyet-dinh") return record_decision(store, id, decision);
  if (step == "trinh") return forward_nomination(store, id, value_of(f.values, "forwarded_on_iso"));
  CentreResult result;
  result.conferred = value_of(f.values, "result") == "conferred";
  if (result.conferred)
    result.decision = decision;
  else
    result.note = value_of(f.values, "note");
  return record_centre_result(store, id, result);
}

Response state_refused(App::Impl& app, const PathState& s) {
  return app.error(
      409, "Không làm được ở trạng thái này",
      "Hồ sơ của " + s.n.nominee +
          " không còn ở bước này (có thể máy khác đã ghi trước). Không có gì thay đổi. "
          "Hãy mở lại hồ sơ để xem.");
}

Response step_submit(App::Impl& app, const Ctx& ctx, const std::string& id,
                     const std::string& step) {
  std::lock_guard lock(app.store_mu);
  auto s = state_of(*app.store, id);
  if (!s && s.status().code() == Status::Code::kNotFound) {
    return app.error(
        404, "Không tìm thấy hồ sơ",
        "Không có hồ sơ đề nghị khen thưởng mã " + id + " trên máy này. Không có gì thay đổi.");
  }
  if (!s) return app.error(500, "Không đọc được dữ liệu của máy", s.status().message());
  if (!s->allows(step)) return state_refused(app, *s);
  PathForm f;
  f.step = step;
  f.values = ctx.form;
  f.values.erase("csrf");
  check_fields(step, f);
  if (!f.errors.empty()) return review_nomination_again(app, ctx, 400, id, f);
  Status st = apply_step(*app.store, id, step, f);
  if (st.is_ok())
    return App::Impl::redirect(std::string(kPrefix) + percent_encode(id) + "?da=" + step);
  if (st.code() == Status::Code::kConflict) return state_refused(app, *s);
  if (st.code() != Status::Code::kInvalid)
    return app.error(500, "Không lưu được", st.message() + ". Không có gì thay đổi.");
  f.general = "Chưa lưu: " + st.message() + ".";
  return review_nomination_again(app, ctx, 400, id, f);
}

struct StepPath {
  std::string id, step;
};

std::optional<StepPath> step_path(const std::string& path) {
  if (path.rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string rest = path.substr(kPrefix.size());
  const auto slash = rest.find('/');
  if (slash == std::string::npos) return std::nullopt;
  const std::string step = rest.substr(slash + 1);
  if (step != "quyet-dinh" && step != "trinh" && step != "ket-qua") return std::nullopt;
  auto id = percent_decode(rest.substr(0, slash), false);
  if (!id || id->empty()) return std::nullopt;
  return StepPath{*id, step};
}

// The session whose agenda holds the nomination, in words, with a link to
// its year on Hội đồng; nothing when none (or not in this copy).
void set_agenda(Store& store, Data& d, const std::string& session_id) {
  if (session_id.empty()) return;
  auto sessions = list_council_sessions(store);
  if (!sessions) return;
  for (const auto& s : *sessions) {
    if (s.id != session_id) continue;
    std::string words = s.title;
    if (!s.held_on.empty())
      words += std::string(s.status == "held" ? " (họp ngày " : " (dự kiến ngày ") +
               date_vi(s.held_on) + ")";
    d.set("agenda_session", words);
    d.set("agenda_href", "/hoi-dong?nam=" + std::to_string(s.year));
  }
}

// The summary at the top of the steps after a refusal: each reason,
// linking to its field (the centre's form prefixes its ids: the decision
// form's may be on the same page).
void set_path_errors(Data& d, const PathForm& f) {
  const std::string prefix = f.step == "ket-qua" ? "centre_" : "";
  List errors;
  for (const char* name : {"result", "decision_no", "decided_on", "forwarded_on", "note"}) {
    const std::string message = value_of(f.errors, name);
    if (message.empty()) continue;
    Data e;
    e.set("field", std::string(name) == "result" ? std::string("result-conferred") : prefix + name);
    e.set("message", message);
    errors.push_back(e);
  }
  if (!f.general.empty()) {
    Data e;
    e.set("field", f.step == "trinh" ? std::string("forwarded_on") : prefix + "decision_no");
    e.set("message", f.general);
    errors.push_back(e);
  }
  d.set("has_path_errors", flag(!errors.empty()));
  d.set("path_errors", errors);
}

}  // namespace

void set_path_forms(App::Impl& app, Data& d, const NominationForReview& n, const PathForm& f) {
  auto s = state_of(*app.store, n.item.id);
  if (!s) return;
  const Nomination& nom = s->n;
  set_agenda(*app.store, d, nom.session_id);
  if (!nom.signing_level.empty()) d.set("signing_words", signer_words(nom.signing_level));
  if (!nom.forwarded_on.empty()) d.set("forwarded_on", date_vi(nom.forwarded_on));
  if (nom.centre_result == "conferred") d.set("centre_words", "được khen thưởng");
  if (nom.centre_result == "declined") d.set("centre_words", "không được khen thưởng");
  bool any = false;
  if (s->can_decide()) {
    Data form = form_data(nom.id, "quyet-dinh", f, {"decision_no", "decided_on"});
    form.set("signers", signer_options({"chu-tich-ubnd-tinh"}, s->signer));
    d.set("decision_form", form);
    any = true;
  }
  if (s->can_forward()) {
    d.set("forward_form", form_data(nom.id, "trinh", f, {"forwarded_on"}));
    any = true;
  }
  if (s->can_centre()) {
    Data form = form_data(nom.id, "ket-qua", f, {"result", "decision_no", "decided_on", "note"});
    const std::string result = f.step == "ket-qua" ? value_of(f.values, "result") : std::string();
    form.set("conferred", flag(result == "conferred"));
    form.set("declined", flag(result == "declined"));
    const std::string picked =
        f.step == "ket-qua" ? value_of(f.values, "signing_level") : std::string();
    form.set("signers",
             signer_options({"thu-tuong", "chu-tich-nuoc"}, picked.empty() ? s->signer : picked));
    d.set("centre_form", form);
    any = true;
  }
  d.set("has_path_forms", flag(any));
  set_path_errors(d, f);
}

bool is_path_route(const std::string& path) { return step_path(path).has_value(); }

Response route_path(App::Impl& app, const Ctx& ctx) {
  if (ctx.req.method != "POST") {
    Response r = app.error(405, "Không dùng được cách gửi này",
                           "Địa chỉ này chỉ nhận biểu mẫu gửi lên. Hãy mở lại hồ sơ từ Chờ duyệt.");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  if (!app.node.is_province()) {
    return app.error(403, "Chỉ cấp tỉnh dùng được trang này",
                     "Quyết định khen thưởng do cấp tỉnh ghi nhận.");
  }
  auto p = step_path(ctx.req.path);
  return step_submit(app, ctx, p->id, p->step);
}

std::string path_done_words(const std::string& code) {
  return words_of(kSteps, code, "");
}

}  // namespace thidua::webapp
