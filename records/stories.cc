#include "records/stories.h"

#include <algorithm>

#include "records/internal/checks.h"
#include "records/node.h"
#include "records/internal/photo_files.h"

namespace thidua {

using namespace records_internal;

namespace {

Status check_story_fields(const std::optional<std::string>& title,
                          const std::optional<std::string>& subject,
                          const std::optional<std::string>& category,
                          const std::optional<std::string>& body_md, const std::string& alt) {
  if (title) THIDUA_RETURN_IF_ERROR(check_text("tiêu đề", *title, true));
  if (subject) {
    THIDUA_RETURN_IF_ERROR(
        check_text("đối tượng (người, tập thể hoặc doanh nghiệp)", *subject, true));
  }
  if (category) THIDUA_RETURN_IF_ERROR(check_one_of("loại điển hình", *category, kStoryCategories));
  if (body_md) THIDUA_RETURN_IF_ERROR(check_text("nội dung bài", *body_md, true));
  return check_text("chú thích ảnh", alt, false);
}

// The story, refused unless it belongs to this node's unit.
Result<Row> own_story(Store& store, const NodeIdentity& node, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(Row story, require_row(store, "stories", id, "bài điển hình"));
  const std::string unit = text_of(story, "unit_id");
  if (unit != node.unit_id) {
    return Status::invalid("bài " + id + " là của đơn vị " + unit +
                           "; chỉ đơn vị đó được sửa hoặc gửi bài");
  }
  return story;
}

// One past the highest ordinal of the story's photos (1 when none).
Result<std::int64_t> next_photo_ordinal(Store& store, const std::string& story_id) {
  auto photos = store.rows("story_photos");
  if (!photos) return photos.status();
  std::int64_t next = 1;
  for (const Row& p : *photos) {
    if (text_of(p, "story_id") != story_id) continue;
    auto ordinal = p.find("ordinal");
    if (ordinal == p.end()) continue;
    if (const auto* n = std::get_if<std::int64_t>(&ordinal->second)) next = std::max(next, *n + 1);
  }
  return next;
}

}  // namespace

Result<std::string> add_story(Store& store, const NewStory& s, std::vector<PhotoSaving>* saved) {
  return add_story(store, s, {}, saved);
}

Result<std::string> add_story(Store& store, const NewStory& s, const std::vector<PickedPhoto>& uploads,
                              std::vector<PhotoSaving>* saved) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  THIDUA_RETURN_IF_ERROR(check_story_fields(s.title, s.subject, s.category, s.body_md, s.alt));
  THIDUA_ASSIGN_OR_RETURN(auto photos, read_photos(s.photo_paths, uploads));
  // Originals first: a story never points at a photo whose original is
  // lost; they are removed again when the transaction fails.
  THIDUA_ASSIGN_OR_RETURN(auto kept, keep_originals(store, photos));

  const std::string id = new_row_id();
  Status written = store.transaction([&]() -> Status {
    THIDUA_RETURN_IF_ERROR(require_unit(store, node.unit_id));
    Row row{{"id", id},
            {"unit_id", node.unit_id},
            {"title", s.title},
            {"subject", s.subject},
            {"category", s.category},
            {"body_md", s.body_md},
            {"status", std::string("draft")},
            {"created_on", date_or_today(s.today)}};
    if (!photos.empty()) row["cover_hash"] = photos.front().info.hash;
    THIDUA_RETURN_IF_ERROR(store.write("stories", row));
    return attach_photos(store, id, photos, s.alt.empty() ? s.title : s.alt, 1);
  });
  if (!written.is_ok()) {
    undo_originals(kept);
    return written;
  }
  if (saved) *saved = savings_of(photos, store);
  return id;
}

Status edit_story(Store& store, const StoryEdit& e, std::vector<PhotoSaving>* saved) {
  return edit_story(store, e, {}, saved);
}

Status edit_story(Store& store, const StoryEdit& e, const std::vector<PickedPhoto>& uploads,
                  std::vector<PhotoSaving>* saved) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  if (!e.title && !e.subject && !e.category && !e.body_md && e.photo_paths.empty() && uploads.empty()) {
    return Status::invalid(
        "không có gì để sửa: hãy nêu tiêu đề, đối tượng, loại, nội dung hoặc ảnh mới");
  }
  THIDUA_RETURN_IF_ERROR(check_story_fields(e.title, e.subject, e.category, e.body_md, e.alt));
  THIDUA_ASSIGN_OR_RETURN(auto photos, read_photos(e.photo_paths, uploads));
  THIDUA_ASSIGN_OR_RETURN(auto kept, keep_originals(store, photos));

  Status written = store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row story, own_story(store, node, e.id));
    const std::string status = text_of(story, "status");
    if (!node.is_province() && (status == "approved" || status == "published")) {
      return Status::conflict("bài " + e.id + " đang ở trạng thái " + status_label(status) +
                              "; muốn sửa, hãy đề nghị cấp tỉnh trả lại bài");
    }
    Row row{{"id", e.id}};
    if (e.title) row["title"] = *e.title;
    if (e.subject) row["subject"] = *e.subject;
    if (e.category) row["category"] = *e.category;
    if (e.body_md) row["body_md"] = *e.body_md;
    if (!photos.empty() && text_of(story, "cover_hash").empty())
      row["cover_hash"] = photos.front().info.hash;
    THIDUA_RETURN_IF_ERROR(store.write("stories", row));
    if (photos.empty()) return Status::ok();
    THIDUA_ASSIGN_OR_RETURN(std::int64_t ordinal, next_photo_ordinal(store, e.id));
    const std::string alt = !e.alt.empty() ? e.alt : e.title ? *e.title : text_of(story, "title");
    return attach_photos(store, e.id, photos, alt, ordinal);
  });
  if (!written.is_ok()) {
    undo_originals(kept);
    return written;
  }
  if (saved) *saved = savings_of(photos, store);
  return Status::ok();
}

Status submit_story(Store& store, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row story, own_story(store, node, id));
    const std::string status = text_of(story, "status");
    if (status != "draft" && status != "rejected") {
      return Status::conflict("bài " + id + " đang ở trạng thái " + status_label(status) +
                              "; chỉ gửi được bài nháp (draft) hoặc bài bị trả lại (rejected)");
    }
    return store.write("stories", {{"id", id}, {"status", std::string("submitted")}});
  });
}

}  // namespace thidua
