// `thidua demo`: the whole system end to end on this machine: a central
// database from content/, a server and four nodes syncing, then the public
// site built from what was published.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <utility>

#include "cli/commands.h"
#include "cli/db_setup.h"
#include "cli/demo_cycle.h"
#include "cli/demo_sync.h"
#include "cli/output.h"
#include "report/model.h"
#include "report/write.h"
#include "sitegen/site.h"

namespace thidua::cli {
namespace {

struct DemoOptions {
  std::string dir = "demo";
  std::string content = "content";
  std::string site = "public";
};

const char* roman(int quarter) {
  static const char* numerals[] = {"?", "I", "II", "III", "IV"};
  return quarter >= 1 && quarter <= 4 ? numerals[quarter] : numerals[0];
}

// Cuts at a UTF-8 boundary to at most `max_bytes`, adding "…" when cut.
std::string shorten(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

int print_plan(Store& store) {
  auto units = store.rows("units");
  auto tasks = store.rows("tasks");
  auto links = store.rows("task_units");
  auto plans = store.rows("plans");
  if (!units || !tasks || !links || !plans) return fail("không đọc được kế hoạch từ cơ sở dữ liệu");

  std::map<std::string, std::string> short_name;
  // kind -> unit short names in the content's order (units.ordinal).
  std::map<std::string, std::map<std::int64_t, std::string>> by_kind;
  for (const auto& u : *units) {
    short_name[as_text(u, "id")] = as_text(u, "short_name");
    by_kind[as_text(u, "kind")][std::get<std::int64_t>(u.at("ordinal"))] = as_text(u, "short_name");
  }
  // task id -> unit short names in the plan's order (task_units.ordinal).
  std::map<std::string, std::map<std::int64_t, std::string>> responsible;
  for (const auto& l : *links) {
    responsible[as_text(l, "task_id")][std::get<std::int64_t>(l.at("ordinal"))] =
        short_name[as_text(l, "unit_id")];
  }
  for (const auto& p : *plans) std::cout << "\n" << as_text(p, "title") << "\n";

  std::map<std::int64_t, std::vector<const Row*>> by_quarter;
  for (const auto& t : *tasks) by_quarter[std::get<std::int64_t>(t.at("quarter"))].push_back(&t);
  for (const auto& [quarter, list] : by_quarter) {
    std::cout << "\nQuý " << roman(static_cast<int>(quarter)) << ": " << list.size()
              << " nhiệm vụ\n";
    for (const Row* t : list) {
      std::string who;
      // "; " because a unit's own name may hold a comma ("Ban TĐKT, Sở Nội vụ").
      for (const auto& [ordinal, name] : responsible[as_text(*t, "id")]) who += (who.empty() ? "" : "; ") + name;
      std::cout << "  " << as_text(*t, "ordinal") << ". " << shorten(as_text(*t, "content"), 90) << "\n"
                << "     → " << who << "\n";
    }
  }
  std::cout << "\nĐơn vị (" << units->size() << "):\n";
  static const std::vector<std::pair<std::string, std::string>> kinds = {
      {"province", "Cơ quan cấp tỉnh"}, {"department", "Sở, ngành"},
      {"association", "Hội, đoàn thể"},  {"central", "Trung ương"},
      {"block", "Khối thi đua"},         {"group", "Nhóm"},
      {"district", "Huyện, thành phố"}};
  auto print_kind = [&](const std::string& label, const std::map<std::int64_t, std::string>& names) {
    std::string list;
    for (const auto& [ordinal, n] : names) list += (list.empty() ? "" : "; ") + n;
    std::cout << "  " << label << " (" << names.size() << "): " << list << "\n";
  };
  for (const auto& [kind, label] : kinds) {
    if (by_kind.count(kind)) print_kind(label, by_kind[kind]);
  }
  for (const auto& [kind, names] : by_kind) {  // kinds this build has no label for
    bool known = std::any_of(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
    if (!known) print_kind(kind, names);
  }
  return 0;
}

struct DemoReportFile {
  std::string path;
  report::Report report;
};

// The six-month report of the latest plan's year, as HTML in the demo's
// folder beside its databases (issue 13: the demo ends with it), judged on
// the day the demo's half-year ends.
Result<DemoReportFile> write_demo_report(const std::string& db, const std::string& dir) {
  OpenOptions open;
  open.create = false;
  open.read_only = true;
  auto store = Store::open(db, open);
  if (!store) return store.status();
  auto plans = (*store)->rows("plans");
  if (!plans) return plans.status();
  std::int64_t year = 0;
  for (const auto& p : *plans) {
    const auto y = p.find("year");
    if (y != p.end() && std::holds_alternative<std::int64_t>(y->second))
      year = std::max(year, std::get<std::int64_t>(y->second));
  }
  auto r = report::build_report(**store, report::Kind::kSixMonths, year, kDemoHalfYearEnd);
  if (!r) return r.status();
  const auto folder = std::filesystem::absolute(dir).lexically_normal();
  const std::string out = (folder / ("bao-cao-so-ket-6-thang-" + std::to_string(year) + ".html")).string();
  Status s = report::write_report(*r, report::Format::kHtml, out);
  if (!s.is_ok()) return s;
  return DemoReportFile{out, std::move(*r)};
}

int run_demo(const DemoOptions& o) {
  std::string db = (std::filesystem::path(o.dir) / "central.db").string();
  auto created = create_central_db(db, o.content, /*overwrite=*/true);
  if (!created) return fail("không chạy được bản trình diễn", created.status());
  const auto& s = created->stats;
  std::cout << "Bản trình diễn thidua\n"
            << "Đã tạo cơ sở dữ liệu trung tâm " << db << " từ " << o.content << "/: " << s.units
            << " đơn vị, " << s.tasks << " nhiệm vụ.\n";
  if (int rc = print_plan(*created->store); rc != 0) return rc;
  created->store.reset();
  if (int rc = run_sync_demo(o.dir, o.content, db); rc != 0) return rc;

  // Last: the public site from what the province published.
  site::BuildOptions b;
  b.db_path = db;
  b.content_dir = o.content;
  b.out_dir = o.site;
  auto built = site::build_site(b);
  if (!built) return fail("không dựng được trang công khai", built.status());
  const std::string index = (std::filesystem::absolute(o.site) / "index.html").string();
  std::cout << "\nTrang công khai: " << built->pages << " trang, " << built->stories << " gương điển hình trong "
            << o.site << "/ (ghi " << built->written << ", giữ nguyên " << built->kept << ", xoá " << built->removed
            << " tệp).\n"
            << "  Mở trực tiếp: file://" << index << "\n"
            << "  Hoặc xem trước: thidua site serve --out " << o.site << " --db " << db << " --content " << o.content
            << "  rồi mở http://127.0.0.1:8000/\n";
  const std::filesystem::path nodes = std::filesystem::path(o.dir) / "nodes";
  std::cout << "\nXem toàn bộ dữ liệu: thidua export --db " << db << "\n"
            << "Chạy máy chủ: thidua server run --db " << db << " --site-out " << o.site << "\n"
            << "  (máy chủ tự dựng lại trang công khai sau mỗi lần đồng bộ có thay đổi công khai)\n"
            << "\nỨng dụng văn phòng (mở trong trình duyệt, dùng được cả khi mất mạng):\n"
            << "  Một huyện (Yên Minh): thidua node ui --db " << (nodes / "yen-minh.db").string()
            << "  rồi mở http://127.0.0.1:8080/\n"
            << "  Cấp tỉnh (Ban TĐKT):  thidua node ui --db " << (nodes / "ban-tdkt.db").string()
            << " --listen 127.0.0.1:8081  rồi mở http://127.0.0.1:8081/\n"
            << "  Đồng bộ từ ứng dụng cần máy chủ đang chạy (lệnh ở trên).\n";
  auto report_file = write_demo_report(db, o.dir);
  if (!report_file) return fail("không viết được báo cáo", report_file.status());
  const report::Report& r = report_file->report;
  const std::string again = "thidua report --db " + db + " --kind so-ket-6-thang --year " +
                            std::to_string(r.period.year) + " --today " + kDemoHalfYearEnd;
  std::cout << "\nDự thảo báo cáo sơ kết 6 tháng (in ra khổ A4 từ trình duyệt): "
            << report_file->path << "\n"
            << "  tính đến ngày " << r.today.substr(8, 2) << "/" << r.today.substr(5, 2) << "/"
            << r.today.substr(0, 4) << ": " << r.tasks.total << " nhiệm vụ (" << r.tasks.done
            << " hoàn thành, " << r.tasks.in_progress << " đang thực hiện, " << r.tasks.overdue
            << " quá hạn), " << r.stories.size() << " bài điển hình, " << r.sessions.size()
            << " phiên họp Hội đồng, " << r.decided_total() << " khen thưởng đã có quyết định, "
            << r.forwarded.size() << " hồ sơ trình Trung ương\n"
            << "  Bản Word (cần pandoc): " << again << " --out bao-cao.docx\n"
            << "  Bảng số liệu: " << again << " --out bao-cao.xlsx\n";
  return 0;
}

}  // namespace

void add_demo_command(CLI::App& app, Action* action) {
  auto o = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo", "Chạy bản trình diễn từ đầu đến cuối trên máy này");
  cmd->add_option("--dir", o->dir, "Thư mục của bản trình diễn")->capture_default_str();
  cmd->add_option("--content", o->content, "Thư mục dữ liệu kế hoạch")->capture_default_str();
  cmd->add_option("--site", o->site, "Thư mục trang công khai được dựng ở cuối")->capture_default_str();
  cmd->callback([o, action] { *action = [o] { return run_demo(*o); }; });
}

}  // namespace thidua::cli
