// The nomination's path (issue 13) as one table: which status may follow
// which, who takes each step, what the row must hold once it is taken, and
// which of the province's fields a row may hold in which state. records/
// (the province's commands: records/commendation.h, records/review.h; the
// district's edits: records/nominations.h) and sync/server (the cells a
// node pushes: sync/server/internal/authz.h) both judge by it, so a step
// one side takes the other accepts.
//
//   submitted --appraise (province)--> appraised       needs appraised_on
//   appraised --council approves (province)--> approved  needs session_id
//   appraised --council rejects (province)--> rejected   needs session_id
//   approved --forward (province)--> forwarded    needs forwarded_on and a
//                                                 state-level award kind
//   rejected --edit and resubmit (unit)--> submitted
//
// A row's needs are those of every step that led to it (a forwarded row
// was appraised and decided on an agenda too). The decision that ends the
// path: an approved row of a province-level kind carries the province's
// (decision_no, decided_on, signing_level chu-tich-ubnd-tinh); a forwarded
// one the centre's result (centre_result; conferred: decision_no,
// decided_on, signing_level thu-tuong or chu-tich-nuoc). A row naming no
// award kind counts as province-level.
//
// Pure: no I/O, no store. Statuses and columns are the schema's codes
// (store/schema.cc, the nominations table).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "store/value.h"

namespace thidua::nomination_path {

enum class Actor { kUnit, kProvince };

// What a row must hold, as bits.
enum Need : unsigned {
  kAppraisedOn = 1u << 0,  // appraised_on set
  kOnAgenda = 1u << 1,     // session_id set: the council decides only what is on its agenda
  kForwardedOn = 1u << 2,  // forwarded_on set
  kStateLevel = 1u << 3,   // the award kind is a state-level one
};

// The agenda rule, decided once: a council's decision needs the agenda, a
// decision on the board's appraisal does not. Not every commendation goes
// before the Hội đồng TĐKT: a Bằng khen of the Chủ tịch UBND tỉnh is
// commonly decided on the Ban TĐKT's appraisal, between sessions. So
// records' decide_nomination (`thidua node nomination decide`, the
// council's step on Hội đồng) refuses a nomination with no session_id,
// while review_nomination (the Chờ duyệt page, `thidua node review`) and
// the server accept an approval or a rejection without one (a free-text
// council_session at most); tests/records/review_test.cc,
// tests/webapp/review_test.cc and tests/sync/authz_test.cc pin that. Set
// true, every path would ask for the agenda (those tests name the cases
// that would change).
inline constexpr bool kAgendaOnEveryPath = false;

struct Step {
  std::string_view from, to;
  Actor by;
  unsigned needs;  // what the row holds once the step is taken (Need bits)
};

// Every step of the path, in path order.
std::span<const Step> steps();

// Every status of the path, in path order (submitted first).
std::span<const std::string_view> statuses();

// The step from `from` to `to`, or nullptr when there is none.
const Step* find_step(std::string_view from, std::string_view to);

// Whether a batch of `by`'s may bring a row from `from` to `to`: by one or
// more of its steps, or none (`from` == `to`). The server judges a pushed
// batch so: one batch may carry several steps a node took offline. For the
// province, a row the unit may take back (rejected) may start over too, as
// if the unit's steps came first. A `from` of "" (a row not stored yet)
// reads as submitted.
bool reachable(std::string_view from, std::string_view to, Actor by);

// What a row in `status` must hold (Need bits): the needs of the step into
// it; 0 for submitted or a status off the path.
unsigned needs_of(std::string_view status);

// A nomination as these rules read it.
struct Facts {
  std::string status;
  bool appraised_on = false;
  bool on_agenda = false;  // session_id set
  bool forwarded_on = false;
  bool state_level = false;   // the award kind's level is "state"
  std::string centre_result;  // "", "conferred" or "declined"
};

// The facts of a nominations row whose award kind has level `award_level`
// ("province", "state"; "" for a row naming no kind: province-level).
Facts facts_of(const Row& row, std::string_view award_level);

// The needs of the row's status it lacks (Need bits; 0 when none).
unsigned missing(const Facts& row);

// Who decides the award for a row as it stands: the province (approved,
// province-level), the centre (forwarded, its result conferred), or nobody
// (yet).
enum class Decider { kNone, kProvince, kCentre };
Decider decider(const Facts& row);

// The signing levels a decision by `d` may name, the default first; empty
// for kNone.
std::span<const std::string_view> signing_levels(Decider d);

// Whether `column` is one of the province's fields of the path: status,
// appraisal_note, appraised_on, session_id, decided_on, decision_no,
// signing_level, forwarded_on, centre_result.
bool is_path_field(std::string_view column);

// Whether a row as it stands may hold a value in path field `column`:
//   appraised_on, appraisal_note, session_id  appraised or further
//   forwarded_on, centre_result               forwarded, state-level
//   decided_on                                approved, rejected or forwarded
//   decision_no, signing_level                decider() is not kNone
// status itself is judged by reachable() and missing(). True for a column
// that is no path field.
bool field_allowed(std::string_view column, const Facts& row);

// Whether a unit may still change its nomination in `status`: a new row
// (""), or one the province has not taken up (submitted) or has rejected.
bool open_to_unit(std::string_view status);

}  // namespace thidua::nomination_path
