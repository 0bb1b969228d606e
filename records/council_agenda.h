// The council's agenda as the province's Hội đồng page shows it (issue 13):
// the nominations on a session's agenda and the appraised ones that may be
// put on one (records/commendation.h, schedule_nomination). Reads only.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

struct AgendaNomination {
  std::string id, nominee, nominee_kind;
  std::string unit_id, unit_name;  // unit_name: the unit's name, its id when the row lacks one
  std::string award_kind, award;   // the kind's id ("" for none) and the award as the unit wrote it
  std::string status;              // appraised, approved, rejected, forwarded, ...
  std::string session_id;          // "" when on no session's agenda
};

// Every nomination that is appraised or on a session's agenda (whatever its
// status now), by nominee, then id. kInvalid, in Vietnamese, on a node that
// is not the province's.
Result<std::vector<AgendaNomination>> council_agenda(Store& store);

}  // namespace thidua
