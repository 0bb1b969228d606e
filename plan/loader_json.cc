// Past ~400 lines for one reason: the awards file's parser shares the
// JSON helpers (places, duplicate keys, typo hints) kept private here.
#include "plan/internal/loader_json.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/slug.h"
#include "store/schema.h"

namespace thidua {
namespace {

using json = nlohmann::json;

// A place in one file, "tasks[3].units[1]", that makes error messages.
class Place {
 public:
  explicit Place(const std::string& file, std::string path = {}) : file_(&file), path_(std::move(path)) {}
  Place key(std::string_view k) const {
    return Place(*file_, path_.empty() ? std::string(k) : path_ + "." + std::string(k));
  }
  Place index(std::size_t i) const { return Place(*file_, path_ + "[" + std::to_string(i) + "]"); }
  Status invalid(const std::string& what) const { return content_error(*file_, path_, what); }

 private:
  const std::string* file_;
  std::string path_;
};

// The value as the author wrote it, cut short for a message.
std::string shown(const json& j) {
  std::string s = j.dump();
  if (s.size() > 60) {
    std::size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    s = s.substr(0, cut) + "...";
  }
  return s;
}

// "line L, column C" of the 1-based byte offset nlohmann reports. Columns
// count characters, not bytes, as editors show them.
std::string line_column(std::string_view text, std::size_t byte) {
  std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// One open object or array while parsing, to name where a duplicate key is.
struct Frame {
  bool array = false;
  std::size_t next_index = 0;  // arrays: elements started so far
  std::string key;             // objects: the key being read
  std::set<std::string> keys;  // objects: keys seen so far
};

std::string frames_path(const std::vector<Frame>& frames) {
  std::string path;
  for (std::size_t k = 0; k + 1 < frames.size(); ++k) {
    const Frame& f = frames[k];
    if (f.array) {
      path += "[" + std::to_string(f.next_index - 1) + "]";
    } else {
      path += (path.empty() ? "" : ".") + f.key;
    }
  }
  return path;
}

// Parses JSON, refusing duplicate keys: nlohmann keeps the last silently,
// which would hide a pasted-twice "units" list.
Result<json> parse_json(std::string_view text, const std::string& file) {
  std::vector<Frame> frames;
  std::optional<Status> duplicate;
  auto callback = [&](int, json::parse_event_t event, json& parsed) {
    using E = json::parse_event_t;
    bool starts = event == E::object_start || event == E::array_start || event == E::value;
    if (starts && !frames.empty() && frames.back().array) ++frames.back().next_index;
    if (event == E::object_start || event == E::array_start) {
      frames.emplace_back().array = event == E::array_start;
    } else if (event == E::object_end || event == E::array_end) {
      frames.pop_back();
    } else if (event == E::key) {
      Frame& f = frames.back();
      f.key = parsed.get<std::string>();
      if (!f.keys.insert(f.key).second && !duplicate) {
        duplicate = content_error(file, frames_path(frames), "duplicate key \"" + f.key + "\"");
      }
    }
    return true;
  };
  try {
    json root = json::parse(text.begin(), text.end(), callback);
    if (duplicate) return *duplicate;
    return root;
  } catch (const json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.N] parse error at ...: <what>".
    std::string what = e.what();
    std::size_t p = what.find("parse error");
    p = p == std::string::npos ? p : what.find(": ", p);
    if (p != std::string::npos) what = what.substr(p + 2);
    // The parser quotes what it last read; on bad UTF-8 that quote is bad
    // UTF-8 too, and would spoil every log or page the message reaches.
    if (!is_valid_utf8(what)) what = what.substr(0, what.find("; last read"));
    return content_error(file, line_column(text, e.byte), what);
  } catch (const json::exception& e) {
    return Status::internal(file + ": " + e.what());
  }
}

std::string type_of(const json& j) {
  if (j.is_string()) return "text";
  if (j.is_number()) return "a number";
  if (j.is_boolean()) return "true/false";
  if (j.is_null()) return "null";
  if (j.is_array()) return "a list";
  return "an object";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

Status expect_object(const json& j, const Place& at) {
  if (j.is_object()) return Status::ok();
  return at.invalid("expected an object, found " + type_of(j));
}

// Refuses keys outside `allowed`, so a typo ("unit") is not silently ignored.
Status check_keys(const json& obj, const Place& at, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string what = "unknown key \"" + key + "\"";
    std::string_view best;
    std::size_t best_distance = 3;  // further than this is not a typo
    for (std::string_view a : allowed) {
      std::size_t d = edit_distance(key, a);
      if (d < best_distance) {
        best = a;
        best_distance = d;
      }
    }
    if (!best.empty()) return at.invalid(what + "; did you mean \"" + std::string(best) + "\"?");
    std::string list;
    for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return at.invalid(what + " (known keys: " + list + ")");
  }
  return Status::ok();
}

Result<const json*> field(const json& obj, const Place& at, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end()) return at.invalid("missing \"" + std::string(key) + "\"");
  return &*it;
}

// The field, or nullptr when it is absent or null.
const json* optional_field(const json& obj, std::string_view key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

Result<std::string> as_text(const json& j, const Place& at, bool non_empty) {
  if (!j.is_string()) return at.invalid("expected text, found " + type_of(j));
  std::string s = j.get<std::string>();
  if (non_empty && s.empty()) return at.invalid("must not be empty");
  return s;
}

Result<std::string> read_text(const json& obj, const Place& at, std::string_view key, bool non_empty) {
  THIDUA_ASSIGN_OR_RETURN(const json* j, field(obj, at, key));
  return as_text(*j, at.key(key), non_empty);
}

Result<std::string> as_slug(const json& j, const Place& at) {
  THIDUA_ASSIGN_OR_RETURN(std::string s, as_text(j, at, true));
  if (is_slug(s)) return s;
  std::string what = "\"" + s + "\" is not a slug (lowercase a-z, 0-9 and single '-')";
  std::string fix = slugify(s);
  if (!fix.empty()) what += "; did you mean \"" + fix + "\"?";
  return at.invalid(what);
}

Result<std::string> read_slug(const json& obj, const Place& at, std::string_view key) {
  THIDUA_ASSIGN_OR_RETURN(const json* j, field(obj, at, key));
  return as_slug(*j, at.key(key));
}

Result<std::int64_t> read_whole(const json& obj, const Place& at, std::string_view key) {
  THIDUA_ASSIGN_OR_RETURN(const json* j, field(obj, at, key));
  Place here = at.key(key);
  if (!j->is_number_integer()) return here.invalid("expected a whole number, found " + shown(*j));
  if (j->is_number_unsigned() && j->get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
    return here.invalid(shown(*j) + " is too large");
  }
  return j->get<std::int64_t>();
}

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto num = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  int year = num(0, 4), month = num(5, 2), day = num(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// A date field that may be absent or null.
Result<std::optional<std::string>> read_optional_date(const json& obj, const Place& at, std::string_view key) {
  const json* j = optional_field(obj, key);
  if (!j) return std::optional<std::string>();
  Place here = at.key(key);
  THIDUA_ASSIGN_OR_RETURN(std::string s, as_text(*j, here, true));
  if (!is_date(s)) return here.invalid("\"" + s + "\" is not a date (YYYY-MM-DD)");
  return std::optional<std::string>(s);
}

Result<const json*> read_list(const json& obj, const Place& at, std::string_view key) {
  THIDUA_ASSIGN_OR_RETURN(const json* j, field(obj, at, key));
  if (!j->is_array()) return at.key(key).invalid("expected a list, found " + type_of(*j));
  return j;
}

Result<Unit> parse_unit(const json& j, const Place& at) {
  THIDUA_RETURN_IF_ERROR(expect_object(j, at));
  THIDUA_RETURN_IF_ERROR(check_keys(j, at, {"id", "name", "short_name", "kind", "parent"}));
  Unit u;
  THIDUA_ASSIGN_OR_RETURN(u.id, read_slug(j, at, "id"));
  THIDUA_ASSIGN_OR_RETURN(u.name, read_text(j, at, "name", true));
  THIDUA_ASSIGN_OR_RETURN(u.short_name, read_text(j, at, "short_name", true));
  THIDUA_ASSIGN_OR_RETURN(u.kind, read_text(j, at, "kind", true));
  if (const json* parent = optional_field(j, "parent")) {
    THIDUA_ASSIGN_OR_RETURN(u.parent, as_slug(*parent, at.key("parent")));
  }
  return u;
}

constexpr const char* kQuarterEnds[] = {"-03-31", "-06-30", "-09-30", "-12-31"};

Result<Task> parse_task(const json& j, const Place& at, int year) {
  THIDUA_RETURN_IF_ERROR(expect_object(j, at));
  THIDUA_RETURN_IF_ERROR(check_keys(j, at, {"id", "quarter", "ordinal", "content", "units", "due"}));
  Task t;
  THIDUA_ASSIGN_OR_RETURN(t.id, read_slug(j, at, "id"));
  THIDUA_ASSIGN_OR_RETURN(std::int64_t quarter, read_whole(j, at, "quarter"));
  if (quarter < 1 || quarter > 4) {
    return at.key("quarter").invalid(std::to_string(quarter) + " is not a quarter (1–4)");
  }
  t.quarter = static_cast<int>(quarter);
  THIDUA_ASSIGN_OR_RETURN(std::int64_t ordinal, read_whole(j, at, "ordinal"));
  if (ordinal < 1 || ordinal > 10000) {
    return at.key("ordinal").invalid(std::to_string(ordinal) + " is not a position (1, 2, 3, ...)");
  }
  t.ordinal = static_cast<int>(ordinal);
  THIDUA_ASSIGN_OR_RETURN(t.content, read_text(j, at, "content", true));
  THIDUA_ASSIGN_OR_RETURN(const json* units, read_list(j, at, "units"));
  if (units->empty()) return at.key("units").invalid("names no unit; a task needs at least one");
  for (std::size_t i = 0; i < units->size(); ++i) {
    Place here = at.key("units").index(i);
    THIDUA_ASSIGN_OR_RETURN(std::string unit, as_slug((*units)[i], here));
    auto first = std::find(t.units.begin(), t.units.end(), unit);
    if (first != t.units.end()) {
      return here.invalid("unit \"" + unit + "\" is already listed at units[" +
                          std::to_string(first - t.units.begin()) + "]");
    }
    t.units.push_back(std::move(unit));
  }
  THIDUA_ASSIGN_OR_RETURN(std::optional<std::string> due, read_optional_date(j, at, "due"));
  t.due = due ? *due : std::to_string(year) + kQuarterEnds[t.quarter - 1];
  return t;
}

// "a, b, c" from a list of codes, for messages.
std::string listed(std::initializer_list<std::string_view> codes) {
  std::string out;
  for (std::string_view c : codes) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

Result<std::string> read_code(const json& obj, const Place& at, std::string_view key,
                              std::initializer_list<std::string_view> allowed) {
  THIDUA_ASSIGN_OR_RETURN(std::string code, read_text(obj, at, key, true));
  if (std::find(allowed.begin(), allowed.end(), code) != allowed.end()) return code;
  return at.key(key).invalid("\"" + code + "\" is not one of " + listed(allowed));
}

Result<AwardKind> parse_award(const json& j, const Place& at) {
  THIDUA_RETURN_IF_ERROR(expect_object(j, at));
  THIDUA_RETURN_IF_ERROR(check_keys(j, at, {"id", "name", "level", "signer", "nominee_kinds", "ordinal"}));
  AwardKind a;
  THIDUA_ASSIGN_OR_RETURN(a.id, read_slug(j, at, "id"));
  THIDUA_ASSIGN_OR_RETURN(a.name, read_text(j, at, "name", true));
  THIDUA_ASSIGN_OR_RETURN(a.level, read_code(j, at, "level", {"province", "state"}));
  THIDUA_ASSIGN_OR_RETURN(a.signer, read_code(j, at, "signer", {"chu-tich-ubnd-tinh", "thu-tuong", "chu-tich-nuoc"}));
  // Who signs follows from the level: the province's chairman signs the
  // province's awards, the Prime Minister or the President the state's.
  if ((a.level == "province") != (a.signer == "chu-tich-ubnd-tinh")) {
    return at.key("signer").invalid("\"" + a.signer + "\" does not sign " + a.level +
                                    "-level awards (province: chu-tich-ubnd-tinh; state: thu-tuong, chu-tich-nuoc)");
  }
  THIDUA_ASSIGN_OR_RETURN(const json* kinds, read_list(j, at, "nominee_kinds"));
  if (kinds->empty()) return at.key("nominee_kinds").invalid("names no kind of nominee; list at least one");
  for (std::size_t i = 0; i < kinds->size(); ++i) {
    Place here = at.key("nominee_kinds").index(i);
    THIDUA_ASSIGN_OR_RETURN(std::string kind, as_text((*kinds)[i], here, true));
    const std::initializer_list<std::string_view> kKinds = {"individual", "collective", "business",
                                                            "entrepreneur"};
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
      return here.invalid("\"" + kind + "\" is not one of " + listed(kKinds));
    }
    auto first = std::find(a.nominee_kinds.begin(), a.nominee_kinds.end(), kind);
    if (first != a.nominee_kinds.end()) {
      return here.invalid("\"" + kind + "\" is already listed at nominee_kinds[" +
                          std::to_string(first - a.nominee_kinds.begin()) + "]");
    }
    a.nominee_kinds.push_back(std::move(kind));
  }
  THIDUA_ASSIGN_OR_RETURN(std::int64_t ordinal, read_whole(j, at, "ordinal"));
  if (ordinal < 1 || ordinal > 10000) {
    return at.key("ordinal").invalid(std::to_string(ordinal) + " is not a position (1, 2, 3, ...)");
  }
  a.ordinal = static_cast<int>(ordinal);
  return a;
}

}  // namespace

Status content_error(const std::string& file, const std::string& place, const std::string& what) {
  return Status::invalid(file + ": " + (place.empty() ? "" : place + ": ") + what);
}

Result<std::vector<Unit>> parse_units_file(std::string_view text, const std::string& file) {
  THIDUA_ASSIGN_OR_RETURN(json root, parse_json(text, file));
  Place top(file);
  THIDUA_RETURN_IF_ERROR(expect_object(root, top));
  THIDUA_RETURN_IF_ERROR(check_keys(root, top, {"units"}));
  THIDUA_ASSIGN_OR_RETURN(const json* list, read_list(root, top, "units"));
  if (list->empty()) return top.key("units").invalid("the list is empty; add units or remove the file");
  std::vector<Unit> units;
  for (std::size_t i = 0; i < list->size(); ++i) {
    THIDUA_ASSIGN_OR_RETURN(Unit u, parse_unit((*list)[i], top.key("units").index(i)));
    units.push_back(std::move(u));
  }
  return units;
}

Result<PlanFile> parse_plan_file(std::string_view text, const std::string& file) {
  THIDUA_ASSIGN_OR_RETURN(json root, parse_json(text, file));
  Place top(file);
  THIDUA_RETURN_IF_ERROR(expect_object(root, top));
  THIDUA_RETURN_IF_ERROR(check_keys(root, top,
                                    {"id", "year", "title", "issuer", "issued_on", "signed_by",
                                     "signer_title", "sections", "tasks"}));
  PlanFile out;
  Plan& p = out.plan;
  THIDUA_ASSIGN_OR_RETURN(p.id, read_slug(root, top, "id"));
  THIDUA_ASSIGN_OR_RETURN(std::int64_t year, read_whole(root, top, "year"));
  if (year < 1000 || year > 9999) return top.key("year").invalid(std::to_string(year) + " is not a four-digit year");
  p.year = static_cast<int>(year);
  THIDUA_ASSIGN_OR_RETURN(p.title, read_text(root, top, "title", true));
  THIDUA_ASSIGN_OR_RETURN(p.issuer, read_slug(root, top, "issuer"));
  THIDUA_ASSIGN_OR_RETURN(p.issued_on, read_optional_date(root, top, "issued_on"));
  THIDUA_ASSIGN_OR_RETURN(p.signed_by, read_text(root, top, "signed_by", false));
  THIDUA_ASSIGN_OR_RETURN(p.signer_title, read_text(root, top, "signer_title", false));

  THIDUA_ASSIGN_OR_RETURN(const json* sections, field(root, top, "sections"));
  Place sec = top.key("sections");
  THIDUA_RETURN_IF_ERROR(expect_object(*sections, sec));
  THIDUA_RETURN_IF_ERROR(check_keys(*sections, sec, {"intro", "purpose", "requirements", "organisation"}));
  for (std::size_t k = 0; k < kSectionKeys.size(); ++k) {
    THIDUA_ASSIGN_OR_RETURN(out.section_paths[k], read_text(*sections, sec, kSectionKeys[k], true));
  }

  THIDUA_ASSIGN_OR_RETURN(const json* tasks, read_list(root, top, "tasks"));
  std::map<std::pair<int, int>, std::size_t> slot_at;  // (quarter, ordinal) -> task index
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    Place at = top.key("tasks").index(i);
    THIDUA_ASSIGN_OR_RETURN(Task t, parse_task((*tasks)[i], at, p.year));
    auto [it, fresh] = slot_at.emplace(std::pair(t.quarter, t.ordinal), i);
    if (!fresh) {
      return at.key("ordinal").invalid("quarter " + std::to_string(t.quarter) + " already has ordinal " +
                                       std::to_string(t.ordinal) + " (tasks[" + std::to_string(it->second) +
                                       "])");
    }
    p.tasks.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<AwardKind>> parse_awards_file(std::string_view text, const std::string& file) {
  THIDUA_ASSIGN_OR_RETURN(json root, parse_json(text, file));
  Place top(file);
  THIDUA_RETURN_IF_ERROR(expect_object(root, top));
  THIDUA_RETURN_IF_ERROR(check_keys(root, top, {"award_kinds"}));
  THIDUA_ASSIGN_OR_RETURN(const json* list, read_list(root, top, "award_kinds"));
  std::vector<AwardKind> kinds;
  std::map<std::string, std::size_t> id_at, ordinal_at;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Place at = top.key("award_kinds").index(i);
    THIDUA_ASSIGN_OR_RETURN(AwardKind a, parse_award((*list)[i], at));
    auto [first, fresh] = id_at.emplace(a.id, i);
    if (!fresh) {
      return at.key("id").invalid("duplicate award kind id \"" + a.id + "\" (first at award_kinds[" +
                                  std::to_string(first->second) + "])");
    }
    auto [slot, fresh_slot] = ordinal_at.emplace(std::to_string(a.ordinal), i);
    if (!fresh_slot) {
      return at.key("ordinal").invalid("ordinal " + std::to_string(a.ordinal) + " is already award_kinds[" +
                                       std::to_string(slot->second) + "]'s");
    }
    kinds.push_back(std::move(a));
  }
  return kinds;
}

}  // namespace thidua
