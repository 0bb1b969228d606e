#include "records/review_queue.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include "common/hex.h"
#include "common/vietnam_time.h"
#include "records/internal/checks.h"
#include "records/node.h"
#include "store/hlc.h"
#include "store/nomination_path.h"

namespace thidua {

using namespace records_internal;

namespace {

Status require_province(Store& store) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  if (!node.is_province()) {
    return Status::invalid("chỉ cấp tỉnh xem và duyệt được bài và hồ sơ chờ duyệt; máy này thuộc " +
                           node.unit_id + " (cấp huyện)");
  }
  return Status::ok();
}

// Unit names by id, each read once per call.
class UnitNames {
 public:
  explicit UnitNames(Store& store) : store_(store) {}
  Result<std::string> of(const std::string& unit_id) {
    auto it = names_.find(unit_id);
    if (it != names_.end()) return it->second;
    auto unit = store_.get("units", unit_id);
    if (!unit) return unit.status();
    std::string name = *unit ? text_of(**unit, "name") : "";
    if (name.empty()) name = unit_id;
    names_.emplace(unit_id, name);
    return name;
  }

 private:
  Store& store_;
  std::map<std::string, std::string> names_;
};

// The fields every kind shares, from its row; `title_column` is the title's.
Result<ReviewItem> item_of(Store& store, UnitNames& units, ReviewKind kind, const Row& row,
                           const std::string& table, const char* title_column) {
  ReviewItem item;
  item.kind = kind;
  item.id = text_of(row, "id");
  item.unit_id = text_of(row, "unit_id");
  THIDUA_ASSIGN_OR_RETURN(item.unit_name, units.of(item.unit_id));
  item.title = text_of(row, title_column);
  item.status = text_of(row, "status");
  if (kind == ReviewKind::kStory) item.created_on = text_of(row, "created_on");
  auto clock = store.cell_clock(table, item.id, "status");
  if (!clock) return clock.status();
  if (*clock) {
    item.since_hlc = (*clock)->hlc;
    item.since_ms = hlc_wall_ms(item.since_hlc);
    item.since_date = vietnam_date(std::chrono::system_clock::time_point(
        std::chrono::milliseconds(item.since_ms)));
  }
  return item;
}

Result<ReviewPhoto> photo_of(Store& store, const std::string& hash, const std::string& alt) {
  ReviewPhoto p{hash, alt};
  if (!is_sha256_hex(hash)) return p;
  auto info = store.blob_info(hash);
  if (!info) return info.status();
  if (!*info) return p;
  p.present = true;
  p.width = (*info)->width.value_or(0);
  p.height = (*info)->height.value_or(0);
  return p;
}

// A story's photos by ordinal (then id), then its cover when no photo row
// names it.
Result<std::vector<ReviewPhoto>> photos_of(Store& store, const std::string& story_id,
                                           const std::string& cover_hash) {
  auto rows = store.rows_where("story_photos", "story_id", {story_id}, {"blob_hash", "alt", "ordinal"});
  if (!rows) return rows.status();
  auto ordinal = [](const Row& r) {
    const auto* n = std::get_if<std::int64_t>(&r.at("ordinal"));
    return n ? *n : 0;
  };
  std::stable_sort(rows->begin(), rows->end(),
                   [&](const Row& a, const Row& b) { return ordinal(a) < ordinal(b); });
  std::vector<ReviewPhoto> out;
  bool cover_seen = cover_hash.empty();
  for (const auto& r : *rows) {
    const std::string hash = text_of(r, "blob_hash");
    THIDUA_ASSIGN_OR_RETURN(ReviewPhoto p, photo_of(store, hash, text_of(r, "alt")));
    cover_seen = cover_seen || hash == cover_hash;
    out.push_back(std::move(p));
  }
  if (!cover_seen) {
    THIDUA_ASSIGN_OR_RETURN(ReviewPhoto p, photo_of(store, cover_hash, ""));
    out.push_back(std::move(p));
  }
  return out;
}

Result<ReviewItem> story_item(Store& store, UnitNames& units, const Row& row) {
  THIDUA_ASSIGN_OR_RETURN(ReviewItem item,
                          item_of(store, units, ReviewKind::kStory, row, "stories", "title"));
  THIDUA_ASSIGN_OR_RETURN(item.photos,
                          photos_of(store, item.id, text_of(row, "cover_hash")));
  return item;
}

}  // namespace

