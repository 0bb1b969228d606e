// Internal to webapp/: the handlers of the "Xung đột" pages (every node),
// pages_conflicts.cc.
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

}  // namespace thidua::webapp
