// The plan as data: units and a year's plan, as read from content/.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace thidua {

struct Unit {
  std::string id;          // readable slug: "dong-van", "ubnd-tinh"
  std::string name;        // "Huyện Đồng Văn"
  std::string short_name;  // as the plan writes it: "Đồng Văn", "UBND tỉnh"
  std::string kind;        // "district", "province", "department", ...
  std::optional<std::string> parent;
};

struct Task {
  std::string id;  // "2021-q1-07"
  int quarter = 0;  // 1..4
  int ordinal = 0;  // position within the quarter, from 1
  std::string content;
  std::string due;                 // ISO date; the quarter's last day unless given
  std::vector<std::string> units;  // responsible unit ids, in the order written
};

struct Plan {
  std::string id;  // "2021"
  int year = 0;
  std::string title;
  std::string issuer;  // unit id
  std::optional<std::string> issued_on;
  std::string signed_by;
  std::string signer_title;
  std::string intro_md, purpose_md, requirements_md, organisation_md;
  std::vector<Task> tasks;  // in document order
};

// A kind of award the province proposes or confers (content/awards.json).
struct AwardKind {
  std::string id;      // slug: "bang-khen-chu-tich-ubnd-tinh"
  std::string name;    // "Bằng khen của Chủ tịch UBND tỉnh"
  std::string level;   // "province" (decided in the province) or "state" (forwarded to the centre)
  std::string signer;  // "chu-tich-ubnd-tinh" for province level; "thu-tuong" or "chu-tich-nuoc" for state
  std::vector<std::string> nominee_kinds;  // individual, collective, business, entrepreneur: at least one
  int ordinal = 0;                         // position in lists, from 1, unique
};

// Everything under a content folder: every units file, every plan and the
// kinds of award.
struct Content {
  std::vector<Unit> units;             // in file order
  std::vector<Plan> plans;             // ordered by id
  std::vector<AwardKind> award_kinds;  // in file order; empty when there is no awards.json
};

}  // namespace thidua
