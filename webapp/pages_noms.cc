// Đề nghị khen thưởng: the unit's nominations, the form that submits a new
// one, editing while the province has not decided or after a rejection,
// and resubmitting a rejected one (records/nominations.h decides; the
// handlers parse, call it and render).
#include "webapp/internal/pages_noms.h"

#include <optional>

#include "common/text.h"
#include "records/commendation.h"
#include "records/nominations.h"
#include "sitegen/markdown.h"
#include "webapp/internal/http.h"
#include "webapp/internal/pages_docs.h"

namespace thidua::webapp {
namespace {

const std::string kList = "/de-nghi";

constexpr Words kKinds[] = {
    {"individual", "Cá nhân"}, {"collective", "Tập thể"}, {"business", "Doanh nghiệp"}, {"entrepreneur", "Doanh nhân"}};
constexpr Words kStatuses[] = {{"submitted", "đã gửi"},
                               {"appraised", "đang thẩm định"},
                               {"approved", "đã duyệt"},
                               {"forwarded", "đã trình cấp trên"},
                               {"rejected", "bị trả lại"}};

std::string href_of(const std::string& id) { return kList + "/" + percent_encode(id); }

// Why a decided nomination can no longer be changed here.
std::string locked_reason(const std::string& status) {
  return "Cấp tỉnh đã xét hồ sơ này (" + words_of(kStatuses, status) +
         ") nên không sửa được nữa. Nếu cần sửa, hãy đề nghị cấp tỉnh trả lại hồ sơ.";
}

// The form's fields as the clerk typed them, with each field's error.
struct NomForm {
  std::string nominee, kind = "individual", award, achievement;
  std::string award_kind;  // an award_kinds id, "" for none (issue 13)
  std::map<std::string, std::string> errors;  // field name -> what to do
  std::string general;                        // a refusal of records/ not tied to a field
};

NomForm read_form(const Ctx& ctx) {
  NomForm f;
  f.nominee = field(ctx, "nominee");
  f.kind = field(ctx, "nominee_kind");
  f.award = field(ctx, "award");
  f.achievement = field(ctx, "achievement");
  f.award_kind = field(ctx, "award_kind");
  if (is_blank(f.nominee)) f.errors["nominee"] = "Nhập họ tên người hoặc tên tập thể được đề nghị.";
  if (words_of(kKinds, f.kind) == f.kind) {
    f.errors["nominee_kind"] = "Chọn “Cá nhân”, “Tập thể”, “Doanh nghiệp” hoặc “Doanh nhân”.";
  }
  // With a kind of award chosen the text may be left empty: the kind's name is used.
  if (is_blank(f.award) && f.award_kind.empty()) {
    f.errors["award"] =
        "Nhập hình thức khen thưởng đề nghị, ví dụ “Bằng khen của Chủ tịch UBND tỉnh”.";
  }
  if (is_blank(f.achievement))
    f.errors["achievement"] = "Tóm tắt thành tích của người hoặc tập thể được đề nghị.";
  return f;
}

NomForm form_of(const Nomination& n) {
  return {n.nominee, n.nominee_kind, n.award, n.achievement_md, n.award_kind, {}, ""};
}

Data nomination_data(const Nomination& n) {
  Data d;
  d.set("id", n.id);
  d.set("href", href_of(n.id));
  d.set("nominee", n.nominee);
  d.set("kind_words", words_of(kKinds, n.nominee_kind));
  d.set("award", n.award);
  d.set("status_code", n.status);
  d.set("status_words", words_of(kStatuses, n.status));
  d.set("rejected", flag(n.status == "rejected"));
  if (!n.review_note.empty()) d.set("review_note", n.review_note);
  if (!n.sent_on.empty()) d.set("sent_on", date_vi(n.sent_on));
  if (!n.decided_on.empty()) d.set("decided_on", date_vi(n.decided_on));
  if (!n.decision_no.empty()) d.set("decision_no", n.decision_no);
  return d;
}

// The award kinds this copy holds as the select's options, `chosen`
// selected; a first empty option for none.
List award_kind_options(Store& store, const std::string& chosen) {
  List options;
  Data none;
  none.set("code", "");
  none.set("words", "(không chọn: chỉ ghi hình thức khen thưởng)");
  none.set("selected", flag(chosen.empty()));
  options.push_back(none);
  auto kinds = list_award_kinds(store);
  if (!kinds) return options;  // the form still works with the text alone
  for (const auto& k : *kinds) {
    Data o;
    o.set("code", k.id);
    o.set("words", k.name + (k.level == "state" ? " (cấp nhà nước)" : ""));
    o.set("selected", flag(chosen == k.id));
    options.push_back(o);
  }
  return options;
}

// The form's values, errors and preview into `d`.
void set_form(Data& d, const NomForm& f, const std::string& preview_html) {
  d.set("nominee_value", f.nominee);
  List kinds;
  for (const auto& k : kKinds) {
    Data o;
    o.set("code", k.code);
    o.set("words", k.words);
    o.set("selected", flag(f.kind == k.code));
    kinds.push_back(o);
  }
  d.set("kind_options", kinds);
  d.set("award_value", f.award);
  d.set("achievement_value", f.achievement);
  List summary;
  for (const auto& [name, message] : f.errors) {
    Data e;
    e.set("field", name);
    e.set("message", message);
    summary.push_back(e);
    d.set("error_" + name, message);
  }
  if (!f.general.empty()) d.set("error_general", f.general);
  d.set("has_errors", flag(!summary.empty()));
  d.set("errors", summary);
  // HTML that sitegen's safe Markdown renderer made (raw HTML and script
  // links are dropped there): the one {{{ }}} of these pages.
  if (!preview_html.empty()) d.set("preview_html", preview_html);
}

// The new-nomination form (n == nullptr) or one nomination's page.
Response render(App::Impl& app, const Ctx& ctx, int status, const Nomination* n, const NomForm& f,
                const std::string& preview_html) {
  Data d = app.base_data(ctx, n ? "Hồ sơ đề nghị khen thưởng" : "Đề nghị khen thưởng mới", "noms");
  set_form(d, f, preview_html);
  const bool editable = !n || app.node.is_province() || nomination_open_to_unit(n->status);
  d.set("editable", flag(editable));
  d.set("award_kind_options", award_kind_options(*app.store, f.award_kind));
  d.set("action", n ? href_of(n->id) : kList + "/moi");
  d.set("submit_label", n ? "Lưu" : "Gửi đề nghị");
  if (n) {
    d.set("nomination", nomination_data(*n));
    if (!editable) d.set("locked_reason", locked_reason(n->status));
    if (n->status == "rejected") d.set("resubmit_action", href_of(n->id) + "/gui");
    d.set("saved", flag(ctx.query.count("da-luu") > 0));
    d.set("achievement_html", site::markdown_to_html(n->achievement_md));
    // Dossier documents (issue 13 §3, pages_docs.cc).
    set_documents(app, d, n->id, editable);
  }
  return app.page(status, "nom", std::move(d));
}

// The nomination `id` of this unit, or the error page to answer with.
struct Found {
  std::optional<Nomination> n;
  std::optional<Response> refusal;
};

Found own(App::Impl& app, const std::string& id, const std::string& unchanged) {
  auto n = find_nomination(*app.store, id);
  if (!n && n.status().code() == Status::Code::kNotFound) {
    return {std::nullopt,
            app.error(404, "Không tìm thấy hồ sơ",
                      "Không có hồ sơ đề nghị khen thưởng " + id + " trên máy này." + unchanged)};
  }
  if (!n) return {std::nullopt, app.error(500, "Không đọc được hồ sơ", n.status().message())};
  if (n->unit_id != app.node.unit_id) {
    return {
        std::nullopt,
        app.error(403, "Hồ sơ của đơn vị khác",
                  "Hồ sơ " + id + " là của đơn vị khác; trang này chỉ mở hồ sơ của đơn vị mình." +
                      unchanged)};
  }
  return {std::move(*n), std::nullopt};
}

const std::string kUnchanged = " Không có gì được lưu.";

Response list_page(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  auto noms = unit_nominations(*app.store, app.node.unit_id);
  if (!noms) return app.error(500, "Không đọc được hồ sơ", noms.status().message());
  Data d = app.base_data(ctx, "Đề nghị khen thưởng", "noms");
  List items;
  for (const auto& n : *noms) items.push_back(nomination_data(n));
  d.set("has_nominations", flag(!noms->empty()));
  d.set("nominations", items);
  d.set("resubmitted", flag(ctx.query.count("da-gui-lai") > 0));
  return app.page(200, "noms", std::move(d));
}

Response create(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  NomForm f = read_form(ctx);
  if (field(ctx, "hanh-dong") == "xem-truoc") {
    f.errors.clear();  // a preview checks nothing and writes nothing
    return render(app, ctx, 200, nullptr, f, site::markdown_to_html(f.achievement));
  }
  if (!f.errors.empty()) return render(app, ctx, 400, nullptr, f, "");
  auto id = nominate(*app.store, {f.nominee, f.kind, f.award, f.achievement, f.award_kind});
  if (!id) {
    f.general = "Chưa gửi: " + id.status().message();
    return render(app, ctx, 400, nullptr, f, "");
  }
  return App::Impl::redirect(kList);
}

Response edit_form(App::Impl& app, const Ctx& ctx, const std::string& id) {
  std::lock_guard lock(app.store_mu);
  Found found = own(app, id, "");
  if (found.refusal) return *found.refusal;
  return render(app, ctx, 200, &*found.n, form_of(*found.n), "");
}

Response update(App::Impl& app, const Ctx& ctx, const std::string& id) {
  std::lock_guard lock(app.store_mu);
  Found found = own(app, id, kUnchanged);
  if (found.refusal) return *found.refusal;
  const Nomination& n = *found.n;
  NomForm f = read_form(ctx);
  if (field(ctx, "hanh-dong") == "xem-truoc") {
    f.errors.clear();
    return render(app, ctx, 200, &n, f, site::markdown_to_html(f.achievement));
  }
  if (!app.node.is_province() && !nomination_open_to_unit(n.status)) {
    return app.error(409, "Hồ sơ không sửa được nữa", locked_reason(n.status) + kUnchanged);
  }
  if (!f.errors.empty()) return render(app, ctx, 400, &n, f, "");
  Status saved = edit_nomination(*app.store, {id, f.nominee, f.kind, f.award, f.achievement, f.award_kind});
  if (!saved.is_ok()) {
    f.general = "Chưa lưu: " + saved.message();
    return render(app, ctx, saved.code() == Status::Code::kConflict ? 409 : 400, &n, f, "");
  }
  return App::Impl::redirect(href_of(id) + "?da-luu=1");
}

Response resubmit(App::Impl& app, const std::string& id) {
  std::lock_guard lock(app.store_mu);
  Found found = own(app, id, kUnchanged);
  if (found.refusal) return *found.refusal;
  if (found.n->status != "rejected") {
    return app.error(409, "Hồ sơ không cần gửi lại",
                     "Chỉ gửi lại được hồ sơ bị cấp tỉnh trả lại; hồ sơ này đang ở trạng thái “" +
                         words_of(kStatuses, found.n->status) + "”." + kUnchanged);
  }
  Status sent = resubmit_nomination(*app.store, id);
  if (!sent.is_ok())
    return app.error(409, "Chưa gửi lại được hồ sơ", sent.message() + "." + kUnchanged);
  return App::Impl::redirect(kList + "?da-gui-lai=1");
}

Response not_allowed(App::Impl& app, const std::string& allow) {
  Response r =
      app.error(405, "Không dùng được cách gửi này",
                "Trang này không nhận yêu cầu kiểu đó. Hãy mở lại trang từ thanh điều hướng.");
  r.headers.emplace_back("Allow", allow);
  return r;
}

}  // namespace

Response route_noms(App::Impl& app, const Ctx& ctx) {
  const std::string& path = ctx.req.path;
  const bool get = ctx.req.method == "GET" || ctx.req.method == "HEAD";
  const bool post = ctx.req.method == "POST";
  if (path == kList) return get ? list_page(app, ctx) : not_allowed(app, "GET");
  if (path == kList + "/moi") {
    if (get) {
      std::lock_guard lock(app.store_mu);
      return render(app, ctx, 200, nullptr, NomForm{}, "");
    }
    return post ? create(app, ctx) : not_allowed(app, "GET, POST");
  }
  std::string rest = path.substr(kList.size() + 1);
  const bool resubmitting = rest.size() > 4 && rest.compare(rest.size() - 4, 4, "/gui") == 0;
  if (resubmitting) rest.resize(rest.size() - 4);
  auto id = percent_decode(rest, false);
  if (!id || id->empty() || id->find('/') != std::string::npos) {
    return app.error(404, "Không tìm thấy trang", "Địa chỉ này không dẫn tới hồ sơ đề nghị nào.");
  }
  if (resubmitting) return post ? resubmit(app, *id) : not_allowed(app, "POST");
  if (get) return edit_form(app, ctx, *id);
  return post ? update(app, ctx, *id) : not_allowed(app, "GET, POST");
}

}  // namespace thidua::webapp
