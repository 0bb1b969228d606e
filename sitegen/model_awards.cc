// The commendation record's data: award kinds, council sessions and the
// decided commendations, with only what a decision makes public.
#include <algorithm>
#include <map>
#include <tuple>

#include "sitegen/internal/model.h"
#include "store/store.h"

namespace thidua::site {
namespace {

std::int64_t number_of(const Value& v) {
  return std::holds_alternative<std::int64_t>(v) ? std::get<std::int64_t>(v) : 0;
}

Status load_award_kinds(Store& s, std::vector<AwardKind>* out) {
  auto rows = s.rows("award_kinds");
  if (!rows) return rows.status();
  for (const auto& r : *rows) {
    auto ordinal = r.find("ordinal");
    out->push_back(AwardKind{as_text(r, "id"), as_text(r, "name"), as_text(r, "level"),
                             as_text(r, "signer"),
                             ordinal == r.end() ? 0 : number_of(ordinal->second)});
  }
  std::sort(out->begin(), out->end(), [](const AwardKind& a, const AwardKind& b) {
    return std::tie(a.ordinal, a.id) < std::tie(b.ordinal, b.id);
  });
  return Status::ok();
}

Status load_sessions(Store& s, std::vector<CouncilSession>* out) {
  auto rows = s.rows("council_sessions");
  if (!rows) return rows.status();
  for (const auto& r : *rows) {
    CouncilSession c{as_text(r, "id"),
                     as_text(r, "title"),
                     as_text(r, "place"),
                     as_text(r, "held_on"),
                     as_text(r, "status"),
                     0,
                     1};
    if (auto y = r.find("year"); y != r.end()) c.year = number_of(y->second);
    if (auto q = r.find("quarter"); q != r.end())
      c.quarter = static_cast<int>(number_of(q->second));
    out->push_back(std::move(c));
  }
  std::sort(out->begin(), out->end(), [](const CouncilSession& a, const CouncilSession& b) {
    return std::tie(a.year, a.quarter, a.held_on, a.id) <
           std::tie(b.year, b.quarter, b.held_on, b.id);
  });
  return Status::ok();
}

// The year of a "YYYY-MM-DD" date, 0 when it is not one.
std::int64_t year_of(const std::string& date) {
  if (date.size() < 4) return 0;
  std::int64_t y = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return 0;
    y = y * 10 + (date[i] - '0');
  }
  return y;
}

// Whether the nomination's decision is recorded (see Commendation). An
// award kind the database does not hold counts as none.
bool decided(const std::string& status, const std::string& centre_result,
             const std::string& decision_no, const AwardKind* kind) {
  if (decision_no.empty()) return false;
  if (!kind) return status == "approved";
  if (kind->level == "province") return status == "approved";
  return kind->level == "state" && status == "forwarded" && centre_result == "conferred";
}

}  // namespace

Status load_commendations(Store& s, SiteData* out) {
  THIDUA_RETURN_IF_ERROR(load_award_kinds(s, &out->award_kinds));
  THIDUA_RETURN_IF_ERROR(load_sessions(s, &out->sessions));
  std::map<std::string, const AwardKind*> kinds;
  for (const auto& k : out->award_kinds) kinds[k.id] = &k;
  std::map<std::string, const CouncilSession*> sessions;
  for (const auto& c : out->sessions) sessions[c.id] = &c;
  // Named columns only: the achievement text, appraisal and notes are never
  // read, so no page can hold them.
  THIDUA_RETURN_IF_ERROR(s.each_where(
      "nominations", "status", {"approved", "forwarded"},
      {"id", "unit_id", "nominee", "nominee_kind", "award", "status", "centre_result",
       "decision_no", "decided_on", "award_kind", "session_id", "council_session", "signing_level"},
      [&](std::vector<Value>& c) {
        auto kind_it = kinds.find(as_text(c[9]));
        const AwardKind* kind = kind_it == kinds.end() ? nullptr : kind_it->second;
        if (!decided(as_text(c[5]), as_text(c[6]), as_text(c[7]), kind)) return;
        Commendation m;
        m.id = as_text(c[0]);
        m.unit_id = as_text(c[1]);
        m.nominee = as_text(c[2]);
        m.nominee_kind = as_text(c[3]);
        m.award = kind ? kind->name : as_text(c[4]);
        m.level = kind ? kind->level : std::string();
        m.decision_no = as_text(c[7]);
        m.decided_on = as_text(c[8]);
        m.signer = as_text(c[12]);
        if (m.signer.empty() && kind) m.signer = kind->signer;
        auto session = sessions.find(as_text(c[10]));
        if (session != sessions.end()) {
          m.session_id = session->first;
          m.year = session->second->year;
        } else {
          m.legacy_session = as_text(c[11]);
        }
        if (m.year == 0) m.year = year_of(m.decided_on);
        out->commendations.push_back(std::move(m));
      }));
  std::sort(out->commendations.begin(), out->commendations.end(),
            [](const Commendation& a, const Commendation& b) { return a.id < b.id; });
  return Status::ok();
}

}  // namespace thidua::site
