#include "webapp/internal/render.h"

#include <chrono>

#include "webapp/internal/files.h"

namespace thidua::webapp {

std::string date_vi(const std::string& iso) {
  const bool shaped = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
  if (!shaped) return iso;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (iso[i] < '0' || iso[i] > '9') return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

namespace {

// The typed date trimmed and in "YYYY-MM-DD" when it has one of the two
// shapes with digits where they belong; nullopt otherwise.
std::optional<std::string> date_shape(const std::string& typed) {
  std::string t = typed;
  t.erase(0, t.find_first_not_of(' '));
  t.erase(t.find_last_not_of(' ') + 1);
  std::string iso;
  if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
    iso = t;
  } else if (t.size() == 10 && t[2] == '/' && t[5] == '/') {
    iso = t.substr(6, 4) + "-" + t.substr(3, 2) + "-" + t.substr(0, 2);
  } else {
    return std::nullopt;
  }
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
  return iso;
}

std::chrono::year_month_day ymd_of(const std::string& iso) {
  return {std::chrono::year{std::stoi(iso.substr(0, 4))},
          std::chrono::month{static_cast<unsigned>(std::stoi(iso.substr(5, 2)))},
          std::chrono::day{static_cast<unsigned>(std::stoi(iso.substr(8, 2)))}};
}

// records/ takes no date before the Democratic Republic (check_past_date).
constexpr int kFirstYear = 1945;

}  // namespace

std::optional<std::string> date_input(const std::string& typed) {
  auto iso = date_shape(typed);
  if (!iso) return std::nullopt;
  const auto ymd = ymd_of(*iso);
  if (!ymd.ok() || ymd.year() < std::chrono::year{kFirstYear}) return std::nullopt;
  return iso;
}

std::string date_error(const std::string& typed, const std::string& shape_message) {
  auto iso = date_shape(typed);
  if (!iso) return shape_message;
  const auto ymd = ymd_of(*iso);
  const std::string shown = date_vi(*iso);
  if (!ymd.month().ok()) {
    return "Không có ngày " + shown + ": tháng chỉ từ 1 đến 12. " + shape_message;
  }
  if (!ymd.ok()) {
    const auto last =
        std::chrono::year_month_day_last{ymd.year() / ymd.month() / std::chrono::last};
    return "Không có ngày " + shown + ": tháng " + std::to_string(unsigned(ymd.month())) + " năm " +
           iso->substr(0, 4) + " có " + std::to_string(unsigned(last.day())) + " ngày. " +
           shape_message;
  }
  if (ymd.year() < std::chrono::year{kFirstYear}) {
    return "Năm " + iso->substr(0, 4) + " quá xa: nhập một ngày từ năm " +
           std::to_string(kFirstYear) + ". " + shape_message;
  }
  return "";
}

namespace {

constexpr std::string_view kSuffix = ".mustache";

}  // namespace

Result<Templates> Templates::load() {
  Templates t;
  for (const auto& f : template_files()) {
    std::string name(f.name);
    if (name.size() <= kSuffix.size() || name.substr(name.size() - kSuffix.size()) != kSuffix)
      continue;
    name.resize(name.size() - kSuffix.size());
    kainjow::mustache::mustache check{std::string(f.content)};
    if (!check.is_valid()) {
      return Status::internal("webapp/templates/" + std::string(f.name) + ": " +
                              check.error_message());
    }
    t.sources_[name] = std::string(f.content);
  }
  if (!t.sources_.count("layout"))
    return Status::internal("webapp/templates/layout.mustache is missing");
  for (const auto& f : static_files()) t.statics_[std::string(f.name)] = std::string(f.content);
  return t;
}

std::string Templates::page(const std::string& name, Data data) const {
  const std::string* source = &sources_.at(name);
  data.set("page", kainjow::mustache::partial([source] { return *source; }));
  // A part two pages share: a dossier's documents (nomination and review).
  if (auto shared = sources_.find("nom_documents"); shared != sources_.end()) {
    const std::string* part = &shared->second;
    data.set("nom_documents", kainjow::mustache::partial([part] { return *part; }));
  }
  // Parsed for each page: kainjow's render mutates the parsed tree, and
  // pages are rendered on several threads. A parse is microseconds.
  kainjow::mustache::mustache layout{sources_.at("layout")};
  return layout.render(data);
}

const std::string* Templates::static_file(const std::string& name) const {
  auto it = statics_.find(name);
  return it == statics_.end() ? nullptr : &it->second;
}

}  // namespace thidua::webapp
