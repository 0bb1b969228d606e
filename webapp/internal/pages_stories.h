// Internal to webapp/: the "Bài điển hình" pages (pages_stories.cc: the
// list and the editor; pages_stories_post.cc: saving, sending, the preview)
// and the public site's stylesheet that the preview links (sitegen/preview.h).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "records/stories.h"
#include "records/story_views.h"
#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// Whether `path` (as sent) is a page whose form sends photos, the only
// place a multipart/form-data body is accepted (App checks it first).
bool takes_photos(const std::string& path);

// GET /bai-viet: the unit's stories.
Response stories_page(App::Impl& app, const Ctx& ctx);
// Everything under /bai-viet/: `rest` is the path after it, as sent
// ("moi", "xem-truoc", "<id>", "<id>/gui").
Response story_route(App::Impl& app, const Ctx& ctx, const std::string& rest);
// GET /giao-dien/<path>: the site theme's stylesheet a preview page links;
// a plain 404 for the site's other pages (a preview's links lead nowhere).
Response site_asset(App::Impl& app, const Ctx& ctx, const std::string& path);

// The editor's fields as the clerk sent them, with each field's error.
struct StoryForm {
  std::string title, subject, category, body, alt;
  std::vector<PickedPhoto> photos;            // the files picked, checked
  std::map<std::string, std::string> errors;  // field name -> what to do
  std::string general;                        // a refusal of records/ not tied to a field
};

// The editor page (pages_stories.cc): `story` is null for a new story;
// `savings`, the sentences of what downscaling saved (after a save).
Response editor_page(App::Impl& app, const Ctx& ctx, int status, const StoryView* story, const StoryForm& form,
                     const std::vector<std::string>& savings, bool saved);
// The clerk's words for a story state ("nháp") and a category ("Cá nhân").
std::string story_state_words(const std::string& status);

// pages_stories_post.cc.
Response story_create(App::Impl& app, const Ctx& ctx);
Response story_update(App::Impl& app, const Ctx& ctx, const std::string& id);
Response story_send(App::Impl& app, const Ctx& ctx, const std::string& id);
Response story_preview(App::Impl& app, const Ctx& ctx);
// Reads the story `id` of this node's unit into `out`; else the error page
// to answer with (404 unknown, 403 another unit's). Under app.store_mu.
std::optional<Response> load_own_story(App::Impl& app, const std::string& id, StoryView* out);

}  // namespace thidua::webapp
