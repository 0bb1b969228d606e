// The nomination's path after it is sent (issue 13), every step the
// province's:
//
//   submitted --appraise_nomination--> appraised (appraisal_note, appraised_on)
//   appraised: schedule_nomination puts it on a council session's agenda
//   appraised, on an agenda --decide_nomination--> approved
//                                              --> rejected (review_note = the reason)
//   approved, province-level kind: record_decision (decision_no, decided_on,
//     signing_level chu-tich-ubnd-tinh)
//   approved, state-level kind --forward_nomination--> forwarded (forwarded_on)
//   forwarded: record_centre_result, conferred (decision_no, decided_on,
//     signing_level thu-tuong|chu-tich-nuoc) or declined (review_note)
//   rejected: the unit edits and resubmits it (records/nominations.h)
//
// Each step is judged by the path's one table, store/nomination_path.h,
// which the server judges pushed cells by too. A nomination naming no
// award kind (written before award kinds existed) counts as
// province-level. Each step runs in one transaction. kInvalid
// when this node is not the province's or for bad input; kNotFound for an
// unknown nomination or session; kConflict naming the current state when
// the step does not apply to it. Nothing is written on failure.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// A kind of award as this copy holds it (reference data from content/).
struct AwardKindInfo {
  std::string id, name;
  std::string level;   // "province" or "state"
  std::string signer;  // chu-tich-ubnd-tinh, thu-tuong or chu-tich-nuoc
  std::vector<std::string> nominee_kinds;
  int ordinal = 0;
};

// Every kind of award in this copy, by ordinal then id.
Result<std::vector<AwardKindInfo>> list_award_kinds(Store& store);

// submitted -> appraised. `note` is required; `appraised_on` "YYYY-MM-DD",
// not after `today` (empty: today in Vietnam, as `today` empty is).
Status appraise_nomination(Store& store, const std::string& id, const std::string& note,
                           const std::string& appraised_on = {}, const std::string& today = {});

// Puts an appraised nomination on a session's agenda (again on another
// session when the council has not decided yet). kNotFound for an unknown
// session.
Status schedule_nomination(Store& store, const std::string& id, const std::string& session_id);

enum class Verdict { kApprove, kReject };

// The council's decision on an appraised nomination on a session's agenda.
// A rejection needs `reason` (kept as review_note, which the unit sees).
Status decide_nomination(Store& store, const std::string& id, Verdict verdict,
                         const std::string& reason = {});

struct DecisionRecord {
  std::string decision_no;    // required
  std::string decided_on;     // "YYYY-MM-DD", not after today; required
  std::string signing_level;  // empty: the award kind's signer
  std::string today;          // empty: today in Vietnam
};

// The province's decision for an approved nomination of a province-level
// kind (signing level chu-tich-ubnd-tinh). kConflict for a state-level kind
// (forward it instead) or when a decision is already recorded.
Status record_decision(Store& store, const std::string& id, const DecisionRecord& decision);

// approved -> forwarded, for a state-level kind: sent to the centre on
// `forwarded_on` (not after `today`).
Status forward_nomination(Store& store, const std::string& id, const std::string& forwarded_on,
                          const std::string& today = {});

struct CentreResult {
  bool conferred = false;
  DecisionRecord
      decision;      // conferred: the centre's decision (signing level thu-tuong or chu-tich-nuoc)
  std::string note;  // declined: required, kept as review_note
};

// The centre's answer for a forwarded nomination; recorded once.
Status record_centre_result(Store& store, const std::string& id, const CentreResult& result);

}  // namespace thidua
