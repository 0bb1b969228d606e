// A unit's stories as its clerk sees them in the office web app: the list
// (with the state and the province's note) and one story with its photos.
// The read side of records/stories.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

struct StorySummary {
  std::string id, title, status, review_note;  // status: draft, submitted, rejected, approved, published
  std::string created_on, published_on;        // "YYYY-MM-DD", "" when not set
  std::int64_t photo_count = 0;
  std::int64_t version = 0;  // feed number of the row's latest change (larger: changed later)
};

struct StoryPage {
  std::vector<StorySummary> stories;  // at most `limit`
  std::size_t total = 0;              // the unit's stories, all pages
};

// The stories of `unit_id`, the one changed last first (then by id), from
// the `offset`th, at most `limit` of them: a unit may have thousands, and
// only the shown ones have their photos counted.
Result<StoryPage> unit_stories(Store& store, const std::string& unit_id, std::size_t offset = 0,
                               std::size_t limit = 50);

struct StoryPhotoView {
  std::string hash, alt, mime;  // mime "" when the photo's bytes are not on this node
  std::int64_t width = 0, height = 0, ordinal = 0;
};

struct StoryView {
  std::string id, unit_id, title, subject, category, body_md, status, review_note;
  std::string created_on, published_on;
  std::vector<StoryPhotoView> photos;  // by ordinal
};

// One story, whoever wrote it (the caller decides who may see it).
// kNotFound "không có bài điển hình <id>" for an unknown id.
Result<StoryView> story_view(Store& store, const std::string& id);

}  // namespace thidua
