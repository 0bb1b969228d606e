// Báo cáo (a province node only): the three draft reports of report/ (sơ
// kết 6 tháng, báo cáo 9 tháng, tổng kết năm) made from the node's own
// copy, which on the province's node holds every unit's data. The Store is
// only read (report::build_report); the files are written to a temporary
// folder, read back and removed.
#include "webapp/internal/pages_report.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hex.h"
#include "common/parse.h"
#include "common/vietnam_time.h"
#include "records/tasks.h"
#include "report/html.h"
#include "report/model.h"
#include "report/write.h"
#include "webapp/internal/http.h"

namespace thidua::webapp {
namespace {

constexpr const char* kBase = "/bao-cao";
constexpr const char* kStylesheet = "/bao-cao/bao-cao.css";

struct KindInfo {
  report::Kind kind;
  const char* words;    // the choice
  const char* heading;  // before the year: "Báo cáo 9 tháng năm" 2021
};

constexpr KindInfo kKinds[] = {
    {report::Kind::kSixMonths, "Sơ kết 6 tháng đầu năm", "Sơ kết 6 tháng đầu năm"},
    {report::Kind::kNineMonths, "Báo cáo 9 tháng", "Báo cáo 9 tháng năm"},
    {report::Kind::kYear, "Tổng kết năm", "Tổng kết năm"},
};

const char* kind_heading(report::Kind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.heading;
  return "";
}

Response province_only(App::Impl& app) {
  return app.error(
      403, "Chỉ cấp tỉnh dùng được trang này",
      "Báo cáo tổng hợp số liệu của mọi đơn vị; chỉ máy của cấp tỉnh có đủ dữ liệu đó.");
}

// The form's fields as asked, each with the message to show beside it.
struct Asked {
  std::string loai, nam;  // as sent ("" when absent)
  report::Kind kind = report::Kind::kSixMonths;
  std::int64_t year = 0;
  std::string error_loai, error_nam;
  bool given() const { return !loai.empty() || !nam.empty(); }
  bool ok() const { return error_loai.empty() && error_nam.empty(); }
};

std::string query_value(const Ctx& ctx, const char* name) {
  auto it = ctx.query.find(name);
  return it == ctx.query.end() ? std::string() : it->second;
}

// Reads ?loai= and ?nam=; with neither, the current year's plan (else the
// newest) and the six months' report, not yet asked for.
Asked read_asked(const Ctx& ctx, const std::vector<std::int64_t>& years) {
  Asked a;
  a.loai = query_value(ctx, "loai");
  a.nam = query_value(ctx, "nam");
  if (a.given()) {
    auto kind = report::parse_kind(a.loai);
    if (kind) {
      a.kind = *kind;
    } else {
      a.error_loai = "Chọn loại báo cáo: sơ kết 6 tháng, báo cáo 9 tháng hoặc tổng kết năm.";
    }
  }
  const std::int64_t this_year = std::stoll(vietnam_today().substr(0, 4));
  a.year = years.empty() ? this_year : years.front();
  for (auto y : years)
    if (y == this_year) a.year = y;
  if (a.given()) {
    auto y = parse_int64(a.nam);
    if (!y || *y < 1945 || *y > 9999) {
      a.error_nam = "Chọn năm của kế hoạch, ví dụ 2021.";
    } else {
      a.year = *y;
    }
  }
  return a;
}

std::string report_query(const Asked& a) {
  return std::string("?loai=") + report::kind_name(a.kind) + "&nam=" + std::to_string(a.year);
}

bool executable_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

// Whether `program` can be run: a path as it is, a name through PATH.
bool can_run(const std::string& program) {
  if (program.find('/') != std::string::npos) return executable_file(program);
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && executable_file(std::filesystem::path(dir) / program)) return true;
  }
  return false;
}

