#include "records/story_views.h"

#include <algorithm>
#include <map>
#include <utility>

#include "records/internal/checks.h"

namespace thidua {

using namespace records_internal;

Result<StoryPage> unit_stories(Store& store, const std::string& unit_id, std::size_t offset, std::size_t limit) {
  // Ids and versions first, the shown page's columns after: a unit of
  // thousands of stories costs a sort of its ids, not a row each, and only
  // its own stories' cells are read (issue 12's 50 ms).
  std::vector<std::pair<std::int64_t, std::string>> order;  // (-version, id)
  THIDUA_ASSIGN_OR_RETURN(auto found, store.row_versions_where("stories", "unit_id", Value(unit_id)));
  order.reserve(found.size());
  for (auto& [id, version] : found) order.emplace_back(-version, std::move(id));
  std::sort(order.begin(), order.end());
  StoryPage page;
  page.total = order.size();
  std::vector<std::string> ids;
  std::map<std::string, std::int64_t> versions;  // of the shown ones
  for (std::size_t k = offset; k < order.size() && k - offset < limit; ++k) {
    ids.push_back(order[k].second);
    versions.emplace(order[k].second, -order[k].first);
  }
  if (ids.empty()) return page;
  THIDUA_ASSIGN_OR_RETURN(auto rows, store.rows_where("stories", "id", ids,
                                                      {"title", "status", "review_note", "created_on", "published_on"}));
  std::map<std::string, std::int64_t> photos;
  THIDUA_RETURN_IF_ERROR(store.each_where("story_photos", "story_id", ids, {"story_id"}, [&](std::vector<Value>& cells) {
    if (const auto* s = std::get_if<std::string>(&cells[0])) ++photos[*s];
  }));
  std::map<std::string, const Row*> by_id;
  for (const Row& r : rows) by_id[text_of(r, "id")] = &r;
  for (const std::string& id : ids) {
    auto found = by_id.find(id);
    if (found == by_id.end()) continue;
    const Row& r = *found->second;
    StorySummary s;
    s.id = id;
    s.title = text_of(r, "title");
    s.status = text_of(r, "status");
    s.review_note = text_of(r, "review_note");
    s.created_on = text_of(r, "created_on");
    s.published_on = text_of(r, "published_on");
    if (auto it = versions.find(id); it != versions.end()) s.version = it->second;
    if (auto it = photos.find(id); it != photos.end()) s.photo_count = it->second;
    page.stories.push_back(std::move(s));
  }
  return page;
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
