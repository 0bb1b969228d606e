// Internal to webapp/: Đề nghị khen thưởng, the unit's nominations
// (pages_noms.cc, templates noms.mustache and nom.mustache).
//
//   GET  /de-nghi            the unit's nominations, newest first
//   GET  /de-nghi/moi        the form; POST submits it (records' nominate)
//   GET  /de-nghi/<id>       edit form, or read-only once decided; POST saves
//   POST /de-nghi/<id>/gui   resubmits a rejected one
#pragma once

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// The answer to any path under /de-nghi (the caller checked the prefix);
// a Vietnamese 404 or 405 for what is not one of the routes above.
Response route_noms(App::Impl& app, const Ctx& ctx);

}  // namespace thidua::webapp
