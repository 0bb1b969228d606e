// Internal to webapp/: the handlers of the "Xung đột" pages (every node)
// and of the province's "Tiến độ" (pages_conflicts.cc, pages_progress.cc).
#pragma once

#include <cstdint>
#include <string>

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// GET /xung-dot: the open conflicts, oldest first, both values side by side.
Response conflicts_page(App::Impl& app, const Ctx& ctx);
// POST /xung-dot/<id>: `keep` = mine | theirs | current | lost | merged
// (with `merged`). `id_text` is the path segment as sent (404 unless a
// number naming an open conflict).
Response conflict_settle(App::Impl& app, const Ctx& ctx, const std::string& id_text);

// GET /tien-do?nam=YYYY&quy=N: the quarter's tasks against the units named
// for them (403 on a district node; 400 for a bad year or quarter).
Response progress_page(App::Impl& app, const Ctx& ctx);
// GET /tien-do/<task>/<unit>: that unit's report on the task, read-only.
// `rest` is the path after "/tien-do/", percent-encoded as sent.
Response progress_history(App::Impl& app, const Ctx& ctx, const std::string& rest);
// POST /tien-do/<task>/<unit>: publishes the unit's note, as the form's
// `cong-bo` gives it (the unit's text or the province's correction; empty
// takes it off), for the public site (records/progress.h,
// publish_progress_note). Back to the report, or the report with the
// refusal in words.
Response progress_publish_note(App::Impl& app, const Ctx& ctx, const std::string& rest);

}  // namespace thidua::webapp
