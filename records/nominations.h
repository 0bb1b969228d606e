// Nominations for commendation, proposed by a unit and decided by the
// province (records/review.h).
#pragma once

#include <string>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

inline constexpr const char* kNomineeKinds[] = {"individual", "collective"};

struct NewNomination {
  std::string nominee;         // the person's or collective's name
  std::string nominee_kind;    // one of kNomineeKinds
  std::string award;           // the commendation proposed, as text
  std::string achievement_md;  // Markdown
};

// Records a nomination from this node's unit with status submitted and
// returns its new random id. kInvalid for an empty field, a kind outside
// its set or text that is not UTF-8; nothing is written then.
Result<std::string> nominate(Store& store, const NewNomination& nomination);

}  // namespace thidua
