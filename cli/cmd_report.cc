// `thidua report`: a draft report of a period of the plan's year (issue 13
// §4) from the central database, as HTML, .docx or .xlsx.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/output.h"
#include "report/model.h"
#include "report/write.h"
#include "store/store.h"

namespace thidua::cli {
namespace {

struct ReportOptions {
  std::string db;
  std::string kind;
  std::int64_t year = 0;
  std::string out;
  std::string format;
  std::string today;
};

int run_report(const ReportOptions& o) {
  auto kind = report::parse_kind(o.kind);
  if (!kind) return fail("không viết được báo cáo", kind.status());
  auto format = o.format.empty() ? report::format_of_path(o.out) : report::parse_format(o.format);
  if (!format) return fail("không viết được báo cáo", format.status());
  // Only reads: never migrates the file (a report may be made beside a
  // running server).
  OpenOptions open;
  open.create = false;
  open.read_only = true;
  auto store = Store::open(o.db, open);
  if (!store) return fail_open_db(store.status());
  auto r = report::build_report(**store, *kind, o.year, o.today);
  if (!r) return fail("không viết được báo cáo", r.status());
  Status s = report::write_report(*r, *format, o.out);
  if (!s.is_ok()) return fail("không viết được báo cáo", s);
  std::cout << "Đã viết dự thảo báo cáo vào " << o.out << ": " << r->tasks.total << " nhiệm vụ ("
            << r->tasks.done << " hoàn thành, " << r->tasks.overdue << " quá hạn), " << r->stories.size()
            << " bài điển hình, " << r->decided_total() << " khen thưởng đã có quyết định." << std::endl;
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, Action* action) {
  auto o = std::make_shared<ReportOptions>();
  auto* cmd = app.add_subcommand("report", "Viết dự thảo báo cáo sơ kết 6 tháng, báo cáo 9 tháng hoặc tổng kết năm");
  add_db_option(*cmd, o->db, kCentralDbHelp);
  cmd->add_option("--kind", o->kind, "Loại báo cáo: so-ket-6-thang, bao-cao-9-thang hoặc tong-ket-nam")->required();
  cmd->add_option("--year", o->year, "Năm của kế hoạch, ví dụ 2021")->required();
  cmd->add_option("--out", o->out, "Tệp kết quả (.html, .docx hoặc .xlsx)")->required();
  cmd->add_option("--format", o->format, "html, docx hoặc xlsx (mặc định: theo đuôi tên tệp)");
  cmd->add_option("--today", o->today, "Ngày tính nhiệm vụ quá hạn (YYYY-MM-DD); mặc định: hôm nay");
  cmd->callback([o, action] { *action = [o] { return run_report(*o); }; });
}

}  // namespace thidua::cli
