// The council's sessions (phiên họp Hội đồng TĐKT tỉnh), kept by the
// province: planned for a quarter of a plan year, then held on a date.
// Nominations are put on a session's agenda (records/commendation.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

struct NewCouncilSession {
  int year = 0;                        // the plan year, 1945..9999
  int quarter = 0;                     // 1..4
  std::string title;                   // "Phiên họp Hội đồng TĐKT tỉnh Quý II/2021"
  std::string place;                   // may be empty
  std::optional<std::string> held_on;  // the date planned, "YYYY-MM-DD"; see session_date_fits
};

// Whether a session of `year`'s plan, quarter `quarter`, may meet on `date`
// ("YYYY-MM-DD"): a day of `year`, or for quarter IV up to 31 March of the
// next year (the year's closing session often meets in the new year). A
// date of another year is a slip of the keyboard, and would file the
// session's decisions under the wrong year.
bool session_date_fits(int year, int quarter, const std::string& date);

// Records a planned session and returns its new random id. kInvalid when
// this node is not the province's, for a year or quarter out of range, an
// empty title, text that is not UTF-8, a date that is not one or that
// session_date_fits refuses; nothing is written then.
Result<std::string> add_council_session(Store& store, const NewCouncilSession& session);

// Marks a session held on `held_on` ("YYYY-MM-DD", not after `today`;
// `today` empty = today in Vietnam). kInvalid when this node is not the
// province's, for a bad date or one session_date_fits refuses; kNotFound for an unknown id;
// kConflict when it is already held. Nothing is written on failure.
Status hold_council_session(Store& store, const std::string& id, const std::string& held_on,
                            const std::string& today = {});

struct CouncilSession {
  std::string id;
  int year = 0;
  int quarter = 0;
  std::string title, place;
  std::string held_on;  // "" when not set
  std::string status;   // "planned" or "held"
  int nominations = 0;  // on its agenda in this copy
};

// The sessions of `year` (every year when 0), by year, quarter, date (unset
// last) and id. Any node may read them (districts receive them as reference
// data).
Result<std::vector<CouncilSession>> list_council_sessions(Store& store, int year = 0);

}  // namespace thidua
