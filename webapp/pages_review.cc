// Chờ duyệt: the province's queue of stories and nominations from every
// unit, each previewed as the public site will show it, and the decisions
// (records/review.h) made from its page. A province node's pages only.
// Over 400 lines: stories and nominations share the decision handling
// here; the steps after approval are in pages_commendation.cc.
#include "common/text.h"
#include "records/commendation.h"
#include "records/review_queue.h"
#include "sitegen/markdown.h"
#include "sitegen/preview.h"
#include "webapp/internal/http.h"
#include "webapp/internal/pages_review.h"
#include "webapp/internal/pages_docs.h"
#include "webapp/internal/pages_commendation.h"

namespace thidua::webapp {
namespace {

constexpr Words kStatusWords[] = {
    {"draft", "nháp"},         {"submitted", "đã gửi"},         {"approved", "đã duyệt"},
    {"published", "đã đăng"},  {"rejected", "bị trả lại"},      {"appraised", "đã thẩm định"},
    {"forwarded", "đã trình cấp trên"}};
constexpr Words kCategoryWords[] = {
    {"individual", "Cá nhân"}, {"collective", "Tập thể"}, {"business", "Doanh nghiệp"}};
constexpr Words kNomineeWords[] = {
    {"individual", "Cá nhân"}, {"collective", "Tập thể"}, {"business", "Doanh nghiệp"}, {"entrepreneur", "Doanh nhân"}};

// The confirmation after a decision, by the bounded code the redirect
// carries (?da=): an unknown code shows nothing.
constexpr Words kDone[] = {
    {"duyet-bai", "Đã duyệt bài."},
    {"tra-lai-bai", "Đã trả lại bài cho đơn vị, kèm lý do."},
    {"dang-bai", "Đã đăng bài: trang công khai có bài sau lần đồng bộ tới của máy chủ."},
    {"go-bai", "Đã gỡ bài khỏi trang công khai."},
    {"tham-dinh-de-nghi", "Đã thẩm định hồ sơ đề nghị khen thưởng: hồ sơ chờ hội đồng xét."},
    {"duyet-de-nghi", "Đã duyệt hồ sơ đề nghị khen thưởng."},
    {"tra-lai-de-nghi", "Đã trả lại hồ sơ đề nghị cho đơn vị, kèm lý do."}};

// What a form's `action` asks for, with its confirmation code and button.
struct Action {
  const char* name;  // the form's value
  Decision decision;
  const char* done_story;
  const char* done_nomination;  // nullptr: not a nomination's decision
};
constexpr Action kActions[] = {
    {"approve", Decision::kApprove, "duyet-bai", "duyet-de-nghi"},
    {"reject", Decision::kReject, "tra-lai-bai", "tra-lai-de-nghi"},
    {"publish", Decision::kPublish, "dang-bai", nullptr},
    {"withdraw", Decision::kUnpublish, "go-bai", nullptr}};

const Action* action_of(const std::string& name, ReviewKind kind) {
  for (const auto& a : kActions) {
    if (name == a.name && (kind == ReviewKind::kStory || a.done_nomination)) return &a;
  }
  return nullptr;
}

Response province_only(App::Impl& app) {
  return app.error(403, "Chỉ cấp tỉnh dùng được trang này",
                   "Máy này là máy của đơn vị cấp huyện. Bài và hồ sơ đã gửi được cấp tỉnh duyệt "
                   "trên máy của cấp tỉnh.");
}

std::string href_of(const ReviewItem& item) {
  return std::string(item.kind == ReviewKind::kStory ? "/cho-duyet/bai-viet/" : "/cho-duyet/de-nghi/") +
         percent_encode(item.id);
}

Data item_data(const ReviewItem& item) {
  Data d;
  const bool story = item.kind == ReviewKind::kStory;
  d.set("href", href_of(item));
  d.set("title", item.title.empty() ? "(chưa có tiêu đề)" : item.title);
  d.set("kind_words", story ? "Bài điển hình" : "Đề nghị khen thưởng");
  d.set("status_code", item.status);
  d.set("status_words", words_of(kStatusWords, item.status));
  d.set("unit_name", item.unit_name);
  if (!item.created_on.empty()) d.set("created_on", date_vi(item.created_on));
  if (!item.since_date.empty()) d.set("since_date", date_vi(item.since_date));
  int missing = 0;
  List photos;
  for (const auto& p : item.photos) {
    // As the public story page (sitegen) shows a photo: a caption says it
    // aloud, so the image then has alt=""; without one, "Ảnh: <title>".
    Data ph;
    ph.set("src", "/anh/" + p.hash);
    ph.set("alt", p.alt.empty() ? "Ảnh: " + item.title : std::string());
    if (!p.alt.empty()) ph.set("caption", p.alt);
    ph.set("name", p.alt.empty() ? "ảnh " + std::to_string(photos.size() + 1) : p.alt);
    if (p.width > 0 && p.height > 0) {
      ph.set("width", std::to_string(p.width));
      ph.set("height", std::to_string(p.height));
    }
    ph.set("present", flag(p.present));
    photos.push_back(ph);
    missing += p.present ? 0 : 1;
  }
  d.set("photos", photos);
  if (!item.photos.empty()) d.set("photo_count", std::to_string(item.photos.size()));
  if (missing > 0) d.set("missing_count", std::to_string(missing));
  return d;
}

// The form as sent back after a refusal: the note kept, the reason beside it.
struct DecisionForm {
  std::string note;
  std::string error_note;
  std::string error_general;
};

void add_form(Data& d, const std::string& action_url, const std::vector<Decision>& allowed,
              const DecisionForm& f) {
  d.set("action_url", action_url);
  for (Decision x : allowed) {
    d.set(x == Decision::kApprove   ? "can_approve"
          : x == Decision::kReject  ? "can_reject"
          : x == Decision::kPublish ? "can_publish"
                                    : "can_withdraw",
          flag(true));
  }
  d.set("has_actions", flag(!allowed.empty()));
  d.set("note_value", f.note);
  if (!f.error_note.empty()) d.set("error_note", f.error_note);
  if (!f.error_general.empty()) d.set("error_general", f.error_general);
}

Response story_page(App::Impl& app, const Ctx& ctx, int status, const StoryForReview& s,
                    const DecisionForm& f) {
  Data d = app.base_data(ctx, "Duyệt bài: " + s.item.title, "review");
  Data story = item_data(s.item);
  story.set("subject", s.subject);
  story.set("category_words", words_of(kCategoryWords, s.category));
  if (!s.review_note.empty()) story.set("review_note", s.review_note);
  if (!s.published_on.empty()) story.set("published_on", date_vi(s.published_on));
  // The one triple mustache here: HTML that sitegen's safe Markdown
  // renderer made, the public page's own (raw HTML and script links dropped).
  story.set("body_html", site::markdown_to_html(s.body_md));
  d.set("story", story);
  add_form(d, href_of(s.item), story_decisions(s.item.status), f);
  return app.page(status, "review_story", std::move(d));
}

Response nomination_page(App::Impl& app, const Ctx& ctx, int status, const NominationForReview& n,
                         const DecisionForm& f, const PathForm& path = {}) {
  Data d = app.base_data(ctx, "Duyệt hồ sơ: " + n.item.title, "review");
  Data nom = item_data(n.item);
  nom.set("kind_label", words_of(kNomineeWords, n.nominee_kind));
  nom.set("award", n.award);
  if (!n.review_note.empty()) nom.set("review_note", n.review_note);
  if (!n.decided_on.empty()) nom.set("decided_on", date_vi(n.decided_on));
  if (!n.decision_no.empty()) nom.set("decision_no", n.decision_no);
  if (!n.council_session.empty()) nom.set("council_session", n.council_session);
  if (!n.appraisal_note.empty()) nom.set("appraisal_note", n.appraisal_note);
  nom.set("achievement_html", site::markdown_to_html(n.achievement_md));  // safe, as body_html
  d.set("nomination", nom);
  // Issue 13: a submitted nomination is appraised (with a note) before
  // the council may approve or reject it; one marked appraised with no
  // date too (records/ and the server refuse a decision on it).
  const bool to_appraise =
      n.item.status == "submitted" || (n.item.status == "appraised" && n.appraised_on.empty());
  add_form(d, href_of(n.item),
           to_appraise ? std::vector<Decision>{} : nomination_decisions(n.item.status), f);
  if (to_appraise) {
    d.set("can_appraise", flag(true));
    d.set("has_actions", flag(true));
  }
  set_documents(app, d, n.item.id, true);  // the dossier's documents (pages_docs.cc)
  // After approval: decision, forwarding, the centre's result (pages_commendation.cc).
  set_path_forms(app, d, n, path);
  if (auto done = ctx.query.find("da"); done != ctx.query.end() && !path_done_words(done->second).empty())
    d.set("path_done", path_done_words(done->second));
  return app.page(status, "review_nomination", std::move(d));
}

Response not_found(App::Impl& app, ReviewKind kind, const std::string& id, bool post) {
  const std::string what = kind == ReviewKind::kStory ? "bài điển hình" : "hồ sơ đề nghị khen thưởng";
  return app.error(404, kind == ReviewKind::kStory ? "Không tìm thấy bài" : "Không tìm thấy hồ sơ",
                   "Không có " + what + " mã " + id + " trên máy này." +
                       (post ? " Không có gì thay đổi." : ""));
}

// A record read for its page, or the error page that replaces it.
template <typename T>
Response read_failed(App::Impl& app, const Result<T>& r, ReviewKind kind, const std::string& id,
                     bool post) {
  if (r.status().code() == Status::Code::kNotFound) return not_found(app, kind, id, post);
  if (r.status().code() == Status::Code::kInvalid) return province_only(app);
  return app.error(500, "Không đọc được dữ liệu của máy", r.status().message());
}

}  // namespace

namespace {

// The decision a POST asks for: `action` (one this kind of record has),
// and a note that a rejection must carry (the unit reads it to correct).
struct Parsed {
  const Action* action = nullptr;
  DecisionForm form;
};

Parsed parse(const Ctx& ctx, ReviewKind kind) {
  Parsed p;
  p.form.note = field(ctx, "note");
  p.action = action_of(field(ctx, "action"), kind);
  if (p.action && p.action->decision == Decision::kReject && is_blank(p.form.note)) {
    p.form.error_note = "Nhập lý do trả lại: đơn vị đọc lý do này để sửa rồi gửi lại.";
  }
  return p;
}

ReviewDetails details_of(const Parsed& p) {
  ReviewDetails d;
  if (p.action->decision == Decision::kReject) d.note = p.form.note;
  return d;
}

Response bad_action(App::Impl& app) {
  return app.error(400, "Yêu cầu không hợp lệ",
                   "Biểu mẫu không nói rõ cần làm gì (duyệt, trả lại, đăng hay gỡ). Không có gì "
                   "thay đổi. Hãy mở lại trang từ Chờ duyệt.");
}

Response state_refused(App::Impl& app, ReviewKind kind, const std::string& status) {
  const bool story = kind == ReviewKind::kStory;
  return app.error(409, "Không làm được ở trạng thái này",
                   std::string(story ? "Bài" : "Hồ sơ") + " này đang ở trạng thái “" +
                       words_of(kStatusWords, status) +
                       "”, nên không làm được việc vừa chọn. Không có gì thay đổi. Có thể máy "
                       "khác đã duyệt trước; hãy mở lại trang để xem.");
}

// After records/ refused a decision: 409 naming the state now, 404, or the
// page again with the reason (a note it would not take).
template <typename Read, typename Render>
Response decision_failed(App::Impl& app, ReviewKind kind, const std::string& id, const Status& st,
                         DecisionForm form, Read read, Render render) {
  auto now = read();
  if (!now) return read_failed(app, now, kind, id, true);
  if (st.code() == Status::Code::kConflict) return state_refused(app, kind, now->item.status);
  if (st.code() != Status::Code::kInvalid) {
    return app.error(500, "Không lưu được quyết định", st.message() + ". Không có gì thay đổi.");
  }
  form.error_general = "Chưa lưu: " + st.message();
  return render(400, *now, form);
}

// The board's appraisal of a submitted nomination: its note is required
// (the council reads it). The caller holds store_mu.
Response appraise_submit(App::Impl& app, const Ctx& ctx, const NominationForReview& n, const std::string& id) {
  DecisionForm form;
  form.note = field(ctx, "note");
  if (is_blank(form.note)) {
    form.error_note = "Nhập ý kiến thẩm định: hội đồng đọc ý kiến này khi xét hồ sơ.";
    return nomination_page(app, ctx, 400, n, form);
  }
  Status st = appraise_nomination(*app.store, id, form.note);
  if (st.is_ok()) return App::Impl::redirect("/cho-duyet?da=tham-dinh-de-nghi");
  return decision_failed(
      app, ReviewKind::kNomination, id, st, form, [&] { return nomination_for_review(*app.store, id); },
      [&](int status, const NominationForReview& now, const DecisionForm& f) {
        return nomination_page(app, ctx, status, now, f);
      });
}

}  // namespace

Response review_queue_page(App::Impl& app, const Ctx& ctx) {
  if (!app.node.is_province()) return province_only(app);
  Result<std::vector<ReviewItem>> queue = Status::internal("");
  {
    std::lock_guard lock(app.store_mu);
    queue = review_queue(*app.store);
  }
  if (!queue) return app.error(500, "Không đọc được hàng chờ duyệt", queue.status().message());
  Data d = app.base_data(ctx, "Chờ duyệt", "review");
  List items;
  for (const auto& item : *queue) items.push_back(item_data(item));
  d.set("items", items);
  d.set("has_items", flag(!queue->empty()));
  d.set("count", std::to_string(queue->size()));
  if (auto it = ctx.query.find("da"); it != ctx.query.end()) {
    const std::string done = words_of(kDone, it->second);
    if (done != it->second) d.set("done", done);
  }
  return app.page(200, "review_queue", std::move(d));
}

Response review_story_page(App::Impl& app, const Ctx& ctx, const std::string& id) {
  if (!app.node.is_province()) return province_only(app);
  std::lock_guard lock(app.store_mu);
  auto s = story_for_review(*app.store, id);
  if (!s) return read_failed(app, s, ReviewKind::kStory, id, false);
  return story_page(app, ctx, 200, *s, {});
}

Response review_story_submit(App::Impl& app, const Ctx& ctx, const std::string& id) {
  if (!app.node.is_province()) return province_only(app);
  std::lock_guard lock(app.store_mu);
  auto s = story_for_review(*app.store, id);
  if (!s) return read_failed(app, s, ReviewKind::kStory, id, true);
  Parsed p = parse(ctx, ReviewKind::kStory);
  if (!p.action) return bad_action(app);
  if (!p.form.error_note.empty()) return story_page(app, ctx, 400, *s, p.form);
  Status st = review_story(*app.store, id, p.action->decision, details_of(p));
  if (st.is_ok()) return App::Impl::redirect(std::string("/cho-duyet?da=") + p.action->done_story);
  return decision_failed(
      app, ReviewKind::kStory, id, st, p.form, [&] { return story_for_review(*app.store, id); },
      [&](int status, const StoryForReview& now, const DecisionForm& f) {
        return story_page(app, ctx, status, now, f);
      });
}

Response review_nomination_page(App::Impl& app, const Ctx& ctx, const std::string& id) {
  if (!app.node.is_province()) return province_only(app);
  std::lock_guard lock(app.store_mu);
  auto n = nomination_for_review(*app.store, id);
  if (!n) return read_failed(app, n, ReviewKind::kNomination, id, false);
  return nomination_page(app, ctx, 200, *n, {});
}

Response review_nomination_submit(App::Impl& app, const Ctx& ctx, const std::string& id) {
  if (!app.node.is_province()) return province_only(app);
  std::lock_guard lock(app.store_mu);
  auto n = nomination_for_review(*app.store, id);
  if (!n) return read_failed(app, n, ReviewKind::kNomination, id, true);
  if (field(ctx, "action") == "appraise") return appraise_submit(app, ctx, *n, id);
  Parsed p = parse(ctx, ReviewKind::kNomination);
  if (!p.action) return bad_action(app);
  if (!p.form.error_note.empty()) return nomination_page(app, ctx, 400, *n, p.form);
  Status st = review_nomination(*app.store, id, p.action->decision, details_of(p));
  if (st.is_ok()) return App::Impl::redirect(std::string("/cho-duyet?da=") + p.action->done_nomination);
  return decision_failed(
      app, ReviewKind::kNomination, id, st, p.form, [&] { return nomination_for_review(*app.store, id); },
      [&](int status, const NominationForReview& now, const DecisionForm& f) {
        return nomination_page(app, ctx, status, now, f);
      });
}

Response review_nomination_again(App::Impl& app, const Ctx& ctx, int status, const std::string& id,
                                 const PathForm& f) {
  auto n = nomination_for_review(*app.store, id);
  if (!n) return read_failed(app, n, ReviewKind::kNomination, id, true);
  return nomination_page(app, ctx, status, *n, {}, f);
}

Response review_story_preview(App::Impl& app, const std::string& id) {
  if (!app.node.is_province()) return province_only(app);
  Result<StoryForReview> s = Status::internal("");
  {
    std::lock_guard lock(app.store_mu);
    s = story_for_review(*app.store, id);
  }
  if (!s) return read_failed(app, s, ReviewKind::kStory, id, false);
  site::StoryPreview p;
  p.title = s->item.title;
  p.subject = s->subject;
  p.category = s->category;
  p.body_md = s->body_md;
  p.unit_id = s->item.unit_id;
  p.unit_name = s->item.unit_name;
  p.published_on = s->published_on;
  // A photo not fetched yet is left out (the review page names it): the
  // public page will show it once the province node holds it.
  for (const auto& ph : s->item.photos) {
    if (ph.present) p.photos.push_back({"/anh/" + ph.hash, ph.alt, ph.width, ph.height});
  }
  auto html = site::story_preview_html(p);
  if (!html) return app.error(500, "Không dựng được bản xem trước", html.status().message());
  return App::Impl::html(200, std::move(*html));
}

Response review_route(App::Impl& app, const Ctx& ctx, const std::string& rest) {
  const bool story = rest.rfind("bai-viet/", 0) == 0;
  const bool nomination = rest.rfind("de-nghi/", 0) == 0;
  std::string segment = rest.substr(story ? 9 : nomination ? 8 : 0);
  const std::string preview_suffix = "/xem-truoc";
  const bool preview = story && segment.size() > preview_suffix.size() &&
                       segment.compare(segment.size() - preview_suffix.size(), std::string::npos,
                                       preview_suffix) == 0;
  if (preview) segment.resize(segment.size() - preview_suffix.size());
  auto id = percent_decode(segment, false);
  if ((!story && !nomination) || !id || id->empty() || id->find('/') != std::string::npos) {
    return app.error(404, "Không tìm thấy trang", "Địa chỉ này không dẫn tới bài hay hồ sơ nào.");
  }
  const std::string& method = ctx.req.method;
  if (preview) {
    if (method == "GET" || method == "HEAD") return review_story_preview(app, *id);
    Response r = app.error(405, "Không dùng được cách gửi này", "Bản xem trước chỉ để xem.");
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  if (method == "GET" || method == "HEAD") {
    return story ? review_story_page(app, ctx, *id) : review_nomination_page(app, ctx, *id);
  }
  if (method == "POST") {
    return story ? review_story_submit(app, ctx, *id) : review_nomination_submit(app, ctx, *id);
  }
  Response r = app.error(405, "Không dùng được cách gửi này",
                         "Trang này không nhận yêu cầu kiểu đó. Hãy mở lại trang từ Chờ duyệt.");
  r.headers.emplace_back("Allow", "GET, POST");
  return r;
}

}  // namespace thidua::webapp
