// Bài điển hình: the unit's stories and the editor (GET); the routes under
// /bai-viet/; the site's stylesheet the preview links.
#include "webapp/internal/pages_stories.h"

#include <string_view>

#include "common/parse.h"
#include "photo/photo.h"
#include "sitegen/preview.h"
#include "webapp/internal/http.h"

namespace thidua::webapp {
namespace {

constexpr Words kStates[] = {{"draft", "nháp"},
                             {"submitted", "đã gửi"},
                             {"approved", "đã duyệt"},
                             {"published", "đã đăng"},
                             {"rejected", "bị trả lại"}};
constexpr Words kCategories[] = {
    {"individual", "Cá nhân"}, {"collective", "Tập thể"}, {"business", "Doanh nghiệp"}};

std::string category_words(const std::string& code) { return words_of(kCategories, code); }

Data state_data(const std::string& status) {
  Data d;
  d.set("status", status);
  d.set("status_words", story_state_words(status));
  return d;
}

Data summary_data(const StorySummary& s) {
  Data d = state_data(s.status);
  d.set("href", "/bai-viet/" + percent_encode(s.id));
  d.set("title", s.title.empty() ? "(chưa có tiêu đề)" : s.title);
  d.set("created_on", date_vi(s.created_on));
  if (!s.published_on.empty()) d.set("published_on", date_vi(s.published_on));
  d.set("photo_count", std::to_string(s.photo_count));
  d.set("rejected", flag(s.status == "rejected"));
  d.set("review_note", s.review_note.empty() ? "(tỉnh không ghi lý do)" : s.review_note);
  return d;
}

List photo_list(const StoryView& story) {
  List photos;
  for (const auto& p : story.photos) {
    Data ph;
    ph.set("src", "/anh/" + p.hash);
    ph.set("alt", p.alt);
    ph.set("width", std::to_string(p.width));
    ph.set("height", std::to_string(p.height));
    photos.push_back(ph);
  }
  return photos;
}

void set_errors(Data& d, const StoryForm& f) {
  List summary;
  // In the order of the form, so the summary reads as the page does.
  for (const char* field : {"title", "subject", "category", "body", "photos", "alt"}) {
    auto it = f.errors.find(field);
    if (it == f.errors.end()) continue;
    const std::string& message = it->second;
    Data e;
    e.set("field", field);
    e.set("message", message);
    summary.push_back(e);
    d.set("error_" + std::string(field), message);
  }
  d.set("has_errors", flag(!summary.empty()));
  d.set("errors", summary);
  if (!f.general.empty()) d.set("error_general", f.general);
}

// The story's state, note and actions: what the page around the form says.
void set_story(Data& d, const StoryView& story) {
  d.set("state", state_data(story.status));
  d.set("story_id", story.id);
  d.set("action", "/bai-viet/" + percent_encode(story.id));
  d.set("submit_action", "/bai-viet/" + percent_encode(story.id) + "/gui");
  d.set("rejected", flag(story.status == "rejected"));
  d.set("review_note", story.review_note.empty() ? "(tỉnh không ghi lý do)" : story.review_note);
  const bool read_only = story.status == "approved" || story.status == "published";
  d.set("read_only", flag(read_only));
  if (read_only) d.set("heading", "Bài điển hình");
  d.set("can_submit", flag(story.status == "draft" || story.status == "rejected"));
  d.set("submitted", flag(story.status == "submitted"));
  d.set("has_photos", flag(!story.photos.empty()));
  d.set("photos", photo_list(story));
  if (read_only) {
    Data view;
    view.set("title", story.title);
    view.set("subject", story.subject);
    view.set("category_words", category_words(story.category));
    view.set("body", story.body_md);
    d.set("story_view", view);
  }
}

}  // namespace

std::string story_state_words(const std::string& status) { return words_of(kStates, status); }

bool takes_photos(const std::string& path) {
  constexpr std::string_view kPrefix = "/bai-viet/";
  if (path.rfind(kPrefix, 0) != 0) return false;
  const std::string rest = path.substr(kPrefix.size());
  return !rest.empty() && rest.find('/') == std::string::npos;  // moi, xem-truoc, <id>
}

Response stories_page(App::Impl& app, const Ctx& ctx) {
  constexpr std::size_t kPerPage = 50;
  std::int64_t number = 1;
  if (auto it = ctx.query.find("trang"); it != ctx.query.end()) {
    auto n = parse_int64(it->second);
    if (!n || *n < 1 || *n > 1'000'000) return app.error(400, "Địa chỉ không đúng", "Số trang phải là một số từ 1.");
    number = *n;
  }
  std::lock_guard lock(app.store_mu);
  auto page = unit_stories(*app.store, app.node.unit_id, static_cast<std::size_t>(number - 1) * kPerPage, kPerPage);
  if (!page) return app.error(500, "Không đọc được bài điển hình", page.status().message());
  Data d = app.base_data(ctx, "Bài điển hình", "stories");
  List items;
  for (const auto& s : page->stories) items.push_back(summary_data(s));
  d.set("has_stories", flag(page->total > 0));
  d.set("stories", items);
  const std::size_t pages = (page->total + kPerPage - 1) / kPerPage;
  if (pages > 1) {
    Data pager;
    pager.set("page", std::to_string(number));
    pager.set("pages", std::to_string(pages));
    if (number > 1) pager.set("prev", "/bai-viet?trang=" + std::to_string(number - 1));
    if (static_cast<std::size_t>(number) < pages) pager.set("next", "/bai-viet?trang=" + std::to_string(number + 1));
    d.set("pager", pager);
  }
  return app.page(200, "stories", std::move(d));
}

Response editor_page(App::Impl& app, const Ctx& ctx, int status, const StoryView* story, const StoryForm& f,
                     const std::vector<std::string>& savings, bool saved) {
  Data d = app.base_data(ctx, story ? "Sửa bài điển hình" : "Viết bài mới", "stories");
  d.set("heading", story ? "Sửa bài điển hình" : "Viết bài mới");
  d.set("action", "/bai-viet/moi");
  d.set("has_photos", flag(false));
  if (story) set_story(d, *story);
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"title", &f.title},
                                   {"subject", &f.subject}, {"body", &f.body}, {"alt", &f.alt}}) {
    d.set(key, *value);
  }
  List options;
  if (!story) {  // a new story: the clerk chooses, nothing is assumed
    Data none;
    none.set("code", "");
    none.set("words", "— Chọn loại —");
    none.set("selected", flag(f.category.empty()));
    options.push_back(none);
  }
  for (const auto& c : kCategories) {
    Data o;
    o.set("code", c.code);
    o.set("words", c.words);
    o.set("selected", flag(f.category == c.code));
    options.push_back(o);
  }
  d.set("category_options", options);
  d.set("max_photos", std::to_string(kMaxUploadPhotos));
  d.set("max_photo_mb", std::to_string(kMaxPhotoBytes >> 20));
  d.set("photos_again", flag(!f.photos.empty() && (!f.errors.empty() || !f.general.empty())));
  set_errors(d, f);
  List lines;
  for (const auto& s : savings) lines.push_back(Data(s));
  d.set("saved", flag(saved));
  d.set("savings", lines);
  return app.page(status, "story", std::move(d));
}

