// Open conflicts described for a person: what record and which field each
// is about, in Vietnamese, and who wrote each side. The read side of the
// web app's "Xung đột" page; settle_conflict (records/conflicts.h) writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// Who wrote one side of a conflict, as far as this copy can tell: a copy
// keeps only node ids, so a writer is the province when it has written
// what only the province writes: a decision on a story or nomination
// anywhere in this copy (a sample of each decision's records is looked
// at), or a review note on the same record. Otherwise it is the record's
// unit (on a province node), or "another machine of the unit or the
// province" (on a district node).
enum class Writer {
  kThisMachine,  // this node
  kProvince,     // shown to hold the province's pen on this record
  kUnit,         // the record's unit (a province node's view of a district)
  kOther,        // a district node cannot tell its other machine from the province
};

struct ConflictSide {
  Value value;
  std::string text;  // the value for a person: status words, digits, text as is
  Hlc hlc = 0;       // when it was written (hlc_wall_ms: ms since the epoch)
  std::string node;
  Writer writer = Writer::kOther;
  std::string who;  // "Máy này", "Cấp tỉnh", the unit's name, "Máy khác …"
};

struct ConflictView {
  std::int64_t id = 0;
  std::string table, pk, column;
  // "Bài điển hình «Người giữ rừng», nội dung": the record, then the field.
  std::string kind;   // "Bài điển hình", "Báo cáo tiến độ", ...
  std::string name;   // the record's title, nominee or task ("" when unknown)
  std::string field;  // "nội dung", "tiêu đề", "ghi chú", ...
  std::string what;   // kind «name», field (kind của <unit> «name», field on a province node)
  // Free text (a merged value may be written); false for a status or a
  // percent, where one of the two must be kept.
  bool mergeable = false;
  bool has_mine = false;  // one side was written by this node
  ConflictSide kept;      // the value the table holds now
  ConflictSide lost;      // the value that lost the merge
  bool mine_is_lost = false;  // with has_mine: which side is this node's
};

// A synced column as a person reads it ("nội dung" for stories.body_md,
// "loại đối tượng (cá nhân, tập thể, doanh nghiệp hay doanh nhân)" for
// nominations.nominee_kind); the column's code when it has no words.
std::string field_words(const std::string& table, const std::string& column);

// The open conflicts described, oldest first. kNotFound (run `thidua node
// init`) when the database has no node configuration.
Result<std::vector<ConflictView>> describe_conflicts(Store& store);

// Open conflict `id` described; kNotFound for an unknown or settled id.
Result<ConflictView> describe_conflict(Store& store, std::int64_t id);

}  // namespace thidua