Result<std::vector<ReviewItem>> review_queue(Store& store) {
  THIDUA_RETURN_IF_ERROR(require_province(store));
  std::vector<ReviewItem> out;
  UnitNames units(store);
  Status st = store.read_snapshot([&]() -> Status {
    auto stories = store.rows_where("stories", "status", {"submitted", "approved"},
                                    {"unit_id", "title", "status", "created_on", "cover_hash"});
    if (!stories) return stories.status();
    for (const auto& row : *stories) {
      THIDUA_ASSIGN_OR_RETURN(ReviewItem item, story_item(store, units, row));
      out.push_back(std::move(item));
    }
    auto nominations =
        store.rows_where("nominations", "status", {"submitted", "appraised"}, {"unit_id", "nominee", "status"});
    if (!nominations) return nominations.status();
    for (const auto& row : *nominations) {
      THIDUA_ASSIGN_OR_RETURN(
          ReviewItem item, item_of(store, units, ReviewKind::kNomination, row, "nominations", "nominee"));
      out.push_back(std::move(item));
    }
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  std::stable_sort(out.begin(), out.end(), [](const ReviewItem& a, const ReviewItem& b) {
    return std::tie(a.since_hlc, a.kind, a.id) < std::tie(b.since_hlc, b.kind, b.id);
  });
  return out;
}

Result<StoryForReview> story_for_review(Store& store, const std::string& id) {
  THIDUA_RETURN_IF_ERROR(require_province(store));
  StoryForReview s;
  UnitNames units(store);
  Status st = store.read_snapshot([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "stories", id, "bài điển hình"));
    THIDUA_ASSIGN_OR_RETURN(s.item, story_item(store, units, row));
    s.subject = text_of(row, "subject");
    s.category = text_of(row, "category");
    s.body_md = text_of(row, "body_md");
    s.review_note = text_of(row, "review_note");
    s.published_on = text_of(row, "published_on");
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return s;
}

Result<NominationForReview> nomination_for_review(Store& store, const std::string& id) {
  THIDUA_RETURN_IF_ERROR(require_province(store));
  NominationForReview n;
  UnitNames units(store);
  Status st = store.read_snapshot([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "nominations", id, "hồ sơ đề nghị khen thưởng"));
    THIDUA_ASSIGN_OR_RETURN(
        n.item, item_of(store, units, ReviewKind::kNomination, row, "nominations", "nominee"));
    n.nominee_kind = text_of(row, "nominee_kind");
    n.award = text_of(row, "award");
    n.achievement_md = text_of(row, "achievement_md");
    n.review_note = text_of(row, "review_note");
    n.council_session = text_of(row, "council_session");
    n.decision_no = text_of(row, "decision_no");
    n.decided_on = text_of(row, "decided_on");
    n.appraisal_note = text_of(row, "appraisal_note");
    n.appraised_on = text_of(row, "appraised_on");
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return n;
}

std::vector<Decision> story_decisions(const std::string& status) {
  if (status == "submitted") return {Decision::kApprove, Decision::kReject, Decision::kPublish};
  if (status == "approved") return {Decision::kReject, Decision::kPublish};
  if (status == "published") return {Decision::kUnpublish};
  return {};
}

std::vector<Decision> nomination_decisions(const std::string& status) {
  // Issue 13: the council's steps of the path (store/nomination_path.h);
  // a submitted one is appraised first (appraise_nomination, not a Decision).
  std::vector<Decision> out;
  if (nomination_path::find_step(status, "approved")) out.push_back(Decision::kApprove);
  if (nomination_path::find_step(status, "rejected")) out.push_back(Decision::kReject);
  return out;
}

}  // namespace thidua
