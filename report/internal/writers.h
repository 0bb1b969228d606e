// Internal to report/: the .xlsx and .docx writers behind write_report().
// Each writes `path` whole or fails (the caller renames it into place).
#pragma once

#include <string>

#include "common/status.h"
#include "report/model.h"

namespace thidua::report_internal {

// The report's tables, one worksheet each, numbers as numbers.
Status write_xlsx(const report::Report& report, const std::string& path);

// `html` converted by `pandoc` (run directly, arguments as a vector, no
// shell). kNotFound with how to install it when pandoc cannot be run.
Status write_docx(const std::string& html, const std::string& path, const std::string& pandoc);

}  // namespace thidua::report_internal
