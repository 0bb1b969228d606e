// The report's tables as a workbook (libxlsxwriter, C API, only here): a
// summary sheet with every total, then one sheet per table of the HTML
// report, headers in the first row, numbers written as numbers.
#include <xlsxwriter.h>

#include <memory>
#include <variant>
#include <vector>

#include "report/internal/words.h"
#include "report/internal/writers.h"

namespace thidua::report_internal {
namespace {

using report::Report;
using Cell = std::variant<std::string, int>;
using Cells = std::vector<Cell>;

class Book {
 public:
  explicit Book(const std::string& path) : wb_(workbook_new(path.c_str())) {
    if (!wb_) return;
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
    wrap_ = workbook_add_format(wb_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }
  ~Book() {
    if (wb_) workbook_close(wb_);  // only when close() was not reached
  }
  bool ok() const { return wb_ != nullptr; }

  // A sheet named `name`, its header row in bold, then `rows`.
  void sheet(const std::string& name, const std::vector<std::string>& header, const std::vector<Cells>& rows) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    for (std::size_t c = 0; c < header.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold_);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 0 ? 8 : 16, wrap_);
    }
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        if (const int* n = std::get_if<int>(&rows[r][c])) {
          worksheet_write_number(ws, row, col, *n, nullptr);
        } else {
          worksheet_write_string(ws, row, col, std::get<std::string>(rows[r][c]).c_str(), wrap_);
        }
      }
    }
  }

  Status close(const std::string& path) {
    const lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    if (e != LXW_NO_ERROR) return Status::io("không ghi được tệp " + path + ": " + lxw_strerror(e));
    return Status::ok();
  }

 private:
  lxw_workbook* wb_;
  lxw_format* bold_ = nullptr;
  lxw_format* wrap_ = nullptr;
};

Cells counts_cells(Cells first, const report::TaskCounts& c) {
  for (int n : {c.total, c.done, c.in_progress, c.blocked, c.not_started, c.overdue}) first.push_back(n);
  return first;
}

const std::vector<std::string> kCountHeader = {"Số nhiệm vụ", "Hoàn thành", "Đang thực hiện", "Gặp vướng mắc",
                                               "Chưa thực hiện", "Quá hạn"};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

void summary(Book& b, const Report& r) {
  int conferred = 0, declined = 0, province = 0;
  for (const auto& l : r.forwarded) {
    conferred += l.centre_result == "conferred";
    declined += l.centre_result == "declined";
  }
  for (const auto& g : r.decided) province += g.level == "province" ? g.total() : 0;
  const auto& t = r.tasks;
  std::vector<Cells> rows = {
      {"Báo cáo", report_title(r.period) + " (dự thảo)"},
      {"Cơ quan", r.issuer_name},
      {"Tính đến ngày", date_vi(r.today)},
      {"Số nhiệm vụ của kỳ", t.total}, {"Hoàn thành", t.done}, {"Đang thực hiện", t.in_progress},
      {"Gặp vướng mắc", t.blocked}, {"Chưa thực hiện", t.not_started}, {"Quá hạn", t.overdue},
      {"Bài điển hình đã đăng", static_cast<int>(r.stories.size())},
      {"Phiên họp Hội đồng TĐKT", static_cast<int>(r.sessions.size())},
      {"Khen thưởng đã có quyết định", r.decided_total()}, {"Cấp tỉnh", province},
      {"Cấp Nhà nước", r.decided_total() - province},
      {"Hồ sơ trình Trung ương", static_cast<int>(r.forwarded.size())}, {"Được khen thưởng", conferred},
      {"Không được khen thưởng", declined},
      {"Hồ sơ chờ thẩm định", r.pending.submitted}, {"Hồ sơ chờ Hội đồng xét", r.pending.appraised},
      {"Đã thông qua, chưa có quyết định", r.pending.approved_undecided},
      {"Đã trình Trung ương, chưa có kết quả", r.pending.forwarded_waiting},
  };
  b.sheet("Tổng hợp", {"Nội dung", "Số liệu"}, rows);
}

void tasks(Book& b, const Report& r) {
  std::vector<Cells> quarters;
  for (const auto& q : r.quarters) quarters.push_back(counts_cells({"Quý " + roman(q.quarter)}, q.counts));
  quarters.push_back(counts_cells({"Cộng"}, r.tasks));
  b.sheet("Nhiệm vụ theo quý", with({"Quý"}, kCountHeader), quarters);
  std::vector<Cells> units;
  for (const auto& u : r.units) units.push_back(counts_cells({u.unit_name}, u.counts));
  b.sheet("Nhiệm vụ theo đơn vị", with({"Đơn vị"}, kCountHeader), units);
  auto lines = [](const std::vector<report::TaskLine>& list) {
    std::vector<Cells> rows;
    for (const auto& t : list)
      rows.push_back({"Quý " + roman(t.quarter), t.content, t.responsible, date_vi(t.due), phase_words(t.phase),
                      t.overdue ? "Quá hạn" : ""});
    return rows;
  };
  const std::vector<std::string> head = {"Quý", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tình trạng", "Quá hạn"};
  b.sheet("Nhiệm vụ chưa hoàn thành", head, lines(r.unfinished));
  b.sheet("Nhiệm vụ kỳ tới", {"Quý", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn"}, [&] {
    auto rows = lines(r.next_tasks);
    for (auto& row : rows) row.resize(4);
    return rows;
  }());
}

void awards(Book& b, const Report& r) {
  std::vector<Cells> stories;
  for (const auto& s : r.stories)
    stories.push_back({s.title, s.subject, category_words(s.category), s.unit_name, date_vi(s.published_on)});
  b.sheet("Bài điển hình", {"Tiêu đề", "Nhân vật", "Loại", "Đơn vị", "Ngày đăng"}, stories);
  std::vector<Cells> groups, decided;
  for (const auto& g : r.decided) {
    groups.push_back({level_words(g.level), g.award_name, g.total(), g.individual, g.collective, g.business,
                      g.entrepreneur});
    for (const auto& l : g.lines)
      decided.push_back({l.nominee, nominee_kind_words(l.nominee_kind), l.unit_name, l.award_name, l.decision_no,
                         date_vi(l.decided_on), signer_words(l.signing_level)});
  }
  b.sheet("Khen thưởng theo hình thức",
          {"Cấp", "Hình thức khen thưởng", "Tổng số", "Cá nhân", "Tập thể", "Doanh nghiệp", "Doanh nhân"}, groups);
  b.sheet("Quyết định khen thưởng",
          {"Đối tượng", "Loại", "Đơn vị đề nghị", "Hình thức", "Số quyết định", "Ngày", "Cấp ký"}, decided);
  std::vector<Cells> forwarded;
  for (const auto& l : r.forwarded)
    forwarded.push_back({l.nominee, nominee_kind_words(l.nominee_kind), l.unit_name, l.award_name,
                         date_vi(l.forwarded_on), centre_result_words(l.centre_result), l.decision_no});
  b.sheet("Trình Trung ương",
          {"Đối tượng", "Loại", "Đơn vị đề nghị", "Hình thức", "Ngày trình", "Kết quả", "Số quyết định"}, forwarded);
}

}  // namespace

Status write_xlsx(const Report& report, const std::string& path) {
  Book book(path);
  if (!book.ok()) return Status::io("không tạo được tệp " + path);
  summary(book, report);
  tasks(book, report);
  awards(book, report);
  return book.close(path);
}

}  // namespace thidua::report_internal
