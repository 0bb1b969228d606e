// Text a person typed: one rule for "left empty", kept by records/ (which
// refuses such a value) and the web app (which says so beside the field).
#pragma once

#include <string_view>

namespace thidua {

// Whether `s` holds only white space, Unicode's included: ASCII's
// " \t\r\n\v\f", a no-break space (U+00A0, what Word pastes), U+1680, the
// spaces U+2000-U+200B, U+202F, U+205F, the ideographic space U+3000 and a
// byte-order mark U+FEFF. True for "". A decision number of one no-break
// space is as empty as one of spaces.
bool is_blank(std::string_view s);

}  // namespace thidua
