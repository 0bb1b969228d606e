// "--listen HOST:PORT", shared by `server run` and `site serve`.
#pragma once

#include <string>

#include "common/status.h"

namespace thidua::cli {

Status parse_listen(const std::string& listen, std::string* host, int* port);

}  // namespace thidua::cli
