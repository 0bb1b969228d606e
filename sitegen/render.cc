#include "sitegen/render.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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
  std::string all;
  for (const auto& f : default_theme_files()) {
    std::string name(f.name);
    std::string content(f.content);
    if (!content_dir.empty()) {
      fs::path over = fs::path(content_dir) / "theme" / name;
      std::error_code ec;
      if (fs::exists(over, ec)) {
        std::ifstream in(over, std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        if (!in.good() && !in.eof()) return Status::invalid(over.string() + ": không đọc được tệp giao diện");
        content = buf.str();
      }
    }
    all += name + '\0' + content + '\0';
    t.files_[name] = std::move(content);
  }
  for (const auto& [name, content] : t.files_) {
    if (!ends_with(name, kTemplateSuffix)) continue;
    auto tpl = std::make_shared<kainjow::mustache::mustache>(content);
    if (!tpl->is_valid()) {
      std::string where = content_dir.empty() ? "sitegen/theme/" + name
                                              : (std::filesystem::path(content_dir) / "theme" / name).string();
      return Status::invalid(where + ": mẫu trang sai cú pháp: " + tpl->error_message());
    }
    t.templates_[name.substr(0, name.size() - kTemplateSuffix.size())] = std::move(tpl);
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
