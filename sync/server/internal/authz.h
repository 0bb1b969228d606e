// Who may write and read which cells, decided on the server per cell.
//
// Rules (the test matrix in tests/sync/authz_test.cc proves each line):
// - The province role writes and reads everything.
// - Reference data (units, plans, tasks, task_units) is the province's: a
//   district never writes it, and reads all of it.
// - A district writes only rows of its own unit (progress, stories,
//   nominations, and photos of its own stories), and never review fields:
//   a story or nomination status other than draft/submitted, review notes,
//   publication dates, council sessions, decision numbers. It cannot touch a
//   story once approved or published, nor a nomination the province has
//   appraised, approved or forwarded (a rejected one is the unit's again:
//   it edits and resubmits it, records/nominations.h).
// - A write is judged on the row as it is *and* as it will be: a column that
//   points elsewhere may only point to something the writer may write to
//   (or, for reference data, read). Column by column, for a district:
//     units.parent_id, plans.issuer_id, tasks.plan_id, task_units.*
//                          reference data: never written by a district.
//     progress.unit_id     its own unit (the stored row's unit too).
//     progress.task_id     the task its id names (`<task>:<unit>`): any task
//                          is readable, but a row has one task forever.
//     stories.unit_id, nominations.unit_id
//                          its own unit, before and after.
//     stories.cover_hash, story_photos.blob_hash
//                          a SHA-256 (64 lowercase hex digits). Naming a hash
//                          grants nothing: bytes are served only to a unit
//                          that proved it holds them (ServerStore::unit_holds_blob,
//                          photo_readable below).
//     story_photos.story_id
//                          the story the photo hangs on now and the one the
//                          cell moves it to are both the district's own and
//                          still writable (not approved, not published).
//   Every other column is plain data of the row it belongs to.
// - A district reads reference data, its own rows, and published stories
//   (with their photos) of others: never another district's progress,
//   drafts or nominations. A story of others that is unpublished or
//   deleted is withdrawn from it (the node forgets its copy).
// - The province's own writes to nominations (issue 13) follow the path of
//   records/commendation.h, as the one table records/ reads too holds it
//   (store/nomination_path.h), judged on the row as the batch leaves it
//   (the stored row with every cell of the batch over it, so one batch may
//   carry several steps made offline):
//     status       moves only forward: submitted -> appraised -> approved
//                  -> forwarded, appraised -> rejected (a rejected one may
//                  start again; nomination_path::reachable); appraised,
//                  approved and rejected need appraised_on set; forwarded
//                  needs forwarded_on and a state-level award kind. An
//                  approval or a rejection without session_id (not on a
//                  council session's agenda) is accepted while
//                  nomination_path::kAgendaOnEveryPath is false.
//     appraised_on, appraisal_note, session_id
//                  only on a row appraised or further.
//     forwarded_on, centre_result
//                  only on a forwarded row of a state-level kind.
//     decision_no, signing_level
//                  an approved row of a province-level kind (signed by
//                  chu-tich-ubnd-tinh), or a forwarded one the centre
//                  conferred (thu-tuong or chu-tich-nuoc).
//     decided_on   a row approved, rejected or forwarded.
//   A row naming no award kind counts as province-level. Empty values
//   (clearing a field) are not judged.
// - Dossier documents (nomination_documents, issue 13) are their
//   nomination's, as a story's photos are its story's: a district writes
//   them only on its own nomination while it is submitted or rejected (both
//   the nomination the row hangs on and the one a nomination_id cell moves
//   it to), blob_hash a SHA-256; it reads those of its own nominations.
// - Photo and document bytes: see photo_readable.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/store.h"
#include "sync/server/internal/row_key.h"

namespace thidua {

struct Principal {
  std::string node_id;
  std::string unit_id;
  std::string role;  // "district" or "province"
  bool is_province() const { return role == "province"; }
};

// Decides the writes of one pushed batch. A new row's unit (or a photo's
// story) may be named by another cell of the same batch.
class WriteGuard {
 public:
  WriteGuard(Store& store, Principal who, const std::vector<RemoteCell>& batch);
  // Ok, or kInvalid with the reason (Vietnamese, for the clerk).
  Status check(const RemoteCell& cell);

 private:
  Result<std::optional<std::string>> unit_of(const std::string& table, const std::string& pk);
  Result<std::optional<Row>> row(const std::string& table, const std::string& pk);

