// Markdown to HTML for the public site: CommonMark by cmark, safe.
//
// Raw HTML in the source never reaches the page (cmark's safe mode leaves
// a comment in its place) and links to javascript:, vbscript:, file: or
// data: are dropped. Images that point outside the site are turned into
// plain links, so a page loads nothing from elsewhere. Headings are moved
// down one level (a story's "# ..." becomes <h2>): the page's <h1> is its
// title.
#pragma once

#include <string>
#include <string_view>

namespace thidua::site {

std::string markdown_to_html(std::string_view markdown);

// Both at once, from one parse: a story's page and its summary.
struct MarkdownParts {
  std::string html;
  std::string text;  // as markdown_to_text(markdown, text_max)
};
MarkdownParts render_markdown(std::string_view markdown, std::size_t text_max);

// The Markdown's text without markup, whitespace collapsed, cut at a word
// boundary to at most `max_bytes` (an ellipsis marks a cut). For summaries,
// feeds and the search index.
std::string markdown_to_text(std::string_view markdown, std::size_t max_bytes);

// Plain text cut the same way (at a word, with an ellipsis) to `max_bytes`.
std::string shorten(std::string_view text, std::size_t max_bytes);

}  // namespace thidua::site
