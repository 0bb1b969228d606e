#include "sitegen/internal/paths.h"

#include <algorithm>
#include <map>

#include "common/hex.h"
#include "common/slug.h"

namespace thidua::site {
namespace {

// Suffixes for one group of equal bases: 8 hex digits of SHA-256(id), or
// more when two ids of the group share them (so far only in theory).
std::vector<std::string> suffixes(const std::vector<const NameRequest*>& group) {
  std::vector<std::string> digests;
  for (const auto* r : group) digests.push_back(sha256_hex(r->id));
  for (std::size_t len = 8;; len *= 2) {
    std::set<std::string> seen;
    std::vector<std::string> out;
    for (const auto& d : digests) out.push_back(d.substr(0, len));
    for (const auto& s : out) seen.insert(s);
    if (seen.size() == out.size() || len >= 64) return out;
  }
}

}  // namespace

std::string title_base(const std::string& title, std::size_t max) {
  std::string base = slugify(title);
  if (base.size() > max) {
    base.resize(max);
    while (!base.empty() && base.back() == '-') base.pop_back();
  }
  return base;
}

std::vector<std::string> unique_names(const std::vector<NameRequest>& requests, const std::set<std::string>& reserved,
                                      const std::string& fallback) {
  // Each request's group key (a slug, so it holds no "--") and whether it
  // must be suffixed: no text of its own, a base that was not a slug, a
  // name the site uses itself.
  std::vector<std::string> keys(requests.size());
  std::vector<bool> forced(requests.size());
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const NameRequest& r = requests[i];
    keys[i] = is_slug(r.base) ? r.base : slugify(r.base);
    forced[i] = r.suffix_always || keys[i] != r.base || keys[i].empty() || reserved.count(keys[i]) > 0;
    if (keys[i].empty()) keys[i] = fallback;
    groups[keys[i]].push_back(i);
  }
  std::vector<std::string> names(requests.size());
  for (auto& [base, members] : groups) {
    // The plain name goes to the first that may have it, by (order, id):
    // the same whatever order the requests come in.
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      const bool fa = forced[a], fb = forced[b];
      return std::tie(fa, requests[a].order, requests[a].id) < std::tie(fb, requests[b].order, requests[b].id);
    });
    const bool plain = !forced[members.front()];
    std::vector<const NameRequest*> rest;
    for (std::size_t k = plain ? 1 : 0; k < members.size(); ++k) rest.push_back(&requests[members[k]]);
    if (plain) names[members.front()] = base;
    const auto tails = suffixes(rest);
    for (std::size_t k = 0; k < rest.size(); ++k) names[members[k + (plain ? 1 : 0)]] = base + "--" + tails[k];
  }
  return names;
}

}  // namespace thidua::site
