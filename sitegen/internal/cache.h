// Internal to sitegen/: what a build leaves for the next one, in
// <out>/.thidua-cache, so a rebuild renders only pages whose inputs
// changed. Every entry is trusted only under the same context (theme,
// base URL, units, this binary); a story's entry only for the same feed
// version of its row, the same photos and the same slug.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace thidua::site {

struct StoryMemo {
  std::string id;
  std::int64_t version = 0;
  std::string photos;       // what its photos were (pages.cc: photos_key)
  std::string slug;
  std::string text;         // its body as text, at most 300 bytes
  std::string index_entry;  // its search-index entry, as JSON
};

class BuildCache {
 public:
  std::string context;
  std::map<std::string, std::string> pages;  // list page path -> digest of its inputs

  BuildCache() = default;
  // Move-only: the index points into the stories.
  BuildCache(BuildCache&&) = default;
  BuildCache& operator=(BuildCache&&) = default;
  BuildCache(const BuildCache&) = delete;
  BuildCache& operator=(const BuildCache&) = delete;

  // Every story's memo, in the order the site lists them.
  const std::vector<StoryMemo>& stories() const { return stories_; }
  // Replaces them; each id at most once.
  void set_stories(std::vector<StoryMemo> stories);
  // The memo of a story, or nullptr.
  const StoryMemo* story(std::string_view id) const;

 private:
  std::vector<StoryMemo> stories_;
  std::unordered_map<std::string_view, std::size_t> by_id_;  // views of stories_[i].id
};

inline constexpr const char* kCacheFile = ".thidua-cache";

// The cache in `out_dir`; empty when absent, unreadable or of another format.
BuildCache read_cache(const std::string& out_dir);
std::string encode_cache(const BuildCache& cache);

}  // namespace thidua::site
