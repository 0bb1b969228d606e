// Markdown for public pages: CommonMark, safe, local-only images.
#include <doctest/doctest.h>

#include "sitegen/internal/format.h"
#include "sitegen/internal/svg.h"
#include "sitegen/markdown.h"
#include "store/schema.h"

using namespace thidua::site;

TEST_CASE("raw HTML and dangerous links never reach the page") {
  auto html = markdown_to_html("<script>x()</script>\n\nChữ <b onclick=\"y()\">đậm</b> [a](javascript:z()) [b](vbscript:q)");
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("onclick") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("vbscript:") == std::string::npos);
  CHECK(html.find("Chữ") != std::string::npos);
}

// Found by fuzz/markdown_fuzz.cc: one byte inserted into "thành" reached
// the page as it was, an invalid UTF-8 sequence.
TEST_CASE("regression (issue 9, fuzzing harness): invalid UTF-8 in the source never reaches the page") {
  const std::string source = "lập th\xC3\xA0\xFFnh t\xC3" "ch, \xE1\xBA *đậm*";
  MarkdownParts parts = render_markdown(source, 200);
  CHECK(thidua::is_valid_utf8(parts.html));
  CHECK(thidua::is_valid_utf8(parts.text));
  CHECK(parts.html.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD in its place
  CHECK(parts.html.find("<em>đậm</em>") != std::string::npos);
}

TEST_CASE("headings move down a level; outside images become links, local ones stay") {
  auto html = markdown_to_html("# Một\n\n###### Sáu\n\n![núi](https://example.com/a.png) ![bản đồ](../anh/b.png)");
  CHECK(html.find("<h2>Một</h2>") != std::string::npos);
  CHECK(html.find("<h6>Sáu</h6>") != std::string::npos);
  CHECK(html.find("<a href=\"https://example.com/a.png\">núi</a>") != std::string::npos);
  CHECK(html.find("<img src=\"../anh/b.png\" alt=\"bản đồ\"") != std::string::npos);
  CHECK(html.find("<img src=\"https") == std::string::npos);
  CHECK(markdown_to_html("![](//cdn.example.com/x.png)").find("<img") == std::string::npos);
}

TEST_CASE("plain text of Markdown is cut at a word, never inside a letter") {
  CHECK(markdown_to_text("**Đồng** _Văn_\n\n- một\n- hai", 100) == "Đồng Văn một hai");
  auto cut = markdown_to_text("Hợp tác xã chè Shan tuyết Đồng Minh", 16);
  CHECK(cut == "Hợp tác xã…");
  auto hard = markdown_to_text("Đđđđđđđđđđđđđđđđđđđđ", 5);
  CHECK(hard == "Đđ…");
}

TEST_CASE("dates and labels are Vietnamese") {
  CHECK(date_vi("2021-06-30") == "30/06/2021");
  CHECK(date_vi("hôm qua").empty());
  CHECK(datetime_vi("2021-06-30T20:15:00.000Z") == "01/07/2021 03:15");  // UTC+7
  // An impossible hour or minute shows the date alone, not a rolled-over day.
  CHECK(datetime_vi("2021-06-30T99:15:00.000Z") == "30/06/2021");
  CHECK(datetime_vi("2021-06-30T20:75:00.000Z") == "30/06/2021");
  CHECK(quarter_end(2021, 1) == "2021-03-31");
  CHECK(status_label("blocked") == "Gặp vướng mắc");
  CHECK(category_slug("business") == "doanh-nghiep");
  CHECK(xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
}

TEST_CASE("the progress bar's parts add up to its width") {
  auto svg = progress_bar_svg(ProgressCounts{1, 1, 1, 0}, "Quý I");
  CHECK(svg.find("aria-label=\"Quý I: 1 hoàn thành, 1 đang thực hiện, 1 vướng mắc, 0 chưa thực hiện\"") != std::string::npos);
  CHECK(svg.find("width=\"66\"") != std::string::npos);
  CHECK(svg.find("x=\"133\" y=\"0\" width=\"67\"") != std::string::npos);
}

TEST_CASE("search-index strings are valid JSON whatever the text holds") {
  auto json = [](std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
  };
  CHECK(json("Đồng Văn") == "\"Đồng Văn\"");
  CHECK(json("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json("dòng 1\ndòng 2\t\x01") == "\"dòng 1\\ndòng 2\\t\\u0001\"");
  CHECK(json(std::string_view("nul\0", 4)) == "\"nul\\u0000\"");
  // Not UTF-8: a lone continuation byte, a cut sequence, an overlong "/",
  // a surrogate. Each bad run becomes U+FFFD; good letters around stay.
  CHECK(json("a\x80z") == "\"a\xEF\xBF\xBDz\"");
  CHECK(json("\xE1\xBB") == "\"\xEF\xBF\xBD\"");
  CHECK(json("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(json("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(json("😀") == "\"😀\"");
}
