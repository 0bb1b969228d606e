// Numbers given on the command line, parsed strictly: "--listen HOST:PORT"
// (shared by `server run` and `site serve`) and whole-number options.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace thidua::cli {

Status parse_listen(const std::string& listen, std::string* host, int* port);

// `text` as a whole number in [min, max]: decimal digits with an optional
// leading '-', nothing else. Out of range — including values that do not
// fit 64 bits, which a lenient parser would wrap (2^64−1 read as −1) — is
// kInvalid with a Vietnamese message naming `option` and the range.
Result<std::int64_t> parse_whole_number(const std::string& text, const std::string& option, std::int64_t min,
                                        std::int64_t max);

}  // namespace thidua::cli