  Store& store_;
  Principal who_;
  // The last row row() read, kept for one check() only: a check writes
  // nothing, so the rules that ask one cell's row twice (its unit, then its
  // status) read it once; the merge may write it before the next check.
  std::optional<std::pair<RowKey, std::optional<Row>>> read_;
  // (table, pk, column) -> value, for the cells of this batch.
  std::map<std::tuple<std::string, std::string, std::string>, Value> batch_;
  // (table, pk) -> the unit it belongs to, once known: a row's unit does not
  // change within a batch (moving a row to another unit is refused).
  RowKeyMap<std::string> units_;
  // Story and nomination statuses as stored before this batch: a district
  // cannot change them to a locked state, so they hold for the batch.
  RowKeyMap<std::string> statuses_;
  // The entries last found in units_ and statuses_ (a row's cells come as a
  // run: most lookups are of the row just looked up). Elements of an
  // unordered map keep their address as it grows.
  const std::pair<const RowKey, std::string>* last_unit_ = nullptr;
  const std::pair<const RowKey, std::string>* last_status_ = nullptr;
  Result<std::string> stored_status(const std::string& table, const std::string& pk);
  // The story a story_photos row hangs on: stored, else named in this batch.
  Result<std::string> photo_story(const std::string& pk);
  // Ok when `story` is the writer's own and still open to a district.
  Status check_story_writable(const std::string& story);
  Status check_reference_columns(const RemoteCell& cell);
  // Dossier documents (issue 13): the nomination a nomination_documents row
  // hangs on (stored, else named in this batch), and the checks of its cells.
  Result<std::string> document_nomination(const std::string& pk);
  Status check_nomination_writable(const std::string& nomination);
  Status check_document_cell(const RemoteCell& cell);
  // Rows this batch creates (a `_row` = 1 cell for a row the server lacked).
  RowKeySet created_;
  // The province's nominations path (see the rules above).
  std::map<std::string, Row> nomination_cells_;  // pk -> this batch's cells of it
  Status check_province_nomination(const RemoteCell& cell);
  Result<Row> nomination_after(const std::string& pk);
  Result<std::string> award_level(const Row& nomination);
};

// Decides which changed cells a node may receive on pull. A row is judged
// as it stands now; within one filter (one answer, one transaction) each row
// is read at most once.
class ReadFilter {
 public:
  ReadFilter(Store& store, Principal who);
  // Whether `who` may see the row `table`/`pk` as it stands now. `read`: a
  // feed page's read of a row, used when it is this row (it is not read again).
  Result<bool> visible(const std::string& table, const std::string& pk, const FeedRow* read = nullptr);
  // Whether this cell makes a row of someone else newly visible to `who`
  // (a story just published): then the whole row is to be sent.
  bool reveals_row(const RemoteCell& cell) const;
  // Whether this cell takes out of `who`'s sight a row it may hold: another
  // district's story that was published once and no longer is, or a story
  // deleted. The node is then told to forget it. `read` as for visible().
  Result<bool> withdraws_row(const RemoteCell& cell, const FeedRow* read = nullptr);

 private:
  // What the rules read of a row ("" for a column it lacks or holds NULL in).
  struct Seen {
    std::string unit_id, status, story_id, nomination_id, published_on;
  };
  // nullopt: the row does not exist (deleted).
  Result<const std::optional<Seen>*> row(const std::string& table, const std::string& pk, const FeedRow* read);

  Store& store_;
  Principal who_;
  RowKeyMap<std::optional<Seen>> rows_;  // the rows read so far, when not at hand
  const FeedRow* last_read_ = nullptr;   // the row at hand last judged, and what was read of it
  std::optional<Seen> last_seen_;
};

// Whether `who` may receive the bytes of photo `hash`. The province reads
// every photo. A district only when its unit holds the photo (uploaded it
// whole, verified), or when a published story it may see shows it — and a
// published story shows a photo only if the story's unit or a province
// node's unit holds it (ServerStore::story_may_show_blob; the public site applies
// the same rule). Naming another district's hash in one's own story row
// therefore yields nothing.
// A document's bytes (a hash some nomination_documents row names, or bytes
// that are no image: a PDF) go only to the province, to a unit that holds
// them, and to the unit of a nomination that uses them when the province
// uploaded them (it attached them to that unit's dossier); never through a
// published story, so never to another district.
Result<bool> photo_readable(Store& store, const Principal& who, const std::string& hash);

}  // namespace thidua
