// The nomination's path as one table (store/nomination_path.h): every
// from -> to pair of statuses, per actor, and what each state needs and
// lets the province write. records/ and sync/server judge by these.
#include "store/nomination_path.h"

#include <doctest/doctest.h>

#include <array>
#include <string>

using namespace thidua;
using namespace thidua::nomination_path;

namespace {

// The statuses in path order, with "" (a row not stored yet) first.
constexpr std::array<std::string_view, 6> kFrom{"",         "submitted", "appraised",
                                                "approved", "rejected",  "forwarded"};
constexpr std::array<std::string_view, 5> kTo{"submitted", "appraised", "approved", "rejected",
                                              "forwarded"};

// One row per `from` of kFrom, one character per `to` of kTo:
// 'p' the province's step, 'u' the unit's, '.' none.
constexpr std::array<std::string_view, 6> kOneStep{
    ".....",  // ""
    ".p...",  // submitted -> appraised
    "..pp.",  // appraised -> approved | rejected
    "....p",  // approved -> forwarded
    "u....",  // rejected -> submitted (the unit edits and resubmits)
    ".....",  // forwarded: the end
};

// What one batch may carry: '1' reachable, '0' not.
constexpr std::array<std::string_view, 6> kProvinceBatch{
    "11111",  // "" reads as submitted
    "11111",  // submitted: appraised, decided, forwarded in one batch
    "01111",  // appraised: never back to submitted
    "00101",  // approved: only forwarded
    "11111",  // rejected: the unit may take it back, so it starts over
    "00001",  // forwarded: stays
};
constexpr std::array<std::string_view, 6> kUnitBatch{
    "10000",  // "": a new row is submitted
    "10000",  // submitted stays
    "01000",  // appraised: the unit takes no step of the province's
    "00100",  //
    "10010",  // rejected -> submitted
    "00001",  //
};

}  // namespace

TEST_CASE("every from -> to pair: one step, per actor") {
  for (std::size_t i = 0; i < kFrom.size(); ++i) {
    for (std::size_t j = 0; j < kTo.size(); ++j) {
      CAPTURE(kFrom[i]);
      CAPTURE(kTo[j]);
      const Step* step = find_step(kFrom[i], kTo[j]);
      const char expected = kOneStep[i][j];
      CHECK((step != nullptr) == (expected != '.'));
      if (step) CHECK(step->by == (expected == 'p' ? Actor::kProvince : Actor::kUnit));
    }
  }
  CHECK(steps().size() == 5);
  CHECK(statuses().size() == kTo.size());
  for (std::size_t j = 0; j < kTo.size(); ++j) CHECK(statuses()[j] == kTo[j]);
  CHECK(find_step("draft", "submitted") == nullptr);
}

TEST_CASE("every from -> to pair: what one pushed batch may carry, per actor") {
  for (std::size_t i = 0; i < kFrom.size(); ++i) {
    for (std::size_t j = 0; j < kTo.size(); ++j) {
      CAPTURE(kFrom[i]);
      CAPTURE(kTo[j]);
      CHECK(reachable(kFrom[i], kTo[j], Actor::kProvince) == (kProvinceBatch[i][j] == '1'));
      CHECK(reachable(kFrom[i], kTo[j], Actor::kUnit) == (kUnitBatch[i][j] == '1'));
    }
  }
  CHECK_FALSE(reachable("submitted", "published", Actor::kProvince));  // off the path
  CHECK(reachable("published", "published", Actor::kProvince));        // unchanged is no step
}

