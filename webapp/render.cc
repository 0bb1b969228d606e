#include "webapp/internal/render.h"

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

std::optional<std::string> date_input(const std::string& typed) {
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
  const int month = std::stoi(iso.substr(5, 2)), day = std::stoi(iso.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return iso;
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
