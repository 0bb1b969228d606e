// Internal to sitegen/: the theme's templates, parsed, and rendering with
// them. kainjow::mustache stays behind this header and pages*.cc.
#pragma once

#include <kainjow/mustache.hpp>

#include <map>
#include <memory>
#include <string>

#include "common/status.h"

namespace thidua::site {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

// A Mustache boolean: {{#x}} renders its section when true.
inline Data flag(bool b) { return Data(b ? Data::type::bool_true : Data::type::bool_false); }

class Theme {
 public:
  // The default theme, each file replaced by `<content_dir>/theme/<name>`
  // when that exists ("" for none). kInvalid naming the file when a
  // template does not parse or an override cannot be read.
  static Result<Theme> load(const std::string& content_dir);

  // Renders template `name` ("story" for story.mustache) with `data`;
  // partials ({{> partial_story_card}}) resolve to the theme's templates
  // whose names start with "partial_".
  std::string render(const std::string& name, Data data) const;
  // A theme file as is (site.css, search.js).
  const std::string& file(const std::string& name) const;
  // A digest of every file: pages depend on all of the theme.
  const std::string& fingerprint() const { return fingerprint_; }
  // A copy with its own parsed templates, for another thread.
  Theme clone() const;

 private:
  std::map<std::string, std::string> files_;
  std::map<std::string, std::shared_ptr<kainjow::mustache::mustache>> templates_;
  std::string fingerprint_;
};

}  // namespace thidua::site
