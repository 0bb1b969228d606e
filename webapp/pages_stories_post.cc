// Bài điển hình, what a form sends: a new story, an edit (with photos, as
// multipart), sending to the province, and the preview as the public page.
#include "common/text.h"
#include "photo/photo.h"
#include "sitegen/preview.h"
#include "webapp/internal/http.h"
#include "webapp/internal/pages_stories.h"

namespace thidua::webapp {
namespace {

// The photos of the form, checked as far as can be without decoding them:
// the count, each size, each type by its structure (photo/photo.h).
void read_photos(const Ctx& ctx, StoryForm& f) {
  std::string problems;
  for (const auto& part : ctx.req.files) {
    if (!is_file_part(part) || part.name != "photos") continue;
    if (part.filename.empty() && part.content.empty()) continue;  // the input left empty
    const std::string name = part.filename.empty() ? "(không tên)" : part.filename;
    if (part.content.size() > kMaxPhotoBytes) {
      problems += "Tệp " + name + " lớn hơn " + std::to_string(kMaxPhotoBytes >> 20) +
                  " MB: hãy thu nhỏ ảnh rồi chọn lại. ";
    } else if (!sniff_image(trim_image_trailer(part.content))) {
      problems += "Tệp " + name + " không phải ảnh JPEG, PNG hay WebP. ";
    }
    f.photos.push_back(PickedPhoto{name, part.content});
  }
  if (f.photos.size() > kMaxUploadPhotos) {
    problems = "Mỗi lần chỉ gửi được tối đa " + std::to_string(kMaxUploadPhotos) + " ảnh (đã chọn " +
               std::to_string(f.photos.size()) + "). " + problems;
  }
  if (!problems.empty()) {
    problems.pop_back();
    f.errors["photos"] = problems;
  }
}

StoryForm read_story_form(const Ctx& ctx) {
  StoryForm f;
  f.title = field(ctx, "title");
  f.subject = field(ctx, "subject");
  f.category = field(ctx, "category");
  f.body = field(ctx, "body");
  f.alt = field(ctx, "alt");
  if (is_blank(f.title)) f.errors["title"] = "Nhập tiêu đề bài.";
  if (is_blank(f.subject)) f.errors["subject"] = "Nhập người, tập thể hoặc doanh nghiệp mà bài nêu gương.";
  bool known = false;
  for (const char* c : kStoryCategories) known = known || f.category == c;
  if (!known) f.errors["category"] = "Chọn loại điển hình: cá nhân, tập thể hoặc doanh nghiệp.";
  if (is_blank(f.body)) f.errors["body"] = "Nhập nội dung bài.";
  read_photos(ctx, f);
  return f;
}

// "Ảnh a.jpg: đã giảm từ 4,2 MB xuống 310 kB", one line a photo, as the
// query of the page the clerk is sent to (shown there, escaped).
std::string savings_query(const std::vector<PhotoSaving>& saved) {
  std::string lines;
  for (const auto& s : saved) {
    std::string name = s.name.size() > 120 ? "" : s.name;  // a huge name is not worth carrying
    for (char& c : name)
      if (c == '\n' || c == '\r') c = ' ';
    lines += (lines.empty() ? "" : "\n") + ("Ảnh " + name + ": " + saving_text(s));
  }
  return lines.empty() ? "" : "&anh=" + percent_encode(lines);
}

std::string refusal_text(const Status& st) {
  std::string m = st.message();
  return "Chưa lưu: " + m + ".";
}

}  // namespace

Response story_create(App::Impl& app, const Ctx& ctx) {
  StoryForm f = read_story_form(ctx);
  if (!f.errors.empty()) return editor_page(app, ctx, 400, nullptr, f, {}, false);
  std::lock_guard lock(app.store_mu);
  NewStory s{f.title, f.subject, f.category, f.body, {}, f.alt, ""};
  std::vector<PhotoSaving> saved;
  auto id = add_story(*app.store, s, f.photos, &saved);
  if (!id) {
    f.general = refusal_text(id.status());
    return editor_page(app, ctx, 400, nullptr, f, {}, false);
  }
  return App::Impl::redirect("/bai-viet/" + percent_encode(*id) + "?da-luu=1" + savings_query(saved));
}

Response story_update(App::Impl& app, const Ctx& ctx, const std::string& id) {
  std::lock_guard lock(app.store_mu);
  StoryView story;
  if (auto refusal = load_own_story(app, id, &story)) return std::move(*refusal);
  if (story.status == "approved" || story.status == "published") {
    return app.error(409, "Tỉnh đã duyệt: không sửa được nữa",
                     "Bài này tỉnh đã duyệt; muốn sửa, hãy đề nghị tỉnh trả lại bài. Không có gì thay đổi.");
  }
  StoryForm f = read_story_form(ctx);
  if (!f.errors.empty()) return editor_page(app, ctx, 400, &story, f, {}, false);
  StoryEdit e;
  e.id = id;
  e.title = f.title;
  e.subject = f.subject;
  e.category = f.category;
  e.body_md = f.body;
  e.alt = f.alt;
  std::vector<PhotoSaving> saved;
  Status written = edit_story(*app.store, e, f.photos, &saved);
  if (!written.is_ok()) {
    f.general = refusal_text(written);
    return editor_page(app, ctx, written.code() == Status::Code::kConflict ? 409 : 400, &story, f, {}, false);
  }
  return App::Impl::redirect("/bai-viet/" + percent_encode(id) + "?da-luu=1" + savings_query(saved));
}

Response story_send(App::Impl& app, const Ctx&, const std::string& id) {
  std::lock_guard lock(app.store_mu);
  StoryView story;
  if (auto refusal = load_own_story(app, id, &story)) return std::move(*refusal);
  if (story.status != "draft" && story.status != "rejected") {
    return app.error(409, "Bài không gửi được",
                     "Bài đang ở trạng thái “" + story_state_words(story.status) +
                         "”: chỉ gửi được bài nháp hoặc bài bị trả lại. Không có gì thay đổi.");
  }
  Status sent = submit_story(*app.store, id);
  if (!sent.is_ok()) return app.error(409, "Bài không gửi được", sent.message());
  return App::Impl::redirect("/bai-viet");
}

Response story_preview(App::Impl& app, const Ctx& ctx) {
  site::StoryPreview p;
  p.title = field(ctx, "title");
  p.subject = field(ctx, "subject");
  p.category = field(ctx, "category");
  p.body_md = field(ctx, "body");
  p.unit_id = app.node.unit_id;
  p.unit_name = app.unit_name;
  const std::string id = field(ctx, "id");
  if (!id.empty()) {  // a saved story: its photos, from where the app serves them
    std::lock_guard lock(app.store_mu);
    StoryView story;
    if (auto refusal = load_own_story(app, id, &story)) return std::move(*refusal);
    for (const auto& ph : story.photos) p.photos.push_back({"/anh/" + ph.hash, ph.alt, ph.width, ph.height});
  }
  auto html = site::story_preview_html(p);
  if (!html) return app.error(500, "Không dựng được bản xem trước", html.status().message());
  return App::Impl::html(200, std::move(*html));
}

}  // namespace thidua::webapp
