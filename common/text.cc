#include "common/text.h"

namespace thidua {

bool is_blank(std::string_view s) {
  static constexpr std::string_view kWide[] = {
      "\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
      "\u2007", "\u2008", "\u2009", "\u200a", "\u200b", "\u202f", "\u205f", "\u3000", "\ufeff"};
  std::size_t i = 0;
  while (i < s.size()) {
    if (std::string_view(" \t\r\n\v\f").find(s[i]) != std::string_view::npos) {
      ++i;
      continue;
    }
    bool wide = false;
    for (std::string_view w : kWide) {
      if (s.substr(i, w.size()) == w) {
        i += w.size();
        wide = true;
        break;
      }
    }
    if (!wide) return false;
  }
  return true;
}

}  // namespace thidua
