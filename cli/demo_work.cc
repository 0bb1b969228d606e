// Step 2 of `thidua demo`: the half-year's work on each machine, offline.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/demo_cycle.h"
#include "cli/output.h"
#include "records/records.h"

namespace thidua::cli {
namespace {

namespace fs = std::filesystem;

// One progress report as a unit's clerk made it, on its day. Only tasks of
// quarters I and II that content/plans/2021.json names the unit for: a
// report by a unit the plan does not name moves nothing
// (records/task_state.h).
struct DemoReport {
  std::size_t node;
  const char* task;
  const char* status;
  int percent;
  const char* on;
  const char* note;
};

const DemoReport kReports[] = {
    {kProvince, "2021-q1-02", "done", 100, "2021-02-26",
     "Đã tham mưu UBND tỉnh phát động phong trào thi đua chào mừng cuộc bầu cử."},
    {kProvince, "2021-q1-01", "done", 100, "2021-03-12",
     "Đã tham mưu kế hoạch triển khai Chương trình số 273/CTr-UBND, gửi các sở, ngành, huyện."},
    {kProvince, "2021-q1-03", "done", 100, "2021-03-19",
     "Đã trình kiện toàn Hội đồng TĐKT tỉnh và các khối thi đua."},
    {kProvince, "2021-q1-05", "in_progress", 70, "2021-03-29",
     "Dự thảo hướng dẫn đã xin ý kiến thành viên Hội đồng; chờ Hội đồng thông qua."},
    {kProvince, "2021-q1-06", "blocked", 30, "2021-03-31",
     "Còn nhiều sở, ngành và địa phương chưa gửi ý kiến góp ý dự thảo Quy định."},
    {kProvince, "2021-q1-07", "in_progress", 50, "2021-03-26",
     "Đã tổng hợp hồ sơ; phiên họp Hội đồng dời sang quý II cùng hồ sơ của các huyện."},
    {kProvince, "2021-q1-10", "done", 100, "2021-03-30",
     "Đã chọn các gương người tốt, việc tốt đầu tiên của năm để giới thiệu trên trang công khai."},
    {kProvince, "2021-q2-01", "in_progress", 40, "2021-06-18",
     "Đang tổng hợp danh sách đề nghị của các huyện."},
    {kProvince, "2021-q2-06", "done", 100, "2021-06-08",
     "Đã có văn bản đôn đốc Hội Doanh nghiệp tỉnh."},
    {kProvince, "2021-q2-05", "done", 100, "2021-06-24",
     "Đã thẩm định hồ sơ của các huyện và phục vụ phiên họp Hội đồng ngày 24/6/2021."},
    {kProvince, "2021-q2-09", "done", 100, "2021-06-28",
     "Đã chọn ba gương điển hình của Đồng Văn, Mèo Vạc và Yên Minh, đăng trên trang công khai."},
    {kProvince, "2021-q2-04", "in_progress", 60, "2021-06-29",
     "Đang tổng hợp số liệu sơ kết từ các đơn vị."},
    {kUbndTinh, "2021-q1-02", "done", 100, "2021-02-26",
     "Đã ban hành văn bản phát động phong trào thi đua."},
    {kUbndTinh, "2021-q1-01", "done", 100, "2021-03-12",
     "Đã ban hành kế hoạch triển khai Chương trình."},
    {kUbndTinh, "2021-q1-03", "done", 100, "2021-03-19",
     "Đã ban hành quyết định kiện toàn Hội đồng TĐKT tỉnh."},
    {kUbndTinh, "2021-q2-04", "in_progress", 50, "2021-06-29",
     "Chờ Ban TĐKT trình dự thảo báo cáo sơ kết."},
    {kDoanhNghiep, "2021-q2-06", "done", 100, "2021-06-15",
     "Đã gửi thông báo đăng ký bình xét tôn vinh tới các doanh nghiệp hội viên."},
};

// One district's story: the sample it is written from, the day it is
// written and sent, the day the province publishes it.
struct DemoStory {
  std::size_t node;
  const char *sample, *title, *subject, *category, *on, *published_on;
};

const DemoStory kStories[] = {
    {kDongVan, "nguoi-giu-rung-lung-cu.md", "Người giữ rừng ở Lũng Cú", "Ông Sùng Mí Páo",
     "individual", "2021-03-18", "2021-04-02"},
    {kMeoVac, "co-giao-ban-mong.md", "Cô giáo đưa học trò trở lại lớp", "Cô Lò Thị Hoa",
     "individual", "2021-04-12", "2021-05-06"},
    {kYenMinh, "hop-tac-xa-che-shan.md", "Hợp tác xã chè Shan tuyết Đông Minh", "HTX chè Đông Minh",
     "business", "2021-05-20", "2021-06-03"},
};

// The districts' nominations (content/awards.json's kinds). Their fate is
// the province's (cli/demo_cycle.cc), in this order.
struct DemoNomination {
  std::size_t node;
  const char *nominee, *kind, *award_kind, *achievement;
};

const DemoNomination kNominations[] = {
    {kDongVan, "Ông Sùng Mí Páo", "individual", "bang-khen-chu-tich-ubnd-tinh",
     "Hai mươi năm giữ **rừng đầu nguồn** ở xã Lũng Cú; vận động 40 hộ trồng lại rừng."},
    {kDongVan, "Ủy ban nhân dân xã Lũng Cú", "collective", "bang-khen-chu-tich-ubnd-tinh",
     "Dẫn đầu huyện về giảm nghèo và bảo vệ rừng năm 2020."},
    {kMeoVac, "Lò Thị Hoa", "individual", "bang-khen-chu-tich-ubnd-tinh",
     "Vận động học sinh người Mông trở lại lớp; không còn học sinh bỏ học giữa năm học."},
    {kMeoVac, "Trường PTDT bán trú Tiểu học Sơn Vĩ", "collective", "tap-the-lao-dong-xuat-sac",
     "Hoàn thành xuất sắc nhiệm vụ học kỳ I năm học 2020 - 2021."},
    {kYenMinh, "Hợp tác xã chè Shan tuyết Đông Minh", "business", "bang-khen-thu-tuong",
     "Đưa chè Shan tuyết của xã Đông Minh ra thị trường, tạo việc làm cho 120 hộ đồng bào."},
};

Result<std::string> read_sample(const std::string& content_dir, const std::string& name) {
  const fs::path path = fs::path(content_dir) / "samples" / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("không có tệp mẫu " + path.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The node's progress reports; returns how many.
Result<int> report_tasks(std::size_t node, Store& s) {
  int n = 0;
  for (const auto& r : kReports) {
    if (r.node != node) continue;
    ProgressReport p;
    p.task_id = r.task;
    p.status = r.status;
    p.percent = r.percent;
    p.note_md = std::string(r.note);
    p.today = r.on;
    auto id = report_progress(s, p);
    if (!id) return id.status().with_context(r.task);
    ++n;
  }
  return n;
}

// The district's story, written and submitted on its day; its id is
// appended to `ids`.
Status write_story(const DemoStory& w, Store& s, const std::string& content_dir,
                   const std::string& photo_path, std::vector<SentStory>& sent) {
  auto body = read_sample(content_dir, w.sample);
  if (!body) return body.status();
  NewStory story{w.title, w.subject, w.category, *body, {}, "", w.on};
  if (w.node == kDongVan) story.photo_paths = {photo_path};
  auto id = add_story(s, story);
  if (!id) return id.status();
  THIDUA_RETURN_IF_ERROR(submit_story(s, *id));
  sent.push_back({*id, w.published_on});
  return Status::ok();
}

// The district's nominations, their ids appended to `ids`; returns how many.
Result<int> nominate_all(std::size_t node, Store& s, std::vector<std::string>& ids) {
  int n = 0;
  for (const auto& d : kNominations) {
    if (d.node != node) continue;
    NewNomination nomination{d.nominee, d.kind, "", d.achievement, d.award_kind};
    auto id = nominate(s, nomination);
    if (!id) return id.status().with_context(d.nominee);
    ids.push_back(*id);
    ++n;
  }
  return n;
}

}  // namespace

int work_offline(std::vector<DemoNode>& nodes, const std::string& content_dir,
                 const std::string& photo_path, DemoSent& sent) {
  std::cout << "\n2. Nửa đầu năm 2021, khi mất mạng: các đơn vị kế hoạch giao việc báo cáo tiến "
               "độ; các huyện viết "
               "bài điển hình và đề nghị khen thưởng.\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Store& s = *nodes[i].store;
    auto reports = report_tasks(i, s);
    if (!reports) return fail("không báo cáo được tiến độ", reports.status());
    std::string what = std::to_string(*reports) + " báo cáo tiến độ";
    for (const auto& w : kStories) {
      if (w.node != i) continue;
      if (Status st = write_story(w, s, content_dir, photo_path, sent.stories); !st.is_ok())
        return fail("không viết được bài", st);
      what = std::string("bài \"") + w.title + "\"" + (i == kDongVan ? " kèm ảnh" : "");
    }
    auto nominated = nominate_all(i, s, sent.nominations);
    if (!nominated) return fail("không gửi được đề nghị khen thưởng", nominated.status());
    if (*nominated) what += ", " + std::to_string(*nominated) + " đề nghị khen thưởng";
    auto pending = s.outbox_count();
    std::cout << "  " << pad(nodes[i].label, 26) << what << " — " << (pending ? *pending : 0)
              << " ô chờ gửi\n";
  }
  return 0;
}

}  // namespace thidua::cli
