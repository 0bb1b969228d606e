// What the public site shows, read from the central database.
//
// Only what may be public is ever read: reference data (units, the plan and
// its tasks, award kinds, council sessions), progress (the plan is public,
// and so is how it goes) with the note only as the province reviewed it
// (public_note_md, never note_md), the progress history from the audit log
// (without the unit's own note), stories whose status is "published",
// decided commendations (what their decision makes public, nothing of the
// dossier), and the photos of published stories. Drafts, submitted or
// rejected stories and undecided nominations are never loaded, so no page,
// feed, index or sitemap can hold them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace thidua {
class Store;
}

namespace thidua::site {

struct Unit {
  std::string id, name, short_name, kind;
  std::string slug;  // its folder under don-vi/: the id when that is a slug (paths.h)
  std::int64_t ordinal = 0;
  bool is_district() const { return kind == "district" || kind == "city"; }
};

struct Task {
  std::string id, plan_id, content, due;  // due: YYYY-MM-DD or ""
  std::string slug;  // its folder under nhiem-vu/: the id when that is a slug (paths.h)
  int quarter = 1;
  std::int64_t ordinal = 0;
  std::vector<std::string> units;  // responsible, in the order the plan names them
};

struct Plan {
  std::string id, title, issuer_id, issued_on, signed_by, signer_title;
  std::string intro_md, purpose_md, requirements_md, organisation_md;
  std::int64_t year = 0;
  std::vector<Task> tasks;  // by quarter, then ordinal
};

struct Progress {
  std::string id, task_id, unit_id, status, reported_on;
  std::string public_note_md;  // the note as the province published it ("" for none)
  std::optional<std::int64_t> percent;
};

// One accepted change to a progress row: who, when, what.
struct ProgressChange {
  std::string at;  // UTC ISO 8601, when the server received it
  std::string unit_id;  // the unit of the node that wrote it
  std::string progress_id, column;
  std::string old_value, new_value;  // as text ("" for none)
  std::uint64_t edit = 0;  // the cells of one edit share this (their clock)
};

struct Photo {
  std::string id, blob_hash, alt, mime;
  std::int64_t ordinal = 0, width = 0, height = 0;
  std::string bytes;  // loaded only when the file must be written
};

struct Story {
  std::string id, unit_id, title, subject, category, body_md, cover_hash, created_on, published_on;
  std::vector<Photo> photos;  // by ordinal
  std::int64_t version = 0;   // feed number of the row's latest change
  bool has_body = true;       // false: body_md not loaded (a cache holds what is needed)
};

struct AwardKind {
  std::string id, name;
  std::string level;   // "province" or "state"
  std::string signer;  // "chu-tich-ubnd-tinh", "thu-tuong" or "chu-tich-nuoc"
  std::int64_t ordinal = 0;
};

struct CouncilSession {
  std::string id, title, place, held_on, status;  // held_on: YYYY-MM-DD or ""
  std::int64_t year = 0;
  int quarter = 1;
};

// A decided commendation: a nomination whose decision is recorded
// (decision_no set; a province-level award approved, a state-level one
// forwarded and conferred by the centre; a row older than award kinds
// approved), with only what the decision makes public. Never the
// achievement text, the appraisal, review notes or documents.
struct Commendation {
  std::string id, unit_id, nominee, nominee_kind;
  std::string award;      // the award kind's name; the row's own text when it has no kind
  std::string level;      // "province", "state", or "" for a row with no award kind
  std::string session_id;      // a council session's id, or ""
  std::string legacy_session;  // free-text council_session of a row with no session_id
  std::string decision_no, decided_on;  // decided_on: YYYY-MM-DD or ""
  std::string signer;     // signing_level, else the award kind's signer; "" unknown
  std::int64_t year = 0;  // the session's, else the decision's; 0 unknown
};

struct SiteData {
  std::vector<Unit> units;            // by ordinal, then id
  std::vector<Plan> plans;            // by year
  std::vector<Progress> progress;     // by id
  std::vector<ProgressChange> history;  // oldest first
  std::vector<Story> stories;         // published only; newest first
  std::vector<AwardKind> award_kinds;  // by ordinal, then id
  std::vector<CouncilSession> sessions;  // by year, quarter, date, id
  std::vector<Commendation> commendations;  // decided only; by id
};

// Award kinds, council sessions and the decided commendations
// (model_awards.cc).
Status load_commendations(Store& s, SiteData* out);

// The central database, opened read-only (safe while the server writes it).
class Source {
 public:
  // kNotFound when the file is missing; kInvalid when it is not a thidua
  // database this build can read.
  static Result<std::unique_ptr<Source>> open(const std::string& db_path);
  ~Source();
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  // Everything the site shows, without photo bytes. `need_body` (when
  // set) says, for a story with its version and photos (and the units, all
  // loaded by then), whether its body must be read; stories it answers
  // false for come with has_body = false.
  using NeedBody = std::function<bool(const Story&, const std::vector<Unit>&)>;
  Result<SiteData> load(const NeedBody& need_body = {});
  // The bytes of one photo of a published story.
  Result<std::string> photo_bytes(const std::string& hash);

 private:
  struct Impl;
  explicit Source(std::unique_ptr<Impl> impl);
  Status load_into(const NeedBody& need_body, SiteData* out);
  std::unique_ptr<Impl> impl_;
};

}  // namespace thidua::site