Data picked_data(const App::Impl& app, const Asked& a, const report::Report& r) {
  Data p;
  p.set("heading", std::string(kind_heading(a.kind)) + " " + std::to_string(a.year));
  p.set("tasks", std::to_string(r.tasks.total));
  p.set("done", std::to_string(r.tasks.done));
  p.set("overdue", std::to_string(r.tasks.overdue));
  p.set("stories", std::to_string(r.stories.size()));
  p.set("decided", std::to_string(r.decided_total()));
  const std::string q = report_query(a);
  p.set("view_href", std::string(kBase) + "/xem" + q);
  p.set("xlsx_href", std::string(kBase) + "/tai" + q + "&dang=xlsx");
  if (can_run(app.options.pandoc))
    p.set("docx_href", std::string(kBase) + "/tai" + q + "&dang=docx");
  return p;
}

Data form_data(App::Impl& app, const Ctx& ctx, const Asked& a,
               const std::vector<std::int64_t>& years) {
  Data d = app.base_data(ctx, "Báo cáo", "report");
  List kinds;
  for (const auto& k : kKinds) {
    Data o;
    o.set("code", report::kind_name(k.kind));
    o.set("words", k.words);
    o.set("selected", flag(k.kind == a.kind));
    kinds.push_back(o);
  }
  d.set("kinds", kinds);
  List year_options;
  for (auto y : years) {
    Data o;
    o.set("year", std::to_string(y));
    o.set("selected", flag(y == a.year));
    year_options.push_back(o);
  }
  d.set("years", year_options);
  d.set("has_years", flag(!years.empty()));
  List errors;
  for (const auto& [field, message] :
       {std::pair{"loai", a.error_loai}, std::pair{"nam", a.error_nam}}) {
    if (message.empty()) continue;
    Data e;
    e.set("field", field);
    e.set("message", message);
    errors.push_back(e);
    d.set(std::string("error_") + field, message);
  }
  d.set("has_errors", flag(!errors.empty()));
  d.set("errors", errors);
  return d;
}

// The form, and for a valid pick with a plan the report's figures and links.
Response form_page(App::Impl& app, const Ctx& ctx) {
  std::lock_guard lock(app.store_mu);
  auto years = plan_years(*app.store);
  if (!years) return app.error(500, "Không đọc được kế hoạch", years.status().message());
  Asked a = read_asked(ctx, *years);
  int status = a.ok() ? 200 : 400;
  std::optional<report::Report> built;
  if (a.given() && a.ok()) {
    auto r = report::build_report(*app.store, a.kind, a.year);
    if (r) {
      built = std::move(*r);
    } else if (r.status().code() == Status::Code::kNotFound) {
      a.error_nam = "Máy chưa có kế hoạch năm " + std::to_string(a.year) +
                    ". Chọn năm khác, hoặc đồng bộ để nhận kế hoạch.";
      status = 404;
    } else {
      return app.error(500, "Không lập được báo cáo", r.status().message());
    }
  }
  Data d = form_data(app, ctx, a, *years);
  if (built) d.set("picked", picked_data(app, a, *built));
  return app.page(status, "report_form", std::move(d));
}

// The report asked for by a link of the form page; the form page (with the
// error beside its field) when the address names no report.
Result<report::Report> asked_report(App::Impl& app, const Ctx& ctx, Asked& a) {
  std::lock_guard lock(app.store_mu);
  auto years = plan_years(*app.store);
  if (!years) return years.status();
  a = read_asked(ctx, *years);
  if (!a.given() || !a.ok()) return Status::invalid("");
  return report::build_report(*app.store, a.kind, a.year);
}

Response refused_report(App::Impl& app, const Ctx& ctx, const Status& s) {
  if (s.code() == Status::Code::kInvalid || s.code() == Status::Code::kNotFound)
    return form_page(app, ctx);
  return app.error(500, "Không lập được báo cáo", s.message());
}

Response view(App::Impl& app, const Ctx& ctx) {
  Asked a;
  auto r = asked_report(app, ctx, a);
  if (!r) return refused_report(app, ctx, r.status());
  return App::Impl::html(200, report::render_html_linked(*r, kStylesheet));
}

