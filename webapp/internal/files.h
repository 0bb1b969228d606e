// Internal to webapp/: the app's templates and static files, compiled into
// the binary by cmake/embed_theme.cmake (webapp/templates/, webapp/static/).
#pragma once

#include <string_view>
#include <vector>

namespace thidua::webapp {

struct EmbeddedFile {
  std::string_view name;  // "layout.mustache", "app.css", ...
  std::string_view content;
};

const std::vector<EmbeddedFile>& template_files();
const std::vector<EmbeddedFile>& static_files();

}  // namespace thidua::webapp
