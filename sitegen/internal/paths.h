// Internal to sitegen/: the names of the folders the site makes for
// stories, units and tasks — unique by construction.
//
// A name is the folded text (common/slug.h: lowercase ASCII words joined by
// single '-') when that is free; otherwise it gets a stable suffix from the
// item's id: "--" and hex digits of SHA-256(id). A folded text never holds
// "--", so a suffixed name can equal no plain one, and two suffixed names
// differ in their base or in their suffix.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace thidua::site {

struct NameRequest {
  std::string base;     // a slug; anything else is folded and suffixed, "" is `fallback`
  std::string id;       // unique among the requests
  std::string order;    // among equal bases, the smallest (order, id) keeps the plain name
  bool suffix_always = false;  // never the plain name (an id that is no slug)
};

// One name per request, in the same order; none equal, none in `reserved`
// (names the site uses itself in the same folder). An empty base becomes
// `fallback` with a suffix. Suffixes are 8 hex digits, longer only when
// two in one group would be equal.
std::vector<std::string> unique_names(const std::vector<NameRequest>& requests, const std::set<std::string>& reserved,
                                      const std::string& fallback);

// The folded title, cut to at most `max` bytes on a word boundary.
std::string title_base(const std::string& title, std::size_t max = 80);

}  // namespace thidua::site
