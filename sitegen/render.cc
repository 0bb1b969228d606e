#include "sitegen/render.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "sitegen/theme_files.h"
#include "sync/photo.h"

namespace thidua::site {
namespace {

constexpr std::string_view kTemplateSuffix = ".mustache";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Result<Theme> Theme::load(const std::string& content_dir) {
  namespace fs = std::filesystem;
  Theme t;
  std::map<std::string, std::string> origin;  // file name -> where it came from, for messages
  for (const auto& f : default_theme_files()) {
    t.files_[std::string(f.name)] = std::string(f.content);
    origin[std::string(f.name)] = "sitegen/theme/" + std::string(f.name);
  }
  // content/theme/: a file named like a default one replaces it; a new
  // partial_*.mustache adds a partial the others may use; any other
  // template name is a mistake (a typo would silently change nothing).
  const fs::path overrides = fs::path(content_dir) / "theme";
  std::error_code ec;
  if (!content_dir.empty() && fs::is_directory(overrides, ec)) {
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(overrides, ec))
      if (e.is_regular_file(ec)) found.push_back(e.path());
    std::sort(found.begin(), found.end());
    for (const auto& path : found) {
      const std::string name = path.filename().string();
      const bool known = t.files_.count(name) > 0;
      if (!known && !ends_with(name, kTemplateSuffix)) continue;  // not a theme file: images, notes
      if (!known && name.rfind("partial_", 0) != 0) {
        std::string names;
        for (const auto& [n, content] : t.files_) names += (names.empty() ? "" : ", ") + n;
        return Status::invalid(path.string() + ": không có mẫu trang nào tên này (mẫu mới phải bắt đầu bằng partial_; " +
                               "các tệp của giao diện: " + names + ")");
      }
      std::ifstream in(path, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      if (!in.good() && !in.eof()) return Status::invalid(path.string() + ": không đọc được tệp giao diện");
      t.files_[name] = buf.str();
      origin[name] = path.string();
    }
  }
  std::string all;
  for (const auto& [name, content] : t.files_) all += name + '\0' + content + '\0';
  for (const auto& [name, content] : t.files_) {
    if (!ends_with(name, kTemplateSuffix)) continue;
    auto tpl = std::make_shared<kainjow::mustache::mustache>(content);
    if (!tpl->is_valid()) return Status::invalid(origin[name] + ": mẫu trang sai cú pháp: " + tpl->error_message());
    t.templates_[name.substr(0, name.size() - kTemplateSuffix.size())] = std::move(tpl);
  }
  // A partial that is not there would render as nothing: say so instead.
  static const std::regex kPartialTag(R"(\{\{\s*>\s*([^\s}]+)\s*\}\})");
  for (const auto& [name, content] : t.files_) {
    if (!ends_with(name, kTemplateSuffix)) continue;
    for (std::sregex_iterator it(content.begin(), content.end(), kPartialTag), end; it != end; ++it) {
      const std::string partial = (*it)[1];
      if (partial.rfind("partial_", 0) != 0 || !t.templates_.count(partial)) {
        return Status::invalid(origin[name] + ": mẫu trang gọi mẫu con không có: " + partial + " (cần tệp " + partial +
                               std::string(kTemplateSuffix) + " trong giao diện)");
      }
    }
  }
  t.fingerprint_ = sha256_hex(all);
  return t;
}

std::string Theme::render(const std::string& name, Data data) const {
  for (const auto& [partial, tpl] : templates_) {
    if (partial.rfind("partial_", 0) != 0) continue;  // pages are not partials: their names may be data keys
    const std::string* source = &files_.at(partial + std::string(kTemplateSuffix));
    data.set(partial, kainjow::mustache::partial([source] { return *source; }));
  }
  return templates_.at(name)->render(data);
}

const std::string& Theme::file(const std::string& name) const { return files_.at(name); }

Theme Theme::clone() const {
  Theme t;
  t.files_ = files_;
  t.fingerprint_ = fingerprint_;
  for (const auto& [name, tpl] : templates_) {
    t.templates_[name] = std::make_shared<kainjow::mustache::mustache>(t.files_.at(name + std::string(kTemplateSuffix)));
  }
  return t;
}

}  // namespace thidua::site
