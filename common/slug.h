// Slugs: Vietnamese text folded to lowercase ASCII words joined by '-'.
#pragma once

#include <string>
#include <string_view>

namespace thidua {

// "Đồng Văn" -> "dong-van", "Thành phố Hà Giang" -> "thanh-pho-ha-giang".
// Diacritics are removed (đ/Đ -> d), letters lowercased, every run of other
// characters becomes one '-', no leading or trailing '-'. Input that is not
// valid UTF-8 has its bad bytes dropped.
std::string slugify(std::string_view text);

// True when `s` is a non-empty slug: [a-z0-9] runs joined by single '-'.
bool is_slug(std::string_view s);

// Removes Vietnamese diacritics and lowercases, keeping spaces and
// punctuation: "Đồng Văn" -> "dong van". For diacritic-insensitive search.
std::string fold_diacritics(std::string_view text);

}  // namespace thidua
