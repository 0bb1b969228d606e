#include "sitegen/internal/render.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <regex>
#include <vector>

#include "sitegen/internal/beneath.h"

#include "common/hex.h"
#include "sitegen/internal/theme_files.h"

namespace thidua::site {
namespace {

constexpr std::string_view kTemplateSuffix = ".mustache";

// A theme file is a page template or a stylesheet: kilobytes.
constexpr std::size_t kThemeFileLimit = 4u << 20;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_missing(int dir, const char* name) {
  struct stat st {};
  return ::fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT;
}

// The names in an open folder, sorted (files are read in a stable order).
std::vector<std::string> names_in(int folder) {
  std::vector<std::string> names;
  DIR* d = ::fdopendir(::dup(folder));
  if (!d) return names;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

Result<Theme> Theme::load(const std::string& content_dir) {
  Theme t;
  std::map<std::string, std::string> origin;  // file name -> where it came from, for messages
  for (const auto& f : default_theme_files()) {
    t.files_[std::string(f.name)] = std::string(f.content);
    origin[std::string(f.name)] = "sitegen/theme/" + std::string(f.name);
  }
  // content/theme/: a file named like a default one replaces it; a new
  // partial_*.mustache adds a partial the others may use; any other
  // template name is a mistake (a typo would silently change nothing).
  const std::string overrides = content_dir + "/theme";
  std::vector<std::string> found;
  Fd folder;
  if (!content_dir.empty()) {
    Fd content(::open(content_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));  // the operator's: may be a link
    if (content.ok()) folder = open_folder(content.get(), "theme");
    if (!folder.ok() && content.ok() && !is_missing(content.get(), "theme")) {
      return Status::invalid(overrides + ": không mở được thư mục giao diện (phải là thư mục thật, không phải liên kết)");
    }
    if (folder.ok()) found = names_in(folder.get());
  }
  for (const auto& name : found) {
    const std::string path = overrides + "/" + name;
    const bool known = t.files_.count(name) > 0;
    if (!known && !ends_with(name, kTemplateSuffix)) continue;  // not a theme file: images, notes
    if (!known && name.rfind("partial_", 0) != 0) {
      std::string names;
      for (const auto& [n, content] : t.files_) names += (names.empty() ? "" : ", ") + n;
      return Status::invalid(path + ": không có mẫu trang nào tên này (mẫu mới phải bắt đầu bằng partial_; " +
                             "các tệp của giao diện: " + names + ")");
    }
    // A link is not followed (it could publish any file the build can
    // read), nor is a FIFO or device opened; a huge file is not read.
    auto bytes = read_regular(folder.get(), name, kThemeFileLimit);
    if (!bytes) {
      return Status::invalid(path + ": không đọc được tệp giao diện (phải là tệp thường, không phải liên kết, tối đa " +
                             std::to_string(kThemeFileLimit >> 20) + " MB)");
    }
    t.files_[name] = std::move(*bytes);
    origin[name] = path;
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
