#include "records/nominations.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/vietnam_time.h"
#include "records/internal/checks.h"
#include "records/node.h"
#include "store/nomination_path.h"
#include "store/schema.h"

namespace thidua {

using namespace records_internal;

namespace {

const char* const kWhat = "hồ sơ đề nghị khen thưởng";

Status check_nomination_fields(const std::optional<std::string>& nominee,
                               const std::optional<std::string>& kind,
                               const std::optional<std::string>& award,
                               const std::optional<std::string>& achievement_md) {
  if (nominee)
    THIDUA_RETURN_IF_ERROR(check_text("tên người hoặc tập thể được đề nghị", *nominee, true));
  if (kind) THIDUA_RETURN_IF_ERROR(check_one_of("loại đối tượng", *kind, kNomineeKinds));
  if (award) THIDUA_RETURN_IF_ERROR(check_text("hình thức khen thưởng", *award, true));
  if (achievement_md) THIDUA_RETURN_IF_ERROR(check_text("thành tích", *achievement_md, true));
  return Status::ok();
}

// The clock of the row's insert (0 when this copy has none).
Result<Hlc> inserted_at(Store& store, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(auto clock, store.cell_clock("nominations", id, std::string(kRowColumn)));
  return clock ? clock->hlc : Hlc{0};
}

Nomination nomination_of(const Row& row, Hlc inserted) {
  Nomination n;
  n.id = text_of(row, "id");
  n.unit_id = text_of(row, "unit_id");
  n.nominee = text_of(row, "nominee");
  n.nominee_kind = text_of(row, "nominee_kind");
  n.award = text_of(row, "award");
  n.achievement_md = text_of(row, "achievement_md");
  n.status = text_of(row, "status");
  n.review_note = text_of(row, "review_note");
  n.council_session = text_of(row, "council_session");
  n.decision_no = text_of(row, "decision_no");
  n.decided_on = text_of(row, "decided_on");
  n.award_kind = text_of(row, "award_kind");
  n.session_id = text_of(row, "session_id");
  n.appraisal_note = text_of(row, "appraisal_note");
  n.appraised_on = text_of(row, "appraised_on");
  n.signing_level = text_of(row, "signing_level");
  n.forwarded_on = text_of(row, "forwarded_on");
  n.centre_result = text_of(row, "centre_result");
  if (inserted != 0) {
    n.sent_on = vietnam_date(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(hlc_wall_ms(inserted))));
  }
  return n;
}

// The nomination, refused unless it belongs to this node's unit.
Result<Row> own_nomination(Store& store, const NodeIdentity& node, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "nominations", id, kWhat));
  const std::string unit = text_of(row, "unit_id");
  if (unit != node.unit_id) {
    return Status::invalid("hồ sơ " + id + " là của đơn vị " + unit +
                           "; chỉ đơn vị đó được sửa hoặc gửi lại hồ sơ");
  }
  return row;
}

}  // namespace

Result<std::string> nominate(Store& store, const NewNomination& n) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  // With an award kind the award text may be left to the kind's name.
  std::optional<std::string> award;
  if (n.award_kind.empty() || !n.award.empty()) award = n.award;
  THIDUA_RETURN_IF_ERROR(check_nomination_fields(n.nominee, n.nominee_kind, award, n.achievement_md));

  const std::string id = new_row_id();
  Status written = store.transaction([&]() -> Status {
    THIDUA_RETURN_IF_ERROR(require_unit(store, node.unit_id));
    Row row{{"id", id},
            {"unit_id", node.unit_id},
            {"nominee", n.nominee},
            {"nominee_kind", n.nominee_kind},
            {"award", n.award},
            {"achievement_md", n.achievement_md},
            {"status", std::string("submitted")}};
    if (!n.award_kind.empty()) {
      THIDUA_RETURN_IF_ERROR(check_award_kind(store, n.award_kind, n.nominee_kind));
      row["award_kind"] = n.award_kind;
      if (n.award.empty()) {
        THIDUA_ASSIGN_OR_RETURN(Row kind, require_row(store, "award_kinds", n.award_kind, "loại khen thưởng"));
        row["award"] = text_of(kind, "name");
      }
    }
    return store.write("nominations", row);
  });
  if (!written.is_ok()) return written;
  return id;
}

bool nomination_open_to_unit(const std::string& status) { return nomination_path::open_to_unit(status); }

Result<std::vector<Nomination>> unit_nominations(Store& store, const std::string& unit_id) {
  std::vector<std::pair<Hlc, Nomination>> found;
  Status read = store.read_snapshot([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(auto rows, store.rows_where("nominations", "unit_id", {unit_id}));
    for (const Row& row : rows) {
      THIDUA_ASSIGN_OR_RETURN(Hlc inserted, inserted_at(store, text_of(row, "id")));
      found.emplace_back(inserted, nomination_of(row, inserted));
    }
    return Status::ok();
  });
  if (!read.is_ok()) return read;
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second.id < b.second.id;
  });
  std::vector<Nomination> out;
  out.reserve(found.size());
  for (auto& [clock, n] : found) out.push_back(std::move(n));
  return out;
}

Result<Nomination> find_nomination(Store& store, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "nominations", id, kWhat));
  THIDUA_ASSIGN_OR_RETURN(Hlc inserted, inserted_at(store, id));
  return nomination_of(row, inserted);
}

Status edit_nomination(Store& store, const NominationEdit& e) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  if (!e.nominee && !e.nominee_kind && !e.award && !e.achievement_md && !e.award_kind) {
    return Status::invalid(
        "không có gì để sửa: hãy nêu tên, loại đối tượng, hình thức khen thưởng hoặc thành tích");
  }
  THIDUA_RETURN_IF_ERROR(
      check_nomination_fields(e.nominee, e.nominee_kind, e.award, e.achievement_md));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row current, own_nomination(store, node, e.id));
    const std::string status = text_of(current, "status");
    if (!node.is_province() && !nomination_open_to_unit(status)) {
      return Status::conflict(
          "hồ sơ " + e.id + " đang ở trạng thái " + status_label(status) +
          "; cấp tỉnh đã xét nên không sửa được nữa, trừ khi cấp tỉnh trả lại hồ sơ");
    }
    Row row{{"id", e.id}};
    if (e.nominee) row["nominee"] = *e.nominee;
    if (e.nominee_kind) row["nominee_kind"] = *e.nominee_kind;
    if (e.award) row["award"] = *e.award;
    if (e.achievement_md) row["achievement_md"] = *e.achievement_md;
    // The kind must take the nominee as the edit leaves it, whichever changed.
    const std::string kind = e.award_kind ? *e.award_kind : text_of(current, "award_kind");
    if (!kind.empty() && (e.award_kind || e.nominee_kind)) {
      THIDUA_RETURN_IF_ERROR(
          check_award_kind(store, kind, e.nominee_kind ? *e.nominee_kind : text_of(current, "nominee_kind")));
    }
    if (e.award_kind) row["award_kind"] = e.award_kind->empty() ? Value() : Value(*e.award_kind);
    return store.write("nominations", row);
  });
}

Status resubmit_nomination(Store& store, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row current, own_nomination(store, node, id));
    const std::string status = text_of(current, "status");
    if (status != "rejected") {
      return Status::conflict("hồ sơ " + id + " đang ở trạng thái " + status_label(status) +
                              "; chỉ gửi lại được hồ sơ bị trả lại (rejected)");
    }
    return store.write("nominations", {{"id", id}, {"status", std::string("submitted")}});
  });
}

}  // namespace thidua
