// The build cache's file: what is written is read back, and a damaged
// file is never half-trusted.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "sitegen/internal/cache.h"
#include "tests/support/temp_dir.h"

using namespace thidua::site;

namespace {

BuildCache sample() {
  BuildCache c;
  c.context = "ctx\twith\nodd bytes";
  c.set_stories({StoryMemo{"a", 42, "hash/1/image/jpeg/10x20/alt\twith tab;", "guong-a", "Text\nwith newline", "{\"u\":\"x\"}"},
                 StoryMemo{"b", -7, "", "guong-b", "", ""}});
  c.pages["guong-dien-hinh/index.html"] = "digest-1";
  c.pages["guong-dien-hinh/trang/2/index.html"] = "digest-2";
  return c;
}

bool same(const BuildCache& a, const BuildCache& b) {
  if (a.context != b.context || a.pages != b.pages || a.stories().size() != b.stories().size()) return false;
  for (const auto& m : a.stories()) {
    const StoryMemo* found = b.story(m.id);
    if (!found) return false;
    const StoryMemo& n = *found;
    if (m.version != n.version || m.photos != n.photos || m.slug != n.slug || m.text != n.text ||
        m.index_entry != n.index_entry)
      return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the build cache reads back what was written, and a damaged one is ignored whole or in part, never wrong") {
  thidua::testing::TempDir dir;
  const std::string out = dir.file("out");
  std::filesystem::create_directories(out);
  const BuildCache expected = sample();
  const std::string bytes = encode_cache(expected);
  auto write = [&](const std::string& b) { std::ofstream(out + "/" + kCacheFile, std::ios::binary) << b; };

  write(bytes);
  CHECK(same(read_cache(out), expected));

  // Cut anywhere: either nothing is trusted, or what is read is a true part
  // of what was written (missing entries only mean more is rendered).
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    CAPTURE(cut);
    write(bytes.substr(0, cut));
    BuildCache c = read_cache(out);
    if (c.context.empty()) continue;
    CHECK(c.context == expected.context);
    for (const auto& m : c.stories()) {
      REQUIRE(expected.story(m.id));
      const StoryMemo& full = *expected.story(m.id);
      CHECK(m.version == full.version);
      CHECK(m.text == full.text);
      CHECK(m.index_entry == full.index_entry);
    }
    for (const auto& [path, digest] : c.pages) CHECK(expected.pages.at(path) == digest);
  }

  write("thidua-site-cache 1\nold format\n");
  CHECK(read_cache(out).context.empty());
  std::filesystem::remove(out + "/" + kCacheFile);
  CHECK(read_cache(out).context.empty());
}
