// Reading photo files for stories. Internal to records/.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "photo/photo.h"
#include "store/store.h"

namespace thidua::records_internal {

struct PhotoFile {
  std::string path;
  std::string bytes;
  BlobInfo info;  // hash, mime, size, width, height
};

// Reads and checks every file before anything is written: kInvalid naming
// the file when it is missing, unreadable, larger than kMaxPhotoBytes or
// not a JPEG, PNG or WebP image.
Result<std::vector<PhotoFile>> read_photos(const std::vector<std::string>& paths);

// Stores each photo (once per hash, queued for upload) and adds a
// story_photos row for it, ordinals from `first_ordinal`. Call inside the
// story's transaction.
Status attach_photos(Store& store, const std::string& story_id,
                     const std::vector<PhotoFile>& photos, const std::string& alt,
                     std::int64_t first_ordinal);

}  // namespace thidua::records_internal
