#include "sitegen/markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace thidua::site {
namespace {

struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterFree {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
struct CharFree {
  void operator()(char* p) const { std::free(p); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;
using CharPtr = std::unique_ptr<char, CharFree>;

NodePtr parse(std::string_view markdown) {
  // cmark passes invalid UTF-8 through to the page unless asked to replace
  // it (with U+FFFD); a page and its summaries must be valid UTF-8 whatever
  // the source holds.
  return NodePtr(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8));
}

// A URL a page may load: relative to the site (no scheme, not "//host").
bool is_local(const char* url) {
  std::string_view u(url ? url : "");
  if (u.rfind("//", 0) == 0) return false;
  for (char c : u) {
    if (c == ':') return false;  // a scheme
    if (c == '/' || c == '?' || c == '#') break;
  }
  return true;
}

// Moves headings down a level and turns outside images into links.
void adjust(cmark_node* root) {
  std::vector<cmark_node*> outside_images;
  IterPtr it(cmark_iter_new(root));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* n = cmark_iter_get_node(it.get());
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_HEADING:
        cmark_node_set_heading_level(n, std::min(6, cmark_node_get_heading_level(n) + 1));
        break;
      case CMARK_NODE_IMAGE:
        if (!is_local(cmark_node_get_url(n))) outside_images.push_back(n);
        break;
      default:
        break;
    }
  }
  it.reset();
  for (cmark_node* image : outside_images) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, cmark_node_get_url(image));
    // The image's alt text (its children) becomes the link's text.
    while (cmark_node* child = cmark_node_first_child(image)) {
      cmark_node_unlink(child);
      cmark_node_append_child(link, child);
    }
    if (!cmark_node_first_child(link)) {
      cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(text, "ảnh");
      cmark_node_append_child(link, text);
    }
    cmark_node_replace(image, link);
    cmark_node_free(image);
  }
}

void collapse_space(std::string& out, char c) {
  const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
  if (space) {
    if (!out.empty() && out.back() != ' ') out += ' ';
  } else {
    out += c;
  }
}

// The document's text without markup, whitespace collapsed, cut.
std::string text_of(cmark_node* doc, std::size_t max_bytes) {
  std::string out;
  IterPtr it(cmark_iter_new(doc));
  for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it.get());
    const cmark_node_type type = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
      for (const char* p = cmark_node_get_literal(n); p && *p; ++p) collapse_space(out, *p);
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
               (ev == CMARK_EVENT_EXIT && (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING ||
                                           type == CMARK_NODE_ITEM))) {
      collapse_space(out, ' ');
    }
    if (out.size() > max_bytes + 64) break;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return shorten(out, max_bytes);
}

std::string html_of(cmark_node* doc) {
  adjust(doc);
  // CMARK_OPT_DEFAULT is safe mode: raw HTML and dangerous URLs dropped.
  CharPtr html(cmark_render_html(doc, CMARK_OPT_DEFAULT));
  return html ? std::string(html.get()) : std::string();
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  NodePtr doc = parse(markdown);
  return doc ? html_of(doc.get()) : std::string();
}

std::string markdown_to_text(std::string_view markdown, std::size_t max_bytes) {
  NodePtr doc = parse(markdown);
  return doc ? text_of(doc.get(), max_bytes) : std::string();
}

MarkdownParts render_markdown(std::string_view markdown, std::size_t text_max) {
  NodePtr doc = parse(markdown);
  if (!doc) return {};
  MarkdownParts parts;
  parts.text = text_of(doc.get(), text_max);  // before html_of adjusts the tree
  parts.html = html_of(doc.get());
  return parts;
}

std::string shorten(std::string_view text, std::size_t max_bytes) {
  constexpr std::string_view kEllipsis = "…";
  if (text.size() <= max_bytes) return std::string(text);
  if (text.size() >= kEllipsis.size() && text.substr(text.size() - kEllipsis.size()) == kEllipsis) {
    text.remove_suffix(kEllipsis.size());  // already cut once: cut again
  }
  // Cut at the last space that fits, never inside a UTF-8 sequence.
  std::size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut == 0) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

}  // namespace thidua::site
