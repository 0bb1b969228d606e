// Photos as this node's copy holds them, for the office web app to show
// (`/anh/<hash>`): a photo is named by its SHA-256 only, so what is served
// under a name never changes.
#pragma once

#include <string>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

struct LocalPhoto {
  std::string mime;   // "image/jpeg", "image/png" or "image/webp", from the bytes themselves
  std::string bytes;  // exactly the photo whose SHA-256 was asked for
};

// The photo with SHA-256 `hash` from this node's own copy. kInvalid for a
// `hash` that is not 64 lowercase hex digits; kNotFound when this copy does
// not hold it (never taken here, or not fetched yet: a province node
// fetches the photos it reviews at its syncs); kCorrupt when the stored
// bytes are not the photo the hash names or are not a JPEG, PNG or WebP
// image (sniffed: the stored mime is not trusted, the browser is told what
// the bytes are). Reads only.
Result<LocalPhoto> local_photo(Store& store, const std::string& hash);

// Whether this copy holds the bytes of photo `hash` (false for a malformed
// hash). Cheap: no bytes are read.
Result<bool> photo_present(Store& store, const std::string& hash);

}  // namespace thidua
