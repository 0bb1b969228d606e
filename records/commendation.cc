#include "records/commendation.h"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "records/internal/checks.h"
#include "records/node.h"
#include "store/nomination_path.h"

namespace thidua {

using namespace records_internal;
namespace path = nomination_path;

namespace {

const char* const kWhat = "hồ sơ đề nghị khen thưởng";

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

AwardKindInfo award_kind_of(const Row& row) {
  return {text_of(row, "id"),
          text_of(row, "name"),
          text_of(row, "level"),
          text_of(row, "signer"),
          split_commas(text_of(row, "nominee_kinds")),
          static_cast<int>(int_of(row, "ordinal"))};
}

Status refuse(const std::string& id, const std::string& status, const std::string& step,
              const std::string& when) {
  return Status::conflict("hồ sơ " + id + " đang ở trạng thái " + status_label(status) + "; chỉ " +
                          step + " được khi " + when);
}

// The nomination's award kind; a row naming none counts as province-level
// with the province's chairman signing.
Result<AwardKindInfo> kind_of_nomination(Store& store, const Row& nomination) {
  const std::string kind = text_of(nomination, "award_kind");
  if (kind.empty()) return AwardKindInfo{"", "", "province", "chu-tich-ubnd-tinh", {}, 0};
  THIDUA_ASSIGN_OR_RETURN(Row row, require_row(store, "award_kinds", kind, "loại khen thưởng"));
  return award_kind_of(row);
}

// Reads the nomination inside a province's transaction and runs `step` on
// it; `step` returns the cells to write (besides the id).
template <typename Step>
Status on_nomination(Store& store, const std::string& id, const std::string& action, Step step) {
  THIDUA_RETURN_IF_ERROR(require_province(store, action));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row current, require_row(store, "nominations", id, kWhat));
    Row row{{"id", id}};
    THIDUA_RETURN_IF_ERROR(step(current, row));
    return store.write("nominations", row);
  });
}

// The decision's number, date and signing level checked and put in `row`;
// `by` decides (nomination_path.h: the signing levels that apply).
Status put_decision(const DecisionRecord& d, path::Decider by, const std::string& default_level,
                    Row& row) {
  THIDUA_RETURN_IF_ERROR(check_text("số quyết định", d.decision_no, true));
  THIDUA_RETURN_IF_ERROR(check_past_date("ngày quyết định", d.decided_on, d.today));
  const std::string level = d.signing_level.empty() ? default_level : d.signing_level;
  THIDUA_RETURN_IF_ERROR(check_one_of("cấp ký quyết định", level, path::signing_levels(by)));
  row["decision_no"] = d.decision_no;
  row["decided_on"] = d.decided_on;
  row["signing_level"] = level;
  return Status::ok();
}

}  // namespace

namespace records_internal {

Status check_award_kind(Store& store, const std::string& kind_id, const std::string& nominee_kind) {
  auto row = store.get("award_kinds", kind_id);
  if (!row) return row.status();
  if (!*row) {
    return Status::invalid(
        "không có loại khen thưởng \"" + kind_id +
        "\"; xem danh sách bằng `thidua node nominate --help` hoặc đồng bộ để nhận danh mục");
  }
  AwardKindInfo kind = award_kind_of(**row);
  if (std::find(kind.nominee_kinds.begin(), kind.nominee_kinds.end(), nominee_kind) ==
      kind.nominee_kinds.end()) {
    std::string list;
    for (const auto& k : kind.nominee_kinds) list += (list.empty() ? "" : ", ") + k;
    return Status::invalid(kind.name + " chỉ dành cho: " + list + " (không phải \"" + nominee_kind +
                           "\")");
  }
  return Status::ok();
}

Status refuse_off_agenda(const std::string& id) {
  return Status::conflict("hồ sơ " + id +
                          " chưa được đưa vào phiên họp nào; hãy đưa vào một phiên họp hội đồng "
                          "trước");
}

Status refuse_unappraised(const std::string& id) {
  return Status::conflict("hồ sơ " + id +
                          " chưa có ngày thẩm định; hãy thẩm định hồ sơ (ghi ý kiến và ngày thẩm "
                          "định) trước khi duyệt hoặc trả lại");
}

}  // namespace records_internal

