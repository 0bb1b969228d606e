// Internal to sitegen/: what a build leaves for the next one, in
// <out>/.thidua-cache, so a rebuild renders only pages whose inputs
// changed. Every entry is trusted only under the same context (theme,
// base URL, units, this binary); a story's entry only for the same feed
// version of its row, the same photos and the same slug.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace thidua::site {

struct StoryMemo {
  std::int64_t version = 0;
  std::string photos;       // what its photos were (site.cc: photos_key)
  std::string slug;
  std::string text;         // its body as text, at most 300 bytes
  std::string index_entry;  // its search-index entry, as JSON
};

struct BuildCache {
  std::string context;
  std::map<std::string, StoryMemo> stories;  // by story id
  std::map<std::string, std::string> pages;  // list page path -> digest of its inputs
};

inline constexpr const char* kCacheFile = ".thidua-cache";

// The cache in `out_dir`; empty when absent, unreadable or of another format.
BuildCache read_cache(const std::string& out_dir);
std::string encode_cache(const BuildCache& cache);

}  // namespace thidua::site
