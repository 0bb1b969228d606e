// The default theme, compiled into the binary (see cmake/embed_theme.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace thidua::site {

struct ThemeFile {
  std::string_view name;  // "layout.mustache", "site.css", ...
  std::string_view content;
};

const std::vector<ThemeFile>& default_theme_files();

}  // namespace thidua::site
