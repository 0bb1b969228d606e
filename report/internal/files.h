// Internal to report/: the HTML report's template and CSS, compiled in by
// cmake/embed_theme.cmake from report/templates/.
#pragma once

#include <string_view>
#include <vector>

namespace thidua::report_internal {

struct EmbeddedFile {
  std::string_view name;  // "report.mustache", "report.css"
  std::string_view content;
};

const std::vector<EmbeddedFile>& template_files();

}  // namespace thidua::report_internal
