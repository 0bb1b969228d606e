// Exemplary stories ("điển hình tiên tiến"): written by a unit with photos,
// submitted to the province, reviewed there (records/review.h).
//
// Status flow: draft -> submitted -> approved -> published, with rejected
// reachable from submitted and approved and left again by submitting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

inline constexpr const char* kStoryCategories[] = {"individual", "collective", "business"};

struct NewStory {
  std::string title;
  std::string subject;                   // the person, collective or business the story is about
  std::string category;                  // one of kStoryCategories
  std::string body_md;                   // Markdown
  std::vector<std::string> photo_paths;  // image files, in the order shown
  std::string alt;                       // the photos' alt text; empty = the title
  std::string today;                     // created_on "YYYY-MM-DD"; empty = today (in Vietnam)
};

// Creates a draft story of this node's unit and returns its new random id.
// Each photo file is read (at most kMaxPhotoBytes), must be a JPEG, PNG or
// WebP image, is stored once by its SHA-256 (queued for upload) and gets a
// story_photos row; the first photo is the cover. All in one transaction:
// kInvalid for an empty title, subject or body, a category outside its
// set, or a photo that is missing, too large or not an image, and then
// nothing is written.
Result<std::string> add_story(Store& store, const NewStory& story);

struct StoryEdit {
  std::string id;
  std::optional<std::string> title, subject, category, body_md;  // absent = unchanged
  std::vector<std::string> photo_paths;                          // added after the story's photos
  std::string alt;  // alt of added photos; empty = the title
};

// Changes a story of this node's unit. kNotFound for an unknown id;
// kInvalid for another unit's story, nothing to change, or a bad value (as
// add_story); kConflict when a district edits a story the province has
// approved or published (the province must reject it first).
Status edit_story(Store& store, const StoryEdit& edit);

// Sends a draft or rejected story of this node's unit to the province
// (status submitted). kNotFound for an unknown id, kInvalid for another
// unit's story, kConflict naming the current status otherwise.
Status submit_story(Store& store, const std::string& id);

}  // namespace thidua
