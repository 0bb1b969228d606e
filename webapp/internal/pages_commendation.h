// Internal to webapp/: the steps after the council's approval on the
// province's nomination page (pages_commendation.cc, issue 13): the
// province's decision, the forwarding of a state-level one to the centre
// and the centre's result (records/commendation.h). Only the form the
// nomination's state allows is shown.
#pragma once

#include <map>
#include <string>

#include "records/review_queue.h"
#include "webapp/internal/app_impl.h"
#include "webapp/internal/render.h"

namespace thidua::webapp {

// A step's form as sent back after a refusal: what was typed and the
// reason beside each field (`general`: records/' refusal of the whole).
struct PathForm {
  std::string step;  // "quyet-dinh", "trinh" or "ket-qua"; "" for none sent
  std::map<std::string, std::string> values, errors;
  std::string general;
};

// Sets on the nomination page's data the facts of the path (the session
// whose agenda holds it, signing level, forwarding date, the centre's
// result), `has_path_forms` and the form of each step the state allows.
// The caller holds store_mu.
void set_path_forms(App::Impl& app, Data& d, const NominationForReview& n, const PathForm& f);

// The confirmation of a step just taken, by the code the redirect carries
// (?da=quyet-dinh, trinh, ket-qua); "" for any other.
std::string path_done_words(const std::string& code);

// True for POST targets /cho-duyet/de-nghi/<id>/(quyet-dinh|trinh|ket-qua).
bool is_path_route(const std::string& path);

// POST only; a district node gets the 403 page. Back to the nomination's
// page with ?da=<step> (PRG), or the page again with the errors, 409 when
// the state no longer allows the step.
Response route_path(App::Impl& app, const Ctx& ctx);

// The nomination's review page with `f` (pages_review.cc). The caller holds
// store_mu.
Response review_nomination_again(App::Impl& app, const Ctx& ctx, int status, const std::string& id,
                                 const PathForm& f);

}  // namespace thidua::webapp
