// The site benchmark's data (bench/site_bench.cc): published stories of
// made-up Vietnamese text for the districts of content/, applied to a central
// database as if each district's node had synced them, and the same stories
// written as a minimal Hugo site. Everything random comes from the caller's
// generator: one seed, one data set, byte for byte.
#pragma once

#include <cstddef>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace thidua::bench {

struct Unit {
  std::string id, name;
};

struct Story {
  std::string id, unit_id, title, subject, category, created_on, published_on, body_md;
};

// The district and city units of the database; dies when there are none.
std::vector<Unit> districts(Store& store);

// n stories in the given units, each ~600 words of Markdown (headings,
// paragraphs, a list, bold, emphasis, a link), published on a day of 2021.
std::vector<Story> make_stories(int n, const std::vector<Unit>& units, std::mt19937& rng);

// Applies the stories (published) and a progress row per task and unit, as
// cells from one made-up node per unit, with clocks an hour in the past.
// Returns how many cells were applied; dies when one is rejected.
std::size_t sync_in(Store& store, const std::vector<Story>& stories, const std::vector<Unit>& units,
                    std::mt19937& rng);

// Writes the same stories as a Hugo site in `site` (config, layouts, one
// content file a story, the section and taxonomy index pages); Hugo's cache
// goes to hugo-cache/ beside it.
void write_hugo_site(const std::filesystem::path& site, const std::vector<Story>& stories,
                     const std::vector<Unit>& units);

// Words in a text, split at spaces and newlines.
int word_count(const std::string& s);

}  // namespace thidua::bench
