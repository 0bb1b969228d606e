// The province's review of stories and nominations.
//
// Stories:     submitted -> approved; submitted|approved -> rejected;
//              submitted|approved -> published (published_on = today);
//              published -> approved (withdrawn from the public site and
//              from the other districts' copies; it may be published again).
// Nominations: the council's decision (issue 13): appraised -> approved or
//              rejected; decided_on = the date the province gives (the
//              council's or the decision's), else today, for both. A
//              submitted nomination is appraised first
//              (records/commendation.h, appraise_nomination). A decision
//              number goes only with an approval of a province-level kind
//              (kInvalid on a rejection, kConflict for a state-level kind),
//              as the server accepts it: both judge by
//              store/nomination_path.h. Unlike decide_nomination this does
//              not require the nomination on a council session's agenda
//              (session_id) while nomination_path::kAgendaOnEveryPath is
//              false: the Chờ duyệt page and `thidua node review` decide
//              without one (kConflict naming the missing agenda once true).
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

enum class Decision { kApprove, kReject, kPublish, kUnpublish };

struct ReviewDetails {
  std::optional<std::string> note;             // review_note; absent keeps it
  std::optional<std::string> council_session;  // nominations only
  std::optional<std::string> decision_no;      // nominations only
  std::optional<std::string> decided_on;       // nominations only: "YYYY-MM-DD", not after today
  std::string today;                           // "YYYY-MM-DD"; empty = today (in Vietnam)
};

// Applies a decision to a story in one transaction. kInvalid when this node
// is not the province ("chỉ cấp tỉnh được duyệt ...") or for council or
// decision details (nominations only), or a decided_on that is not a real
// past date; kNotFound for an unknown id;
// kConflict naming the current status for a transition the flow above does
// not allow. Nothing is written on failure.
Status review_story(Store& store, const std::string& id, Decision decision,
                    const ReviewDetails& details);

// As review_story, for a nomination; kInvalid for kPublish and kUnpublish
// (nominations are published with the commendation record, not one by one).
Status review_nomination(Store& store, const std::string& id, Decision decision,
                         const ReviewDetails& details);

}  // namespace thidua
