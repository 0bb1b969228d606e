// How the thidua command talks to people: Vietnamese text on stdout, one
// line per failure on stderr.
#pragma once

#include <string>

#include "common/status.h"

namespace thidua::cli {

// Prints "thidua: lỗi: <what>: <detail>" on stderr and returns 1.
// `what` is the Vietnamese sentence for the person; the detail (the
// Status message) names the file and the place for whoever fixes it.
int fail(const std::string& what, const Status& status);
int fail(const std::string& what);

}  // namespace thidua::cli
