// Fuzzes the site's Markdown rendering (sitegen/markdown.h), which turns a
// district's story into a public page. Checks the promises markdown.h makes:
// only the tags CommonMark itself produces (raw HTML never passes), no link
// to a script or data URL, no image loaded from elsewhere, valid UTF-8
// everywhere, and summaries cut to their size.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sitegen/markdown.h"
#include "store/schema.h"

namespace {

void check(bool ok, const char* what, std::string_view html) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\nHTML: %.*s\n", what, static_cast<int>(html.size()),
               html.data());
  std::abort();
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The tags cmark's HTML renderer writes; anything else came from the input.
bool known_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 20> kTags = {
      "p",    "h1",  "h2",         "h3", "h4", "h5", "h6", "em", "strong", "a",
      "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br", "img",    "!--"};
  return std::find(kTags.begin(), kTags.end(), name) != kTags.end();
}

void check_tags(std::string_view html) {
  for (std::size_t lt = html.find('<'); lt != std::string_view::npos; lt = html.find('<', lt + 1)) {
    std::size_t from = lt + 1 + (lt + 1 < html.size() && html[lt + 1] == '/');
    std::size_t to = from;
    while (to < html.size() && (std::isalnum(static_cast<unsigned char>(html[to])) ||
                                html[to] == '!' || html[to] == '-')) {
      ++to;
    }
    std::string name = lower(html.substr(from, to - from));
    if (name.rfind("!--", 0) == 0) name = "!--";
    check(known_tag(name), "a tag cmark does not write", html);
  }
}

// Calls f(name, value) for every attribute of every tag, walking each tag
// from its name: cmark writes name="value" with `"`, `<` and `>` escaped
// inside values, so text in a value that looks like an attribute (a title
// holding ` href="`) is not taken for one. Comments are skipped.
template <typename F>
void for_each_attribute(std::string_view html, F f) {
  constexpr auto npos = std::string_view::npos;
  auto stop = [](char c) { return c == ' ' || c == '/' || c == '>' || c == '='; };
  for (std::size_t lt = html.find('<'); lt != npos; lt = html.find('<', lt + 1)) {
    if (html.substr(lt, 4) == "<!--") {
      lt = html.find("-->", lt);
      check(lt != npos, "an unterminated comment", html);
      continue;
    }
    std::size_t pos = lt + 1;
    if (pos < html.size() && html[pos] == '/') ++pos;      // a closing tag
    while (pos < html.size() && !stop(html[pos])) ++pos;  // the tag's name
    for (;;) {
      while (pos < html.size() && (html[pos] == ' ' || html[pos] == '/')) ++pos;
      check(pos < html.size(), "an unterminated tag", html);
      if (html[pos] == '>') break;
      std::size_t name_end = pos;
      while (name_end < html.size() && !stop(html[name_end])) ++name_end;
      const std::string name = lower(html.substr(pos, name_end - pos));
      if (name_end < html.size() && html[name_end] == '=') {
        check(name_end + 1 < html.size() && html[name_end + 1] == '"', "an unquoted attribute", html);
        const std::size_t to = html.find('"', name_end + 2);
        check(to != npos, "an unterminated attribute", html);
        f(name, lower(html.substr(name_end + 2, to - name_end - 2)));
        pos = to + 1;
      } else {
        f(name, std::string());
        pos = name_end;
      }
    }
    lt = pos;
  }
}

bool dangerous_scheme(const std::string& url) {
  for (std::string_view scheme : {"javascript:", "vbscript:", "data:", "file:"}) {
    if (url.rfind(scheme, 0) == 0) return true;
  }
  return false;
}

// A URL a page may load: no scheme and no host ("//", or "\\" that browsers
// read as "//").
bool local_url(const std::string& url) {
  if (url.rfind("//", 0) == 0 || url.rfind("\\", 0) == 0 || url.rfind("/\\", 0) == 0) return false;
  std::size_t end = url.find_first_of("/?#");
  return url.substr(0, end).find(':') == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view markdown(reinterpret_cast<const char*>(data), size);
  const std::size_t text_max = size % 300;
  thidua::site::MarkdownParts parts = thidua::site::render_markdown(markdown, text_max);
  const std::string& html = parts.html;
  check(thidua::is_valid_utf8(html), "HTML that is not valid UTF-8", html);
  check(lower(html).find("<script") == std::string::npos, "a <script> in the HTML", html);
  check_tags(html);
  for_each_attribute(html, [&](const std::string& name, const std::string& value) {
    check(name.rfind("on", 0) != 0, "an event handler attribute", html);
    if (name == "href") check(!dangerous_scheme(value), "a script link", html);
    if (name == "src") check(local_url(value), "an image from elsewhere", html);
  });
  check(thidua::is_valid_utf8(parts.text), "a summary that is not valid UTF-8", parts.text);
  check(parts.text.size() <= text_max + std::string_view("…").size(), "a summary longer than asked",
        parts.text);
  check(parts.html == thidua::site::markdown_to_html(markdown),
        "render_markdown differs from markdown_to_html", html);
  return 0;
}