Result<std::vector<AwardKindInfo>> list_award_kinds(Store& store) {
  THIDUA_ASSIGN_OR_RETURN(auto rows, store.rows("award_kinds"));
  std::vector<AwardKindInfo> out;
  for (const Row& r : rows) out.push_back(award_kind_of(r));
  std::sort(out.begin(), out.end(), [](const AwardKindInfo& a, const AwardKindInfo& b) {
    return std::tie(a.ordinal, a.id) < std::tie(b.ordinal, b.id);
  });
  return out;
}

Status appraise_nomination(Store& store, const std::string& id, const std::string& note,
                           const std::string& appraised_on, const std::string& today) {
  THIDUA_RETURN_IF_ERROR(check_text("ý kiến thẩm định", note, true));
  const std::string on = appraised_on.empty() ? date_or_today(today) : appraised_on;
  THIDUA_RETURN_IF_ERROR(check_past_date("ngày thẩm định", on, today));
  return on_nomination(store, id, "thẩm định hồ sơ", [&](const Row& current, Row& row) -> Status {
    const std::string status = text_of(current, "status");
    // An appraised row with no date (kAppraisedOn missing) is appraised
    // again: no decision on it would pass the server until it is.
    const bool undated = status == "appraised" && text_of(current, "appraised_on").empty();
    if (!path::find_step(status, "appraised") && !undated)
      return refuse(id, status, "thẩm định", "đang ở trạng thái đã gửi (submitted)");
    row["status"] = std::string("appraised");
    row["appraisal_note"] = note;
    row["appraised_on"] = on;
    return Status::ok();
  });
}

Status schedule_nomination(Store& store, const std::string& id, const std::string& session_id) {
  THIDUA_RETURN_IF_ERROR(check_text("phiên họp", session_id, true));
  return on_nomination(
      store, id, "đưa hồ sơ vào phiên họp", [&](const Row& current, Row& row) -> Status {
        const std::string status = text_of(current, "status");
        // The agenda is set where the council decides from.
        if (!path::find_step(status, "approved")) {
          return refuse(id, status, "đưa vào phiên họp",
                        "đã thẩm định (appraised) và hội đồng chưa quyết định");
        }
        THIDUA_RETURN_IF_ERROR(
            require_row(store, "council_sessions", session_id, "phiên họp hội đồng").status());
        row["session_id"] = session_id;
        return Status::ok();
      });
}

Status decide_nomination(Store& store, const std::string& id, Verdict verdict,
                         const std::string& reason) {
  if (verdict == Verdict::kReject)
    THIDUA_RETURN_IF_ERROR(check_text("lý do trả lại", reason, true));
  return on_nomination(
      store, id, "ghi quyết định của hội đồng", [&](const Row& current, Row& row) -> Status {
        const std::string to = verdict == Verdict::kApprove ? "approved" : "rejected";
        path::Facts after = path::facts_of(current, "");
        if (!path::find_step(after.status, to))
          return refuse(id, after.status, "hội đồng xét", "đã thẩm định (appraised)");
        after.status = to;
        // The decision's needs, as the server judges them: the appraisal
        // date first (the clerk fixes that before scheduling), then the agenda.
        if (path::missing(after) & path::kAppraisedOn) return refuse_unappraised(id);
        if (path::missing(after) & path::kOnAgenda) return refuse_off_agenda(id);
        row["status"] = to;
        if (verdict == Verdict::kReject) row["review_note"] = reason;
        return Status::ok();
      });
}

