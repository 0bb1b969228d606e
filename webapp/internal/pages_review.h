// Internal to webapp/: the photo route (pages_photos.cc) and the
// province's review pages (pages_review.cc).
#pragma once

#include <string>

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// GET /anh/<hash>: the photo with that SHA-256 from the node's own copy,
// typed by what its bytes are and cached as immutable (the name is the
// content); the 404 page for a malformed hash or one this copy does not
// hold (yet). `hash` is the path segment as sent.
Response photo_file(App::Impl& app, const std::string& hash);

}  // namespace thidua::webapp