std::optional<Response> load_own_story(App::Impl& app, const std::string& id, StoryView* out) {
  auto story = story_view(*app.store, id);
  if (!story && story.status().code() == Status::Code::kNotFound) {
    return app.error(404, "Không tìm thấy bài", "Không có bài điển hình này trên máy. Không có gì thay đổi.");
  }
  if (!story) return app.error(500, "Không đọc được bài", story.status().message());
  if (story->unit_id != app.node.unit_id) {
    return app.error(403, "Bài của đơn vị khác",
                     "Bài này do đơn vị khác viết; chỉ đơn vị đó được xem, sửa hay gửi. Không có gì thay đổi.");
  }
  *out = std::move(*story);
  return std::nullopt;
}

Response story_route(App::Impl& app, const Ctx& ctx, const std::string& rest) {
  const std::string& method = ctx.req.method;
  const bool get = method == "GET" || method == "HEAD", post = method == "POST";
  auto refuse_method = [&](const char* allow) {
    Response r = app.error(405, "Không dùng được cách gửi này",
                           "Trang này không nhận yêu cầu kiểu đó. Hãy mở lại trang từ thanh điều hướng.");
    r.headers.emplace_back("Allow", allow);
    return r;
  };
  if (rest == "moi") return get ? editor_page(app, ctx, 200, nullptr, {}, {}, false)
                          : post ? story_create(app, ctx) : refuse_method("GET, POST");
  if (rest == "xem-truoc") return post ? story_preview(app, ctx) : refuse_method("POST");
  const auto slash = rest.find('/');
  auto id = percent_decode(rest.substr(0, slash), false);
  const std::string tail = slash == std::string::npos ? "" : rest.substr(slash);
  if (!id || id->empty() || (!tail.empty() && tail != "/gui")) {
    return app.error(404, "Không tìm thấy trang", "Địa chỉ này không dẫn tới bài điển hình nào.");
  }
  if (tail == "/gui") return post ? story_send(app, ctx, *id) : refuse_method("POST");
  if (post) return story_update(app, ctx, *id);
  if (!get) return refuse_method("GET, POST");
  std::lock_guard lock(app.store_mu);
  StoryView story;
  if (auto refusal = load_own_story(app, *id, &story)) return std::move(*refusal);
  StoryForm f{story.title, story.subject, story.category, story.body_md, "", {}, {}, ""};
  std::vector<std::string> savings;
  if (auto it = ctx.query.find("anh"); it != ctx.query.end()) {
    std::string_view lines = it->second;
    while (!lines.empty() && savings.size() < kMaxUploadPhotos) {  // bounded: one line a photo
      const auto nl = lines.find('\n');
      const std::string_view line = lines.substr(0, nl);
      if (line.size() <= 400) savings.emplace_back(line);
      lines = nl == std::string_view::npos ? std::string_view() : lines.substr(nl + 1);
    }
  }
  return editor_page(app, ctx, 200, &story, f, savings, ctx.query.count("da-luu") > 0);
}

Response site_asset(App::Impl& app, const Ctx&, const std::string& path) {
  auto asset = site::preview_asset(path);
  if (!asset) {
    return app.error(404, "Trang công khai không có trong ứng dụng",
                     "Bản xem trước chỉ cho thấy bài viết; các trang khác của trang công khai chỉ có trên "
                     "trang công khai sau khi tỉnh đăng bài.");
  }
  Response r;
  r.body = std::move(asset->body);
  r.headers.emplace_back("Content-Type", asset->content_type);
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace thidua::webapp