Status record_decision(Store& store, const std::string& id, const DecisionRecord& d) {
  return on_nomination(
      store, id, "ghi quyết định khen thưởng", [&](const Row& current, Row& row) -> Status {
        const std::string status = text_of(current, "status");
        // The state first (as if province-level), then the award kind's level.
        if (path::decider(path::facts_of(current, "province")) != path::Decider::kProvince)
          return refuse(id, status, "ghi quyết định", "hội đồng đã duyệt (approved)");
        THIDUA_ASSIGN_OR_RETURN(AwardKindInfo kind, kind_of_nomination(store, current));
        if (path::decider(path::facts_of(current, kind.level)) != path::Decider::kProvince) {
          return Status::conflict(kind.name + " là khen thưởng cấp nhà nước; hồ sơ " + id +
                                  " phải trình Trung ương, quyết định do Trung ương ghi nhận");
        }
        if (!text_of(current, "decision_no").empty()) {
          return Status::conflict("hồ sơ " + id + " đã có quyết định số " +
                                  text_of(current, "decision_no"));
        }
        return put_decision(d, path::Decider::kProvince, "chu-tich-ubnd-tinh", row);
      });
}

Status forward_nomination(Store& store, const std::string& id, const std::string& forwarded_on,
                          const std::string& today) {
  THIDUA_RETURN_IF_ERROR(check_past_date("ngày trình Trung ương", forwarded_on, today));
  return on_nomination(
      store, id, "trình hồ sơ lên Trung ương", [&](const Row& current, Row& row) -> Status {
        const std::string status = text_of(current, "status");
        if (!path::find_step(status, "forwarded"))
          return refuse(id, status, "trình Trung ương", "hội đồng đã duyệt (approved)");
        THIDUA_ASSIGN_OR_RETURN(AwardKindInfo kind, kind_of_nomination(store, current));
        path::Facts after = path::facts_of(current, kind.level);
        after.status = "forwarded";
        if (path::missing(after) & path::kStateLevel) {
          return Status::conflict("hồ sơ " + id +
                                  " đề nghị khen thưởng cấp tỉnh; không trình Trung ương, hãy ghi "
                                  "quyết định của Chủ tịch UBND tỉnh");
        }
        row["status"] = std::string("forwarded");
        row["forwarded_on"] = forwarded_on;
        return Status::ok();
      });
}

Status record_centre_result(Store& store, const std::string& id, const CentreResult& r) {
  if (!r.conferred)
    THIDUA_RETURN_IF_ERROR(check_text("lý do Trung ương không khen thưởng", r.note, true));
  return on_nomination(
      store, id, "ghi kết quả của Trung ương", [&](const Row& current, Row& row) -> Status {
        const std::string status = text_of(current, "status");
        // The state first (as if state-level), then the award kind's level.
        if (!path::field_allowed("centre_result", path::facts_of(current, "state"))) {
          return refuse(id, status, "ghi kết quả của Trung ương",
                        "đã trình lên cấp trên (forwarded)");
        }
        THIDUA_ASSIGN_OR_RETURN(AwardKindInfo kind, kind_of_nomination(store, current));
        if (!path::field_allowed("centre_result", path::facts_of(current, kind.level))) {
          return Status::conflict("hồ sơ " + id +
                                  " đề nghị khen thưởng cấp tỉnh; Trung ương không xét, không có "
                                  "kết quả để ghi");
        }
        if (!text_of(current, "centre_result").empty()) {
          return Status::conflict("hồ sơ " + id + " đã có kết quả của Trung ương (" +
                                  text_of(current, "centre_result") + ")");
        }
        row["centre_result"] = std::string(r.conferred ? "conferred" : "declined");
        if (!r.conferred) {
          row["review_note"] = r.note;
          return Status::ok();
        }
        const std::string level = kind.signer == "chu-tich-nuoc" ? "chu-tich-nuoc" : "thu-tuong";
        THIDUA_RETURN_IF_ERROR(put_decision(r.decision, path::Decider::kCentre, level, row));
        // The centre decides on what it was sent: a date before the sending is
        // a slip (01/01/2020 for 01/11/2021). ISO dates of one shape order as text.
        const std::string forwarded_on = text_of(current, "forwarded_on");
        if (!forwarded_on.empty() && r.decision.decided_on < forwarded_on) {
          return Status::invalid("ngày quyết định " + r.decision.decided_on +
                                 " trước ngày trình Trung ương " + forwarded_on);
        }
        return Status::ok();
      });
}

}  // namespace thidua
