#include "records/story_views.h"

#include <algorithm>
#include <map>
#include <utility>

#include "records/internal/checks.h"

namespace thidua {

using namespace records_internal;

namespace {

std::int64_t int_of(const Row& row, const std::string& column) {
  auto it = row.find(column);
  if (it == row.end()) return 0;
  const auto* i = std::get_if<std::int64_t>(&it->second);
  return i ? *i : 0;
}

}  // namespace

Result<std::vector<StorySummary>> unit_stories(Store& store, const std::string& unit_id) {
  THIDUA_ASSIGN_OR_RETURN(
      auto rows, store.rows_where("stories", "unit_id", {unit_id},
                                  {"title", "status", "review_note", "created_on", "published_on"}));
  THIDUA_ASSIGN_OR_RETURN(auto versions, store.row_versions("stories"));
  std::vector<std::string> ids;
  for (const Row& r : rows) ids.push_back(text_of(r, "id"));
  std::map<std::string, std::int64_t> photos;
  if (!ids.empty()) {
    THIDUA_RETURN_IF_ERROR(store.each_where("story_photos", "story_id", ids, {"story_id"},
                                            [&](std::vector<Value>& cells) {
                                              if (const auto* s = std::get_if<std::string>(&cells[0])) ++photos[*s];
                                            }));
  }
  std::vector<StorySummary> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    StorySummary s;
    s.id = text_of(r, "id");
    s.title = text_of(r, "title");
    s.status = text_of(r, "status");
    s.review_note = text_of(r, "review_note");
    s.created_on = text_of(r, "created_on");
    s.published_on = text_of(r, "published_on");
    if (auto it = photos.find(s.id); it != photos.end()) s.photo_count = it->second;
    if (auto it = versions.find(s.id); it != versions.end()) s.version = it->second;
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const StorySummary& a, const StorySummary& b) {
    return a.version != b.version ? a.version > b.version : a.id < b.id;
  });
  return out;
}

Result<StoryView> story_view(Store& store, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "stories", id, "bài điển hình"));
  StoryView v;
  v.id = id;
  const std::pair<std::string*, const char*> columns[] = {
      {&v.unit_id, "unit_id"},         {&v.title, "title"},
      {&v.subject, "subject"},         {&v.category, "category"},
      {&v.body_md, "body_md"},         {&v.status, "status"},
      {&v.review_note, "review_note"}, {&v.created_on, "created_on"},
      {&v.published_on, "published_on"}};
  for (const auto& [field, column] : columns) *field = text_of(row, column);
  THIDUA_ASSIGN_OR_RETURN(auto photos, store.rows_where("story_photos", "story_id", {id}));
  for (const Row& p : photos) {
    StoryPhotoView ph;
    ph.hash = text_of(p, "blob_hash");
    ph.alt = text_of(p, "alt");
    ph.ordinal = int_of(p, "ordinal");
    THIDUA_ASSIGN_OR_RETURN(auto info, store.blob_info(ph.hash));
    if (info) {
      ph.mime = info->mime;
      ph.width = info->width.value_or(0);
      ph.height = info->height.value_or(0);
    }
    v.photos.push_back(std::move(ph));
  }
  std::stable_sort(v.photos.begin(), v.photos.end(),
                   [](const StoryPhotoView& a, const StoryPhotoView& b) { return a.ordinal < b.ordinal; });
  return v;
}

}  // namespace thidua
