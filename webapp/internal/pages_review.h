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

// Chờ duyệt, a province node's only (a district gets the 403 page):
// GET /cho-duyet, the queue (?da=<code> adds the confirmation of the
// decision just made); GET and POST /cho-duyet/bai-viet/<id> and
// /cho-duyet/de-nghi/<id>, one story or nomination and its decisions
// (form fields `action`, `note`). `id` is the path segment, decoded.
Response review_queue_page(App::Impl& app, const Ctx& ctx);
// /cho-duyet/<rest>: bai-viet/<id> or de-nghi/<id> (percent-encoded) to
// the handlers below by method; the 404 page for any other address.
Response review_route(App::Impl& app, const Ctx& ctx, const std::string& rest);
Response review_story_page(App::Impl& app, const Ctx& ctx, const std::string& id);
Response review_story_submit(App::Impl& app, const Ctx& ctx, const std::string& id);
Response review_nomination_page(App::Impl& app, const Ctx& ctx, const std::string& id);
Response review_nomination_submit(App::Impl& app, const Ctx& ctx, const std::string& id);

}  // namespace thidua::webapp
