#include "sitegen/cache.h"

#include <filesystem>
#include <fstream>
#include <vector>

namespace thidua::site {
namespace {

constexpr const char* kHeader = "thidua-site-cache 1";

// Fields are tab-separated; the text fields hold no tab or newline (text is
// whitespace-collapsed; JSON escapes control characters), but escape anyway.
std::string escape(const std::string& s) {
  if (s.find_first_of("\\\t\n") == std::string::npos) return s;
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (;;) {
    auto tab = line.find('\t', from);
    parts.push_back(unescape(line.substr(from, tab - from)));
    if (tab == std::string::npos) break;
    from = tab + 1;
  }
  return parts;
}

}  // namespace

BuildCache read_cache(const std::string& out_dir) {
  BuildCache c;
  std::ifstream in(std::filesystem::path(out_dir) / kCacheFile, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || line != kHeader || !std::getline(in, line)) return {};
  c.context = line;
  while (std::getline(in, line)) {
    auto f = split(line);
    if (f.size() == 7 && f[0] == "S") {
      StoryMemo m;
      try {
        m.version = std::stoll(f[2]);
      } catch (const std::exception&) {
        return {};
      }
      m.photos = f[3];
      m.slug = f[4];
      m.text = f[5];
      m.index_entry = f[6];
      c.stories[f[1]] = std::move(m);
    } else if (f.size() == 3 && f[0] == "P") {
      c.pages[f[1]] = f[2];
    } else {
      return {};  // damaged: build everything
    }
  }
  return c;
}

std::string encode_cache(const BuildCache& c) {
  std::string out = std::string(kHeader) + "\n" + c.context + "\n";
  std::size_t size = out.size();
  for (const auto& [id, m] : c.stories) size += id.size() + m.photos.size() + m.slug.size() + m.text.size() + m.index_entry.size() + 40;
  out.reserve(size + c.pages.size() * 120);
  for (const auto& [id, m] : c.stories) {
    out.append("S\t").append(escape(id));
    out.append("\t").append(std::to_string(m.version));
    for (const std::string* field : {&m.photos, &m.slug, &m.text, &m.index_entry}) out.append("\t").append(escape(*field));
    out.append("\n");
  }
  for (const auto& [path, digest] : c.pages) out += "P\t" + escape(path) + "\t" + escape(digest) + "\n";
  return out;
}

}  // namespace thidua::site