// The report's stylesheet as report/ writes it inline, its rules for a
// narrow screen included: served and written, the report looks the same.
Response stylesheet() {
  Response r;
  r.body = report::report_stylesheet();
  r.headers.emplace_back("Content-Type", "text/css; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

// Writes the file in a temporary folder of its own, reads it back and
// removes the folder.
Result<std::string> written(const report::Report& r, report::Format format, const std::string& ext,
                            const std::string& pandoc) {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec) / ("thidua-bao-cao-" + random_hex(8));
  if (ec || !std::filesystem::create_directory(dir, ec)) {
    return Status::io("không tạo được thư mục tạm để viết báo cáo");
  }
  // The report holds what the province has not published: no other user of
  // the PC reads it while it is there.
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  const std::string file = (dir / ("bao-cao" + ext)).string();
  report::WriteOptions options;
  options.pandoc = pandoc;
  Status s = report::write_report(r, format, file, options);
  std::string bytes;
  if (s.is_ok()) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    if (!in) s = Status::io("không đọc lại được tệp báo cáo vừa viết");
    bytes = all.str();
  }
  std::filesystem::remove_all(dir, ec);
  if (!s.is_ok()) return s;
  return bytes;
}

Response download(App::Impl& app, const Ctx& ctx) {
  const std::string dang = query_value(ctx, "dang");
  if (dang != "xlsx" && dang != "docx") {
    return app.error(404, "Không tìm thấy tệp",
                     "Địa chỉ này không dẫn tới tệp báo cáo nào. Hãy chọn lại trên trang Báo cáo.");
  }
  const bool docx = dang == "docx";
  if (docx && !can_run(app.options.pandoc)) {
    return app.error(
        404, "Máy này chưa viết được tệp .docx",
        "Cần chương trình pandoc: nhờ người quản trị máy cài bằng lệnh “sudo apt install "
        "pandoc”, rồi tải lại. Bảng số liệu (.xlsx) và trang xem báo cáo vẫn dùng được.");
  }
  Asked a;
  auto r = asked_report(app, ctx, a);
  if (!r) return refused_report(app, ctx, r.status());
  const std::string ext = docx ? ".docx" : ".xlsx";
  auto bytes =
      written(*r, docx ? report::Format::kDocx : report::Format::kXlsx, ext, app.options.pandoc);
  if (!bytes) return app.error(500, "Không viết được tệp báo cáo", bytes.status().message());
  Response out;
  out.body = std::move(*bytes);
  out.headers.emplace_back(
      "Content-Type",
      docx ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
           : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  out.headers.emplace_back("Content-Disposition", std::string("attachment; filename=\"bao-cao-") +
                                                      report::kind_name(a.kind) + "-" +
                                                      std::to_string(a.year) + ext + "\"");
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

}  // namespace

bool is_report_route(const std::string& path) {
  return path == kBase || path.rfind(std::string(kBase) + "/", 0) == 0;
}

Response route_report(App::Impl& app, const Ctx& ctx) {
  if (ctx.req.method != "GET" && ctx.req.method != "HEAD") {
    Response r =
        app.error(405, "Không dùng được cách gửi này",
                  "Trang Báo cáo chỉ để xem và tải về. Hãy mở lại trang từ thanh điều hướng.");
    r.headers.emplace_back("Allow", "GET");
    return r;
  }
  if (!app.node.is_province()) return province_only(app);
  const std::string& path = ctx.req.path;
  if (path == kBase) return form_page(app, ctx);
  if (path == std::string(kBase) + "/xem") return view(app, ctx);
  if (path == std::string(kBase) + "/tai") return download(app, ctx);
  if (path == kStylesheet) return stylesheet();
  return app.error(404, "Không tìm thấy trang",
                   "Địa chỉ này không có trong ứng dụng. Hãy chọn một mục trên thanh điều hướng.");
}

}  // namespace thidua::webapp
