// A full year of the commendation cycle in a central database (issue 13's
// test fixture): Hà Giang's 2021 plan from content/, progress reports of
// every kind (done by all, by some, blocked, by a unit not named), stories
// published in each quarter and some never published, five award kinds,
// four council sessions, nominations in every state and of the four
// nominee kinds, dossier documents, a decision for every approved
// nomination, two forwarded to the centre (one conferred, one declined).
// Rows are written directly with Store: the nomination path's records API
// is built elsewhere, and what a report reads is the rows.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace thidua::testing {

// Creates the database at `path` (which must not exist) and fills it.
void make_full_year(const std::string& path, const std::string& content_dir);

// Values the tests look for.
inline constexpr const char* kHostileNominee = "Công ty <b>Sơn Hà</b> & \"Đồng Văn\"";
inline constexpr const char* kHostileTitle = "<script>alert(1)</script>Bà Lò & con";

}  // namespace thidua::testing
