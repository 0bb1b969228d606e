// What the province has to review (the office web app's "Chờ duyệt"): the
// queue of stories and nominations from every unit, and one of them with
// all the review page shows. Reads only; the decisions are records/review.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "records/review.h"
#include "store/hlc.h"
#include "store/store.h"

namespace thidua {

enum class ReviewKind { kStory, kNomination };

// A photo a story shows, and whether this copy holds its bytes (a province
// node fetches them at its syncs; until then the page says so).
struct ReviewPhoto {
  std::string hash;  // SHA-256, 64 lowercase hex digits (a malformed one is never present)
  std::string alt;  // as the photo row holds it ("" for none; a cover without a row has none)
  bool present = false;
  std::int64_t width = 0, height = 0;  // as stored, when present (0: unknown)
};

struct ReviewItem {
  ReviewKind kind = ReviewKind::kStory;
  std::string id;
  std::string unit_id;
  std::string unit_name;  // the unit's name, its id when the units row lacks one
  std::string title;      // a story's title, a nomination's nominee
  std::string status;     // stories: submitted, approved; nominations: submitted, appraised
  std::string created_on;  // stories: "YYYY-MM-DD" as written; nominations: ""
  // When the row got its current status (the status cell's clock, ms since
  // the epoch; 0 when unknown) and that instant's date in Vietnam
  // ("YYYY-MM-DD", "" when unknown): how long it has waited.
  std::int64_t since_ms = 0;
  std::string since_date;
  Hlc since_hlc = 0;  // the clock itself: orders changes made within one millisecond
  std::vector<ReviewPhoto> photos;  // stories: by ordinal, then a cover no photo row names
};

// The queue: submitted stories and approved stories not (or no longer)
// published, submitted and appraised nominations, from every unit; the
// one waiting longest first (since_hlc, then kind, then id). kInvalid, in
// Vietnamese, on a node that is not the province's.
Result<std::vector<ReviewItem>> review_queue(Store& store);

struct StoryForReview {
  ReviewItem item;  // any status here, not only the queue's
  std::string subject, category, body_md, review_note, published_on;
};

struct NominationForReview {
  ReviewItem item;
  std::string nominee_kind, award, achievement_md, review_note;
  std::string council_session, decision_no, decided_on;
  std::string appraisal_note;  // the board's, once appraised (issue 13); "" before
  std::string appraised_on;    // "" before, or on a row appraised with no date
};

// One story or nomination, whatever its status, for the review page.
// kInvalid on a node that is not the province's; kNotFound for an unknown
// id (in Vietnamese, naming it).
Result<StoryForReview> story_for_review(Store& store, const std::string& id);
Result<NominationForReview> nomination_for_review(Store& store, const std::string& id);

// The decisions records/review.h allows from `status`, in the order a page
// offers them (approve, reject, publish, withdraw): the page shows only
// these; review_story and review_nomination still decide. A submitted
// nomination has none: it is appraised first (records/commendation.h).
std::vector<Decision> story_decisions(const std::string& status);
std::vector<Decision> nomination_decisions(const std::string& status);

}  // namespace thidua
