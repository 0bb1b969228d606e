// Inline SVG charts: no script, no fonts, readable without colour (each
// part has a text label) and by screen readers (role="img" with a label).
#pragma once

#include <string>

namespace thidua::site {

struct ProgressCounts {
  int done = 0, in_progress = 0, blocked = 0, not_started = 0;
  int total() const { return done + in_progress + blocked + not_started; }
};

// A horizontal bar split into done / in progress / blocked / not started.
std::string progress_bar_svg(const ProgressCounts& c, const std::string& label);

}  // namespace thidua::site
