#include "common/slug.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace thidua {
namespace {

struct Case {
  std::string input;
  std::string slug;
};

TEST_CASE("slugify folds Vietnamese names to ASCII slugs") {
  const std::vector<Case> cases = {
      {"Đồng Văn", "dong-van"},
      {"Thành phố Hà Giang", "thanh-pho-ha-giang"},
      {"Mèo Vạc", "meo-vac"},
      {"Hoàng Su Phì", "hoang-su-phi"},
      {"Xín Mần", "xin-man"},
      {"Yên Minh", "yen-minh"},
      {"Vị Xuyên", "vi-xuyen"},
      {"  Quản  Bạ!! ", "quan-ba"},
      {"ĐỒNG VĂN", "dong-van"},
      {"Sở Giáo dục và Đào tạo", "so-giao-duc-va-dao-tao"},
      {"Ban TĐKT, Sở Nội vụ", "ban-tdkt-so-noi-vu"},
      {"Kế hoạch 273/CTr-UBND", "ke-hoach-273-ctr-ubnd"},
      {"ƯỚC ƠN Ỹ", "uoc-on-y"},
      // Decomposed input: base letter followed by combining marks.
      {"Ca\xCC\x81 Be\xCC\x82\xCC\x80", "ca-be"},  // "Cá Bề" as a + U+0301, e + U+0302 U+0300
      {"", ""},
      {"---", ""},
      {"!!", ""},
      // Bad bytes are dropped without becoming separators.
      {"ab\xFF" "cd", "abcd"},
      {"x\xC3", "x"},               // truncated sequence at the end
      {"\xC0\xAF" "a", "a"},        // overlong '/'
      {"\xED\xA0\x80z", "z"},       // a UTF-16 surrogate
      // Other non-ASCII characters separate words.
      {"Hà Giang—2021", "ha-giang-2021"},
      {"北京 city", "city"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(slugify(c.input) == c.slug);
    if (!c.slug.empty()) CHECK(is_slug(slugify(c.input)));
  }
}

TEST_CASE("every Vietnamese vowel with a diacritic folds to its base letter") {
  const std::vector<Case> groups = {
      {"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", std::string(34, 'a')},
      {"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", std::string(22, 'e')},
      {"ìíỉĩịÌÍỈĨỊ", std::string(10, 'i')},
      {"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", std::string(34, 'o')},
      {"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", std::string(22, 'u')},
      {"ỳýỷỹỵỲÝỶỸỴ", std::string(10, 'y')},
      {"đĐ", "dd"},
  };
  for (const auto& g : groups) {
    CAPTURE(g.input);
    CHECK(slugify(g.input) == g.slug);
    CHECK(fold_diacritics(g.input) == g.slug);
  }
}

TEST_CASE("is_slug accepts only [a-z0-9] runs joined by single dashes") {
  struct SlugCase {
    std::string text;
    bool ok;
  };
  const std::vector<SlugCase> cases = {
      {"dong-van", true},     {"2021", true},       {"2021-q1-07", true}, {"a", true},
      {"", false},            {"-dong", false},     {"dong-", false},     {"dong--van", false},
      {"Dong-van", false},    {"dong van", false},  {"dong_van", false},  {"đồng-văn", false},
      {"dong-van\n", false},  {"-", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(is_slug(c.text) == c.ok);
  }
}

TEST_CASE("fold_diacritics keeps spacing and punctuation") {
  const std::vector<Case> cases = {
      {"Đồng Văn", "dong van"},
      {"  Quản  Bạ!! ", "  quan  ba!! "},
      {"ĐỒNG VĂN", "dong van"},
      {"Ban TĐKT, Sở Nội vụ", "ban tdkt, so noi vu"},
      {"Ca\xCC\x81", "ca"},
      {"Hà Giang—2021", "ha giang—2021"},  // other non-ASCII is kept as it is
      {"ÉCOLE Ñ", "ecole Ñ"},
      {"ab\xFF" "cd", "abcd"},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(fold_diacritics(c.input) == c.slug);
  }
}

}  // namespace
}  // namespace thidua
