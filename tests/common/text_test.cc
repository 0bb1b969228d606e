#include "common/text.h"

#include <doctest/doctest.h>

namespace thidua {
namespace {

TEST_CASE("is_blank: ASCII white space and Unicode's spaces are blank, anything else is not") {
  for (const char* s : {"", " ", " \t\r\n\v\f", "\u00a0", "\u3000\u3000", " \u00a0\u2009\ufeff\n",
                        "\u200b", "\u202f\u205f\u1680"}) {
    CHECK_MESSAGE(is_blank(s), s);
  }
  for (const char* s : {"a", " a ", "\u00a0x", "\u3000\u3001", "Lò Thị Hoa", "\xc2", "\xe3\x80",
                        "\u2010"}) {
    CHECK_MESSAGE(!is_blank(s), s);
  }
}

}  // namespace
}  // namespace thidua
