#include "records/review.h"

#include <initializer_list>

#include "records/internal/checks.h"
#include "records/node.h"
#include "store/nomination_path.h"

namespace thidua {

using namespace records_internal;
namespace path = nomination_path;

namespace {

bool one_of(const std::string& status, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (status == a) return true;
  return false;
}

Status check_reviewer(Store& store, const ReviewDetails& d) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  if (!node.is_province()) {
    return Status::invalid("chỉ cấp tỉnh được duyệt; nút này thuộc " + node.unit_id +
                           " (cấp huyện)");
  }
  if (d.note) THIDUA_RETURN_IF_ERROR(check_text("ý kiến duyệt", *d.note, false));
  if (d.council_session)
    THIDUA_RETURN_IF_ERROR(check_text("phiên họp hội đồng", *d.council_session, true));
  if (d.decision_no) THIDUA_RETURN_IF_ERROR(check_text("số quyết định", *d.decision_no, true));
  if (d.decided_on) THIDUA_RETURN_IF_ERROR(check_past_date("ngày quyết định", *d.decided_on, d.today));
  return Status::ok();
}

Status refuse(const std::string& what, const std::string& id, const std::string& status,
              const std::string& action, const std::string& from) {
  return Status::conflict(what + " " + id + " đang ở trạng thái " + status_label(status) +
                          "; chỉ " + action + " được khi đang " + from);
}

}  // namespace

Status review_story(Store& store, const std::string& id, Decision decision,
                    const ReviewDetails& d) {
  THIDUA_RETURN_IF_ERROR(check_reviewer(store, d));
  if (d.council_session || d.decision_no || d.decided_on) {
    return Status::invalid(
        "phiên họp hội đồng, số quyết định và ngày quyết định chỉ dùng cho hồ sơ đề nghị khen thưởng");
  }
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row story, require_row(store, "stories", id, "bài điển hình"));
    const std::string status = text_of(story, "status");
    Row row{{"id", id}};
    switch (decision) {
      case Decision::kApprove:
        if (status != "submitted")
          return refuse("bài", id, status, "duyệt", "ở trạng thái đã gửi (submitted)");
        row["status"] = std::string("approved");
        break;
      case Decision::kReject:
        if (!one_of(status, {"submitted", "approved"})) {
          return refuse("bài", id, status, "trả lại",
                        "ở trạng thái đã gửi (submitted) hoặc đã duyệt (approved)");
        }
        row["status"] = std::string("rejected");
        break;
      case Decision::kPublish:
        if (!one_of(status, {"submitted", "approved"})) {
          return refuse("bài", id, status, "đăng",
                        "ở trạng thái đã gửi (submitted) hoặc đã duyệt (approved)");
        }
        row["status"] = std::string("published");
        row["published_on"] = date_or_today(d.today);
        break;
      case Decision::kUnpublish:
        if (status != "published") return refuse("bài", id, status, "gỡ", "ở trạng thái đã đăng (published)");
        row["status"] = std::string("approved");  // published_on stays: it was public once
        break;
    }
    if (d.note) row["review_note"] = *d.note;
    return store.write("stories", row);
  });
}

Status review_nomination(Store& store, const std::string& id, Decision decision,
                         const ReviewDetails& d) {
  THIDUA_RETURN_IF_ERROR(check_reviewer(store, d));
  if (decision == Decision::kPublish || decision == Decision::kUnpublish) {
    return Status::invalid(
        "hồ sơ đề nghị khen thưởng chỉ duyệt (--approve) hoặc trả lại (--reject), không đăng "
        "riêng");
  }
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row nomination,
                            require_row(store, "nominations", id, "hồ sơ đề nghị khen thưởng"));
    const std::string status = text_of(nomination, "status");
    Row row{{"id", id}, {"decided_on", d.decided_on ? *d.decided_on : date_or_today(d.today)}};
    // The council decides only what the board's staff has appraised: the
    // path's table (store/nomination_path.h), as the server judges it.
    path::Facts after = path::facts_of(nomination, "province");
    const std::string to = decision == Decision::kApprove ? "approved" : "rejected";
    if (!path::find_step(status, to)) {
      return refuse("hồ sơ", id, status, decision == Decision::kApprove ? "duyệt" : "trả lại",
                    "ở trạng thái đã thẩm định (appraised); hồ sơ mới gửi cần được thẩm định trước");
    }
    after.status = to;
    // The server refuses a decision on a row with no appraisal date.
    if (path::missing(after) & path::kAppraisedOn) return refuse_unappraised(id);
    if (path::kAgendaOnEveryPath && (path::missing(after) & path::kOnAgenda)) {
      return refuse_off_agenda(id);
    }
    row["status"] = to;
    // What the server accepts (sync/server/authz.h): a decision number only
    // on an approved nomination of a province-level kind.
    if (d.decision_no && !path::field_allowed("decision_no", after)) {
      return Status::invalid("số quyết định chỉ ghi khi duyệt, không ghi khi trả lại hồ sơ");
    }
    if (d.decision_no && !text_of(nomination, "award_kind").empty()) {
      THIDUA_ASSIGN_OR_RETURN(Row kind, require_row(store, "award_kinds", text_of(nomination, "award_kind"),
                                                    "loại khen thưởng"));
      after.state_level = text_of(kind, "level") == "state";
      if (!path::field_allowed("decision_no", after)) {
        return Status::conflict(text_of(kind, "name") + " là khen thưởng cấp nhà nước: hồ sơ " + id +
                                " trình Trung ương, số quyết định do Trung ương ghi nhận");
      }
    }
    if (d.note) row["review_note"] = *d.note;
    if (d.council_session) row["council_session"] = *d.council_session;
    if (d.decision_no) row["decision_no"] = *d.decision_no;
    return store.write("nominations", row);
  });
}

}  // namespace thidua