TEST_CASE("what each state needs, and what a row lacks") {
  CHECK(needs_of("submitted") == 0);
  CHECK(needs_of("appraised") == kAppraisedOn);
  CHECK(needs_of("approved") == (kAppraisedOn | kOnAgenda));
  CHECK(needs_of("rejected") == (kAppraisedOn | kOnAgenda));
  CHECK(needs_of("forwarded") == (kAppraisedOn | kOnAgenda | kForwardedOn | kStateLevel));
  CHECK(needs_of("") == 0);

  Row row{{"status", std::string("approved")}, {"appraised_on", std::string("2021-05-10")}};
  Facts f = facts_of(row, "province");
  CHECK(missing(f) == kOnAgenda);  // the council decides only what is on its agenda
  row["session_id"] = std::string("phien-quy-2");
  CHECK(missing(facts_of(row, "province")) == 0);
  row["status"] = std::string("forwarded");
  CHECK(missing(facts_of(row, "province")) == (kForwardedOn | kStateLevel));
  row["forwarded_on"] = std::string("2021-07-05");
  CHECK(missing(facts_of(row, "state")) == 0);
  row["appraised_on"] = std::string();  // an empty cell holds nothing
  CHECK(missing(facts_of(row, "state")) == kAppraisedOn);
  CHECK_FALSE(facts_of(Row{}, "").state_level);  // no award kind: province-level
}

TEST_CASE("who decides, with which signing levels") {
  Facts f;
  f.status = "approved";
  CHECK(decider(f) == Decider::kProvince);
  REQUIRE(signing_levels(Decider::kProvince).size() == 1);
  CHECK(signing_levels(Decider::kProvince)[0] == "chu-tich-ubnd-tinh");
  f.state_level = true;
  CHECK(decider(f) == Decider::kNone);  // forwarded to the centre instead
  f.status = "forwarded";
  CHECK(decider(f) == Decider::kNone);  // the centre has not answered
  f.centre_result = "declined";
  CHECK(decider(f) == Decider::kNone);
  f.centre_result = "conferred";
  CHECK(decider(f) == Decider::kCentre);
  REQUIRE(signing_levels(Decider::kCentre).size() == 2);
  CHECK(signing_levels(Decider::kCentre)[0] == "thu-tuong");
  CHECK(signing_levels(Decider::kCentre)[1] == "chu-tich-nuoc");
  CHECK(signing_levels(Decider::kNone).empty());
  for (const char* status : {"submitted", "appraised", "rejected"}) {
    f = {};
    f.status = status;
    CAPTURE(status);
    CHECK(decider(f) == Decider::kNone);
  }
}

TEST_CASE("which of the province's fields each state may hold") {
  struct Case {
    const char* column;
    const char* allowed;        // per status of kTo, a province-level row
    const char* allowed_state;  // the same, a state-level row
  };
  // forwarded rows below carry centre_result "conferred".
  const Case cases[] = {
      {"appraised_on", "01111", "01111"}, {"appraisal_note", "01111", "01111"},
      {"session_id", "01111", "01111"},   {"decided_on", "00111", "00111"},
      {"forwarded_on", "00000", "00001"}, {"centre_result", "00000", "00001"},
      {"decision_no", "00101", "00001"},  {"signing_level", "00101", "00001"},
      {"nominee", "11111", "11111"},
  };
  for (const auto& c : cases) {
    for (std::size_t j = 0; j < kTo.size(); ++j) {
      for (bool state : {true, false}) {
        Facts f;
        f.status = std::string(kTo[j]);
        f.state_level = state;
        if (f.status == "forwarded") f.centre_result = "conferred";
        CAPTURE(c.column);
        CAPTURE(kTo[j]);
        CAPTURE(state);
        CHECK(field_allowed(c.column, f) == ((state ? c.allowed_state : c.allowed)[j] == '1'));
      }
    }
    CHECK(is_path_field(c.column) == (std::string(c.column) != "nominee"));
  }
  CHECK(is_path_field("status"));
}

TEST_CASE("a unit changes its nomination only before the province takes it up, or once rejected") {
  const char* open = "110010";  // per kFrom
  for (std::size_t i = 0; i < kFrom.size(); ++i) {
    CAPTURE(kFrom[i]);
    CHECK(open_to_unit(kFrom[i]) == (open[i] == '1'));
  }
}
