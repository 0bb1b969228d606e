#include "store/nomination_path.h"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace thidua::nomination_path {
namespace {

constexpr unsigned kDecided = kAppraisedOn | kOnAgenda;

constexpr std::array<Step, 5> kSteps{{
    {"submitted", "appraised", Actor::kProvince, kAppraisedOn},
    {"appraised", "approved", Actor::kProvince, kDecided},
    {"appraised", "rejected", Actor::kProvince, kDecided},
    {"approved", "forwarded", Actor::kProvince, kDecided | kForwardedOn | kStateLevel},
    {"rejected", "submitted", Actor::kUnit, 0},
}};

constexpr std::array<std::string_view, 5> kStatuses{"submitted", "appraised", "approved",
                                                    "rejected", "forwarded"};

constexpr std::array<std::string_view, 1> kProvinceSigners{"chu-tich-ubnd-tinh"};
constexpr std::array<std::string_view, 2> kCentreSigners{"thu-tuong", "chu-tich-nuoc"};

constexpr std::array<std::string_view, 9> kPathFields{
    "status",      "appraisal_note", "appraised_on", "session_id",   "decided_on",
    "decision_no", "signing_level",  "forwarded_on", "centre_result"};

bool is_one_of(std::string_view value, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

bool text_set(const Row& row, const char* column) {
  auto it = row.find(column);
  if (it == row.end()) return false;
  const auto* s = std::get_if<std::string>(&it->second);
  return s && !s->empty();
}

std::string text_or_empty(const Row& row, const char* column) {
  auto it = row.find(column);
  if (it == row.end()) return {};
  const auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : std::string();
}

}  // namespace

std::span<const Step> steps() { return kSteps; }

std::span<const std::string_view> statuses() { return kStatuses; }

const Step* find_step(std::string_view from, std::string_view to) {
  for (const Step& s : kSteps)
    if (s.from == from && s.to == to) return &s;
  return nullptr;
}

bool reachable(std::string_view from, std::string_view to, Actor by) {
  if (from.empty()) from = kStatuses.front();
  // Five statuses: a breadth-first walk, first over the unit's steps, then
  // (for the province) over the province's from every status reached.
  std::array<std::string_view, kStatuses.size() + 1> seen{};  // `from` may be off the path
  std::size_t count = 0;
  auto add = [&](std::string_view status) {
    if (std::find(seen.begin(), seen.begin() + count, status) == seen.begin() + count)
      seen[count++] = status;
  };
  auto walk = [&](Actor who) {
    for (std::size_t next = 0; next < count; ++next) {
      for (const Step& s : kSteps)
        if (s.by == who && s.from == seen[next]) add(s.to);
    }
  };
  add(from);
  walk(Actor::kUnit);
  if (by == Actor::kProvince) walk(Actor::kProvince);
  return std::find(seen.begin(), seen.begin() + count, to) != seen.begin() + count;
}

unsigned needs_of(std::string_view status) {
  for (const Step& s : kSteps)
    if (s.to == status) return s.needs;
  return 0;
}

Facts facts_of(const Row& row, std::string_view award_level) {
  Facts f;
  f.status = text_or_empty(row, "status");
  f.appraised_on = text_set(row, "appraised_on");
  f.on_agenda = text_set(row, "session_id");
  f.forwarded_on = text_set(row, "forwarded_on");
  f.state_level = award_level == "state";
  f.centre_result = text_or_empty(row, "centre_result");
  return f;
}

unsigned missing(const Facts& row) {
  unsigned held = 0;
  if (row.appraised_on) held |= kAppraisedOn;
  if (row.on_agenda) held |= kOnAgenda;
  if (row.forwarded_on) held |= kForwardedOn;
  if (row.state_level) held |= kStateLevel;
  return needs_of(row.status) & ~held;
}

Decider decider(const Facts& row) {
  if (row.status == "approved" && !row.state_level) return Decider::kProvince;
  if (row.status == "forwarded" && row.centre_result == "conferred") return Decider::kCentre;
  return Decider::kNone;
}

std::span<const std::string_view> signing_levels(Decider d) {
  switch (d) {
    case Decider::kProvince:
      return kProvinceSigners;
    case Decider::kCentre:
      return kCentreSigners;
    case Decider::kNone:
      break;
  }
  return {};
}

bool is_path_field(std::string_view column) {
  return std::find(kPathFields.begin(), kPathFields.end(), column) != kPathFields.end();
}

bool field_allowed(std::string_view column, const Facts& row) {
  // By the needs of the row's status: a field is written at the step that
  // needs it, and stays through the steps after.
  const unsigned needs = needs_of(row.status);
  if (is_one_of(column, {"appraised_on", "appraisal_note", "session_id"}))
    return (needs & kAppraisedOn) != 0;
  if (is_one_of(column, {"forwarded_on", "centre_result"}))
    return (needs & kForwardedOn) != 0 && row.state_level;
  if (column == "decided_on") return (needs & kOnAgenda) != 0;  // the council has decided
  if (is_one_of(column, {"decision_no", "signing_level"})) return decider(row) != Decider::kNone;
  return true;
}

bool open_to_unit(std::string_view status) {
  if (status.empty() || status == kStatuses.front())
    return true;  // the province has not taken it up
  for (const Step& s : kSteps)
    if (s.from == status && s.by == Actor::kUnit) return true;  // the unit's turn again
  return false;
}

}  // namespace thidua::nomination_path
