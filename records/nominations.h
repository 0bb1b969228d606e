// Nominations for commendation, proposed by a unit and decided by the
// province (records/review.h).
//
// Status flow: submitted -> appraised -> approved -> forwarded, decided by
// the province (records/commendation.h), with rejected reachable from
// appraised by the council's decision; the unit edits while submitted or
// rejected and leaves rejected by resubmitting (rejected -> submitted).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

inline constexpr const char* kNomineeKinds[] = {"individual", "collective", "business", "entrepreneur"};

struct NewNomination {
  std::string nominee;         // the person's, collective's or business's name
  std::string nominee_kind;    // one of kNomineeKinds
  std::string award;           // the commendation proposed, as text; empty: the award kind's name
  std::string achievement_md;  // Markdown
  std::string award_kind = {};  // an award_kinds id; empty: none (the award text alone)
};

// Records a nomination from this node's unit with status submitted and
// returns its new random id. kInvalid for an empty field (the award text
// may be empty when an award kind is named), a kind outside its set, an
// award kind this copy does not hold or that does not take the nominee's
// kind, or text that is not UTF-8; nothing is written then.
Result<std::string> nominate(Store& store, const NewNomination& nomination);

// A nomination as its unit's pages show it.
struct Nomination {
  std::string id;
  std::string unit_id;
  std::string nominee;
  std::string nominee_kind;  // one of kNomineeKinds
  std::string award;
  std::string achievement_md;
  std::string status;       // submitted, appraised, approved, forwarded or rejected
  std::string review_note;  // the province's note, "" when none
  std::string council_session, decision_no, decided_on;  // the province's; "" when unset
  // The path of issue 13 (records/commendation.h); "" when unset.
  std::string award_kind, session_id, appraisal_note, appraised_on, signing_level, forwarded_on, centre_result;
  // The date in Vietnam when the row was first written (the clock of its
  // insert), "YYYY-MM-DD"; "" when this copy does not know it.
  std::string sent_on;
};

// Whether a district may still change a nomination in `status`: while the
// province has not decided (submitted) or after it rejected it. Exactly
// what sync/server accepts from a district (both read
// store/nomination_path.h, open_to_unit), so nothing a clerk saves is
// refused at sync.
bool nomination_open_to_unit(const std::string& status);

// The nominations of `unit_id` in this copy, newest first (by the clock of
// their insert, then id). An empty list when there are none.
Result<std::vector<Nomination>> unit_nominations(Store& store, const std::string& unit_id);

// One nomination, whatever its unit (the caller decides who may see it).
// kNotFound "không có hồ sơ đề nghị khen thưởng <id>" when there is none.
Result<Nomination> find_nomination(Store& store, const std::string& id);

struct NominationEdit {
  std::string id;
  std::optional<std::string> nominee, nominee_kind, award, achievement_md;  // absent = unchanged
  std::optional<std::string> award_kind = std::nullopt;  // absent = unchanged; checked against the resulting nominee kind
};

// Changes a nomination of this node's unit; its status stays (a rejected
// one stays rejected until resubmit_nomination). kNotFound for an unknown
// id; kInvalid for another unit's nomination, nothing to change, or a bad
// value (as nominate); kConflict naming the status when a district edits
// one the province has appraised, approved or forwarded. Nothing is
// written on failure.
Status edit_nomination(Store& store, const NominationEdit& edit);

// Sends a rejected nomination of this node's unit to the province again
// (status submitted; the province's note stays for the record). kNotFound
// for an unknown id, kInvalid for another unit's, kConflict naming the
// current status when it is not rejected.
Status resubmit_nomination(Store& store, const std::string& id);

}  // namespace thidua
