// Exemplary stories ("điển hình tiên tiến"): written by a unit with photos,
// submitted to the province, reviewed there (records/review.h).
//
// Status flow: draft -> submitted -> approved -> published, with rejected
// reachable from submitted and approved and left again by submitting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

inline constexpr const char* kStoryCategories[] = {"individual", "collective", "business"};

// A photo picked in the web app: its bytes as uploaded, and the file name
// the clerk chose (for messages only).
struct PickedPhoto {
  std::string name;
  std::string bytes;
};

// What downscaling one photo saved: the clerk sees "đã giảm từ 4,2 MB
// xuống 310 kB" (saving_text).
struct PhotoSaving {
  std::string name;                 // the path or name the clerk picked
  std::string hash;                 // the stored photo's SHA-256 (story_photos.blob_hash)
  std::int64_t original_bytes = 0;  // as picked
  std::int64_t stored_bytes = 0;    // as stored and sent
  std::int64_t width = 0, height = 0;  // as stored
  std::string original_file;        // where the original is kept; "" when the same bytes are stored
};

// "đã giảm từ 4,2 MB xuống 310 kB", or "giữ nguyên 310 kB" when the photo
// was stored as picked (decimal units, Vietnamese decimal comma).
std::string saving_text(const PhotoSaving& saving);

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
// Each photo (file or upload) is read (at most kMaxPhotoBytes), must be a
// JPEG, PNG or WebP image, is downscaled (photo/downscale.h: at most 1600
// px, upright, metadata stripped), stored once by the downscaled photo's
// SHA-256 (queued for upload) and gets a story_photos row; the first photo
// is the cover. The original, when it differs, is kept beside the database
// as `<db>.originals/<stored hash>.<ext>`, never in it (never sent,
// exported or synced). All in one transaction: kInvalid for an empty
// title, subject or body, a category outside its set, or a photo that is
// missing, too large, not an image or damaged, and then nothing is
// written (nor kept). `saved`, when given, receives one PhotoSaving per
// photo, in order.
Result<std::string> add_story(Store& store, const NewStory& story,
                              std::vector<PhotoSaving>* saved = nullptr);
// The same with photos uploaded in the web app, after story.photo_paths'.
Result<std::string> add_story(Store& store, const NewStory& story, const std::vector<PickedPhoto>& uploads,
                              std::vector<PhotoSaving>* saved = nullptr);

struct StoryEdit {
  std::string id;
  std::optional<std::string> title, subject, category, body_md;  // absent = unchanged
  std::vector<std::string> photo_paths;                          // added after the story's photos
  std::string alt;  // alt of added photos; empty = the title

};

// Changes a story of this node's unit. kNotFound for an unknown id;
// kInvalid for another unit's story, nothing to change, or a bad value (as
// add_story); kConflict when a district edits a story the province has
// approved or published (the province must reject it first). Added photos
// are downscaled and their originals kept as by add_story; `saved`, when
// given, receives one PhotoSaving per added photo.
Status edit_story(Store& store, const StoryEdit& edit, std::vector<PhotoSaving>* saved = nullptr);
// The same with photos uploaded in the web app, after edit.photo_paths'.
Status edit_story(Store& store, const StoryEdit& edit, const std::vector<PickedPhoto>& uploads,
                  std::vector<PhotoSaving>* saved = nullptr);

// Sends a draft or rejected story of this node's unit to the province
// (status submitted). kNotFound for an unknown id, kInvalid for another
// unit's story, kConflict naming the current status otherwise.
Status submit_story(Store& store, const std::string& id);

}  // namespace thidua
