// Step 4 of `thidua demo`: what the province does with the half-year's
// work, through records/ as the office web app's province pages do, each
// step dated in the half-year.
#include "cli/demo_cycle.h"

#include <algorithm>
#include <iostream>
#include <iterator>

#include "cli/output.h"
#include "records/records.h"

namespace thidua::cli {
namespace {

// The fate of each nomination of cli/demo_work.cc's table, in its order.
struct Fate {
  const char* appraised_on;
  const char* appraisal;
  bool approve;
  const char* reason;  // the council's, when it rejects
};

const Fate kFates[] = {
    {"2021-06-10", "Đủ hồ sơ; thành tích được UBND huyện Đồng Văn xác nhận.", true, ""},
    {"2021-06-10", "Đủ hồ sơ; số liệu giảm nghèo khớp báo cáo của huyện.", true, ""},
    {"2021-06-11", "Đủ hồ sơ; có xác nhận của Phòng Giáo dục huyện Mèo Vạc.", true, ""},
    {"2021-06-11", "Hồ sơ đủ thành phần; cần Hội đồng xem xét thời điểm xét danh hiệu.", false,
     "Danh hiệu Tập thể lao động xuất sắc xét khi tổng kết năm học; "
     "đề nghị trường gửi lại sau khi tổng kết năm học 2020 - 2021."},
    {"2021-06-14", "Đủ điều kiện trình Thủ tướng Chính phủ tặng Bằng khen.", true, ""},
};

constexpr const char* kSessionDay = "2021-06-24";
constexpr const char* kDecisionNo = "1045/QĐ-UBND";
constexpr const char* kDecisionDay = "2021-06-29";
constexpr const char* kForwardDay = "2021-06-30";

// The province makes two units' notes public, as the unit wrote them.
Status publish_notes(Store& province) {
  for (const auto& [task, unit] :
       {std::pair{"2021-q1-10", "ban-tdkt"}, std::pair{"2021-q2-06", "hoi-doanh-nghiep"}})
    THIDUA_RETURN_IF_ERROR(publish_progress_note(province, progress_id(task, unit), std::nullopt));
  return Status::ok();
}

// The quarter II session: planned, every appraised nomination on its
// agenda, held, and the council's verdicts. Returns the session's id.
Result<std::string> hold_council(Store& province, const std::vector<std::string>& ids) {
  NewCouncilSession session{2021, 2, "Phiên họp Hội đồng TĐKT tỉnh Quý II/2021",
                            "Hội trường UBND tỉnh", std::string(kSessionDay)};
  THIDUA_ASSIGN_OR_RETURN(std::string session_id, add_council_session(province, session));
  for (const auto& id : ids) THIDUA_RETURN_IF_ERROR(schedule_nomination(province, id, session_id));
  THIDUA_RETURN_IF_ERROR(hold_council_session(province, session_id, kSessionDay, kDemoHalfYearEnd));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Fate& f = kFates[i];
    THIDUA_RETURN_IF_ERROR(decide_nomination(
        province, ids[i], f.approve ? Verdict::kApprove : Verdict::kReject, f.reason));
  }
  return session_id;
}

struct AfterCouncil {
  int decided = 0, forwarded = 0;
};

// After the council: the province's decision for each approved
// province-level nomination, the state-level ones forwarded.
Result<AfterCouncil> after_council(Store& province, const std::vector<std::string>& ids) {
  AfterCouncil done;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!kFates[i].approve) continue;
    THIDUA_ASSIGN_OR_RETURN(Nomination n, find_nomination(province, ids[i]));
    THIDUA_ASSIGN_OR_RETURN(auto kinds, list_award_kinds(province));
    bool state = false;
    for (const auto& k : kinds) state = state || (k.id == n.award_kind && k.level == "state");
    if (state) {
      THIDUA_RETURN_IF_ERROR(forward_nomination(province, ids[i], kForwardDay, kDemoHalfYearEnd));
      ++done.forwarded;
      continue;
    }
    DecisionRecord d{kDecisionNo, kDecisionDay, "", kDemoHalfYearEnd};
    THIDUA_RETURN_IF_ERROR(record_decision(province, ids[i], d));
    ++done.decided;
  }
  return done;
}

}  // namespace

int publish_stories(Store& province, const std::vector<SentStory>& stories) {
  for (const auto& story : stories) {
    ReviewDetails d;
    d.note = "Bài tốt, đăng lên trang công khai.";
    d.today = story.publish_on;
    if (Status st = review_story(province, story.id, Decision::kPublish, d); !st.is_ok())
      return fail("không duyệt được bài", st);
  }
  return 0;
}

int commendation_cycle(DemoNode& province, const DemoSent& sent) {
  Store& s = *province.store;
  if (Status st = publish_notes(s); !st.is_ok())
    return fail("không công bố được ghi chú tiến độ", st);
  if (sent.nominations.size() != std::size(kFates))
    return fail("bản trình diễn gửi " + std::to_string(sent.nominations.size()) + " hồ sơ, cần " +
                std::to_string(std::size(kFates)));
  for (std::size_t i = 0; i < sent.nominations.size(); ++i) {
    if (Status st = appraise_nomination(s, sent.nominations[i], kFates[i].appraisal,
                                        kFates[i].appraised_on, kDemoHalfYearEnd);
        !st.is_ok())
      return fail("không thẩm định được hồ sơ", st);
  }
  auto session = hold_council(s, sent.nominations);
  if (!session) return fail("không họp được hội đồng", session.status());
  auto done = after_council(s, sent.nominations);
  if (!done) return fail("không ghi được quyết định khen thưởng", done.status());
  const auto rejected =
      std::count_if(std::begin(kFates), std::end(kFates), [](const Fate& f) { return !f.approve; });
  std::cout << "  công bố 2 ghi chú tiến độ; thẩm định " << sent.nominations.size()
            << " hồ sơ đề nghị khen thưởng; Hội đồng họp ngày 24/6/2021, trả lại " << rejected
            << " hồ sơ (kèm lý do); Quyết định số " << kDecisionNo << " ngày 29/6/2021 khen thưởng "
            << done->decided << " hồ sơ; trình Trung ương " << done->forwarded << " hồ sơ\n";
  return 0;
}

}  // namespace thidua::cli
