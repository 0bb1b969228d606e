#include "sitegen/internal/cache.h"

#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "sitegen/internal/beneath.h"

namespace thidua::site {
namespace {

// The file: this header line, then fields, each a 4-byte little-endian
// length and its bytes, in a fixed order. Reading it is a few copies; a
// field that runs past the end, or an unknown record, marks the whole
// cache as damaged (the build then renders everything).
constexpr std::string_view kHeader = "thidua-site-cache 2\n";
constexpr char kStory = 'S', kPage = 'P';
// 10,000 stories make ~15 MB; a larger file is not a cache this build
// wrote, and is ignored rather than read into memory.
constexpr std::size_t kCacheLimit = 512u << 20;

void put(std::string& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  const char len[4] = {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff),
                       static_cast<char>((n >> 16) & 0xff), static_cast<char>((n >> 24) & 0xff)};
  out.append(len, 4).append(field);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool done() const { return rest_.empty(); }
  // The next field; false (and the reader stays failed) past the end.
  bool next(std::string_view* field) {
    if (rest_.size() < 4) return fail();
    std::uint32_t n = 0;
    for (int i = 3; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(rest_[static_cast<std::size_t>(i)]);
    rest_.remove_prefix(4);
    if (rest_.size() < n) return fail();
    *field = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return true;
  }
  bool next(std::string* field) {
    std::string_view v;
    if (!next(&v)) return false;
    field->assign(v);
    return true;
  }
  bool next(std::int64_t* number) {
    std::string_view v;
    if (!next(&v) || v.size() != sizeof *number) return fail();
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(v[static_cast<std::size_t>(i)]);
    *number = static_cast<std::int64_t>(n);
    return true;
  }

 private:
  bool fail() {
    rest_ = {};
    return false;
  }
  std::string_view rest_;
};

void put(std::string& out, std::int64_t number) {
  char bytes[8];
  auto n = static_cast<std::uint64_t>(number);
  for (char& b : bytes) {
    b = static_cast<char>(n & 0xff);
    n >>= 8;
  }
  put(out, std::string_view(bytes, 8));
}

}  // namespace

void BuildCache::set_stories(std::vector<StoryMemo> stories) {
  stories_ = std::move(stories);
  by_id_.clear();
  by_id_.reserve(stories_.size());
  for (std::size_t i = 0; i < stories_.size(); ++i) by_id_.emplace(stories_[i].id, i);
}

const StoryMemo* BuildCache::story(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &stories_[it->second];
}

BuildCache read_cache(const std::string& out_dir) {
  // Read only from a regular file, not through a link, and only up to a
  // bound: someone who can write to the output folder could otherwise make
  // the build read /dev/zero, a FIFO that never ends or a huge file.
  Fd out(::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!out.ok()) return {};
  auto read = read_regular(out.get(), kCacheFile, kCacheLimit);
  if (!read) return {};
  const std::string& bytes = *read;
  if (bytes.compare(0, kHeader.size(), kHeader) != 0) return {};
  Reader r(std::string_view(bytes).substr(kHeader.size()));
  BuildCache c;
  std::vector<StoryMemo> stories;
  if (!r.next(&c.context)) return {};
  while (!r.done()) {
    std::string_view kind, key;
    if (!r.next(&kind) || kind.size() != 1 || !r.next(&key)) return {};
    if (kind[0] == kStory) {
      StoryMemo m;
      m.id = key;
      if (!r.next(&m.version) || !r.next(&m.photos) || !r.next(&m.slug) || !r.next(&m.text) || !r.next(&m.index_entry)) {
        return {};
      }
      stories.push_back(std::move(m));
    } else if (kind[0] == kPage) {
      std::string digest;
      if (!r.next(&digest)) return {};
      c.pages.emplace_hint(c.pages.end(), std::string(key), std::move(digest));
    } else {
      return {};  // damaged: build everything
    }
  }
  c.set_stories(std::move(stories));
  return c;
}

std::string encode_cache(const BuildCache& c) {
  std::size_t size = kHeader.size() + c.context.size() + 4;
  for (const auto& m : c.stories()) {
    size += m.id.size() + m.photos.size() + m.slug.size() + m.text.size() + m.index_entry.size() + 8 + 7 * 4 + 1;
  }
  for (const auto& [path, digest] : c.pages) size += path.size() + digest.size() + 3 * 4 + 1;
  std::string out;
  out.reserve(size);
  out.append(kHeader);
  put(out, c.context);
  for (const auto& m : c.stories()) {
    put(out, std::string_view(&kStory, 1));
    put(out, m.id);
    put(out, m.version);
    put(out, m.photos);
    put(out, m.slug);
    put(out, m.text);
    put(out, m.index_entry);
  }
  for (const auto& [path, digest] : c.pages) {
    put(out, std::string_view(&kPage, 1));
    put(out, path);
    put(out, digest);
  }
  return out;
}

}  // namespace thidua::site
