// Internal to webapp/: the province's Hội đồng pages (pages_council.cc),
// the council's sessions and their agenda (records/council.h,
// records/council_agenda.h, schedule_nomination of records/commendation.h).
#pragma once

#include <string>

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// True for /hoi-dong and the addresses under it.
bool is_council_route(const std::string& path);

// A district node gets the 403 page.
//   GET /hoi-dong?nam=YYYY: the year's sessions, each with its agenda, and
//     the forms below (?da=<code> adds the confirmation of the step just
//     taken).
//   POST /hoi-dong/them (title, quarter, place, held_on): a planned session.
//   POST /hoi-dong/<id>/da-hop (held_on): the session held on that date.
//   POST /hoi-dong/xep-lich (nomination, session): an appraised nomination
//     on that session's agenda.
// Each POST goes back to the year's page (PRG), or renders it again with
// the error beside its field and what was typed kept.
Response route_council(App::Impl& app, const Ctx& ctx);

}  // namespace thidua::webapp
