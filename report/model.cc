#include "report/model.h"

#include <algorithm>

#include "common/vietnam_time.h"
#include "records/task_state.h"
#include "report/internal/rows.h"

namespace thidua::report {
namespace {

using namespace report_internal;

Period period_of(Kind kind, std::int64_t year) {
  Period p;
  p.kind = kind;
  p.year = year;
  p.last_quarter = kind == Kind::kSixMonths ? 2 : kind == Kind::kNineMonths ? 3 : 4;
  p.first_day = quarter_last_day(year, 1).substr(0, 5) + "01-01";
  p.last_day = quarter_last_day(year, p.last_quarter);
  return p;
}

// The place a report is dated at: the province in the issuer's name
// ("Ủy ban nhân dân tỉnh Hà Giang" -> "Hà Giang"), "" when it names none.
std::string place_of(const std::string& issuer_name) {
  const std::string marker = "tỉnh ";
  const auto at = issuer_name.rfind(marker);
  return at == std::string::npos ? std::string() : issuer_name.substr(at + marker.size());
}

Result<Units> read_units(Store& store) {
  auto rows = store.rows("units");
  if (!rows) return rows.status();
  Units units;
  for (const auto& r : *rows) {
    units[as_text(r, "id")] = {as_text(r, "name"), as_text(r, "short_name"), as_text(r, "kind"),
                               int_of(r, "ordinal")};
  }
  return units;
}

}  // namespace

Result<Kind> parse_kind(const std::string& name) {
  for (Kind k : {Kind::kSixMonths, Kind::kNineMonths, Kind::kYear})
    if (name == kind_name(k)) return k;
  return Status::invalid("loại báo cáo phải là so-ket-6-thang, bao-cao-9-thang hoặc tong-ket-nam (không phải \"" +
                         name + "\")");
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::kSixMonths: return "so-ket-6-thang";
    case Kind::kNineMonths: return "bao-cao-9-thang";
    case Kind::kYear: return "tong-ket-nam";
  }
  return "";
}

int Report::decided_total() const {
  int n = 0;
  for (const auto& g : decided) n += g.total();
  return n;
}

Result<Report> build_report(Store& store, Kind kind, std::int64_t year, const std::string& today) {
  Report out;
  out.period = period_of(kind, year);
  out.today = today.empty() ? vietnam_today() : today;
  Status st = store.read_snapshot([&]() -> Status {
    auto plans = store.rows("plans");
    if (!plans) return plans.status();
    std::vector<std::string> plan_ids;
    std::string issuer;
    for (const auto& p : *plans) {
      if (int_of(p, "year") != year) continue;
      plan_ids.push_back(as_text(p, "id"));
      if (out.plan_title.empty()) out.plan_title = as_text(p, "title");
      if (issuer.empty()) issuer = as_text(p, "issuer_id");
    }
    if (plan_ids.empty()) return Status::not_found("không có kế hoạch năm " + std::to_string(year));
    auto units = read_units(store);
    if (!units) return units.status();
    out.issuer_name = unit_name(*units, issuer);
    out.place = place_of(out.issuer_name);
    if (Status s = fill_tasks(store, plan_ids, *units, out); !s.is_ok()) return s;
    return fill_awards(store, *units, out);
  });
  if (!st.is_ok()) return st;
  return out;
}

}  // namespace thidua::report
