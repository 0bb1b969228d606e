// Picked photos for stories: read, downscaled, their originals kept beside
// the database. Internal to records/.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "photo/photo.h"
#include "records/stories.h"
#include "store/store.h"

namespace thidua::records_internal {

struct PhotoFile {
  std::string name;      // the path or name the clerk picked, for messages
  std::string original;  // the bytes as picked
  std::string bytes;     // downscaled: what is stored and sent
  BlobInfo info;         // of `bytes`: hash, mime, size, width, height
};

// Reads, checks and downscales (photo/downscale.h) every picked photo
// before anything is written: the files of `paths`, then `picked`. kInvalid
// naming the file when it is missing, unreadable, larger than
// kMaxPhotoBytes, not a JPEG, PNG or WebP image, or damaged.
Result<std::vector<PhotoFile>> read_photos(const std::vector<std::string>& paths,
                                           const std::vector<PickedPhoto>& picked);

// Keeps each photo's original, when it differs from what is stored, as
// `<database>.originals/<stored hash>.<jpg|png|webp>` (never in the
// database: it is never sent, exported or synced). Nothing is kept for a
// database in memory. Returns the files it created (for undo_originals
// when the story's transaction fails); kIo when one cannot be written.
Result<std::vector<std::string>> keep_originals(const Store& store, const std::vector<PhotoFile>& photos);
void undo_originals(const std::vector<std::string>& created);

// Stores each photo (once per hash, queued for upload) and adds a
// story_photos row for it, ordinals from `first_ordinal`. Call inside the
// story's transaction.
Status attach_photos(Store& store, const std::string& story_id,
                     const std::vector<PhotoFile>& photos, const std::string& alt,
                     std::int64_t first_ordinal);

// What each photo saved, for the caller of add_story or edit_story.
std::vector<PhotoSaving> savings_of(const std::vector<PhotoFile>& photos, const Store& store);

}  // namespace thidua::records_internal
