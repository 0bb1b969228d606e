// Section II (stories published, council sessions held, commendations
// decided and sent to the centre in the period) and the nominations still
// on their way (section III).
#include <algorithm>
#include <map>
#include <tuple>

#include "report/internal/rows.h"

namespace thidua::report_internal {
namespace {

using report::AwardGroup;
using report::AwardLine;

struct AwardKind {
  std::string name, level;
  std::int64_t ordinal = 0;
};

bool within(const std::string& day, const report::Period& p) {
  return !day.empty() && day >= p.first_day && day <= p.last_day;
}

Status fill_stories(Store& store, const Units& units, report::Report& out) {
  auto rows = store.rows_where("stories", "status", {"published"},
                               {"title", "subject", "category", "unit_id", "published_on"});
  if (!rows) return rows.status();
  for (const auto& r : *rows) {
    const std::string on = day_of(r, "published_on");
    if (!within(on, out.period)) continue;
    out.stories.push_back({as_text(r, "title"), as_text(r, "subject"), as_text(r, "category"),
                           unit_name(units, as_text(r, "unit_id")), on});
  }
  std::sort(out.stories.begin(), out.stories.end(), [](const auto& a, const auto& b) {
    return std::tie(a.published_on, a.title) < std::tie(b.published_on, b.title);
  });
  return Status::ok();
}

// Council sessions by id (titles for the award lines); the held ones of
// the period into the report.
Result<std::map<std::string, std::string>> fill_sessions(Store& store, report::Report& out) {
  auto rows = store.rows("council_sessions");
  if (!rows) return rows.status();
  std::map<std::string, std::string> titles;
  for (const auto& r : *rows) {
    titles[as_text(r, "id")] = as_text(r, "title");
    const std::string held = day_of(r, "held_on");
    if (as_text(r, "status") != "held" || !within(held, out.period)) continue;
    out.sessions.push_back({as_text(r, "title"), held, as_text(r, "place"), static_cast<int>(int_of(r, "quarter"))});
  }
  std::sort(out.sessions.begin(), out.sessions.end(),
            [](const auto& a, const auto& b) { return std::tie(a.held_on, a.title) < std::tie(b.held_on, b.title); });
  return titles;
}

Result<std::map<std::string, AwardKind>> read_award_kinds(Store& store) {
  auto rows = store.rows("award_kinds");
  if (!rows) return rows.status();
  std::map<std::string, AwardKind> kinds;
  for (const auto& r : *rows)
    kinds[as_text(r, "id")] = {as_text(r, "name"), as_text(r, "level"), int_of(r, "ordinal")};
  return kinds;
}

// One nomination as a commendation line. Its level is its award kind's;
// without a known kind, the level of whoever signed (the Prime Minister or
// the President: state).
AwardLine line_of(const Row& r, const Units& units, const std::map<std::string, AwardKind>& kinds,
                  const std::map<std::string, std::string>& sessions) {
  AwardLine l;
  l.nominee = as_text(r, "nominee");
  l.nominee_kind = as_text(r, "nominee_kind");
  l.unit_name = unit_name(units, as_text(r, "unit_id"));
  l.award_kind = as_text(r, "award_kind");
  l.decision_no = as_text(r, "decision_no");
  l.decided_on = day_of(r, "decided_on");
  l.signing_level = as_text(r, "signing_level");
  l.forwarded_on = day_of(r, "forwarded_on");
  l.centre_result = as_text(r, "centre_result");
  const auto k = kinds.find(l.award_kind);
  l.award_name = k != kinds.end() && !k->second.name.empty() ? k->second.name : as_text(r, "award");
  if (k != kinds.end()) {
    l.level = k->second.level;
  } else {
    l.level = l.signing_level == "thu-tuong" || l.signing_level == "chu-tich-nuoc" ? "state" : "province";
  }
  const auto s = sessions.find(as_text(r, "session_id"));
  l.session_title = s != sessions.end() ? s->second : as_text(r, "council_session");
  return l;
}

void add_decided(AwardLine l, std::map<std::tuple<int, std::int64_t, std::string, std::string>, AwardGroup>& groups,
                 const std::map<std::string, AwardKind>& kinds) {
  const auto k = kinds.find(l.award_kind);
  const std::int64_t ordinal = k == kinds.end() ? INT64_MAX : k->second.ordinal;
  auto& g = groups[{l.level == "province" ? 0 : 1, ordinal, l.award_name, l.award_kind}];
  g.level = l.level;
  g.award_kind = l.award_kind;
  g.award_name = l.award_name;
  g.individual += l.nominee_kind == "individual";
  g.collective += l.nominee_kind == "collective";
  g.business += l.nominee_kind == "business";
  g.entrepreneur += l.nominee_kind == "entrepreneur";
  g.lines.push_back(std::move(l));
}

}  // namespace

std::int64_t int_of(const Row& row, const std::string& column) {
  const auto it = row.find(column);
  if (it == row.end()) return 0;
  const auto* n = std::get_if<std::int64_t>(&it->second);
  return n ? *n : 0;
}

std::string unit_name(const Units& units, const std::string& id) {
  const auto it = units.find(id);
  return it == units.end() || it->second.name.empty() ? id : it->second.name;
}

std::string day_of(const Row& row, const std::string& column) { return as_text(row, column).substr(0, 10); }

Status fill_awards(Store& store, const Units& units, report::Report& out) {
  if (Status s = fill_stories(store, units, out); !s.is_ok()) return s;
  auto sessions = fill_sessions(store, out);
  if (!sessions) return sessions.status();
  auto kinds = read_award_kinds(store);
  if (!kinds) return kinds.status();
  auto rows = store.rows("nominations");
  if (!rows) return rows.status();
  std::map<std::tuple<int, std::int64_t, std::string, std::string>, AwardGroup> groups;
  auto& pending = out.pending;
  for (const auto& r : *rows) {
    const std::string status = as_text(r, "status");
    const AwardLine l = line_of(r, units, *kinds, *sessions);
    pending.submitted += status == "submitted";
    pending.appraised += status == "appraised";
    pending.approved_undecided += status == "approved" && l.decision_no.empty();
    pending.forwarded_waiting += status == "forwarded" && l.centre_result.empty();
    if (status == "forwarded" && within(l.forwarded_on, out.period)) out.forwarded.push_back(l);
    const bool decided = !l.decision_no.empty() &&
                         (status == "approved" || (status == "forwarded" && l.centre_result == "conferred"));
    if (decided && within(l.decided_on, out.period)) add_decided(l, groups, *kinds);
  }
  for (auto& [key, g] : groups) {
    std::sort(g.lines.begin(), g.lines.end(), [](const AwardLine& a, const AwardLine& b) {
      return std::tie(a.decided_on, a.decision_no, a.nominee) < std::tie(b.decided_on, b.decision_no, b.nominee);
    });
    out.decided.push_back(std::move(g));
  }
  std::sort(out.forwarded.begin(), out.forwarded.end(), [](const AwardLine& a, const AwardLine& b) {
    return std::tie(a.forwarded_on, a.nominee) < std::tie(b.forwarded_on, b.nominee);
  });
  return Status::ok();
}

}  // namespace thidua::report_internal
