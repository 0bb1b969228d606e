// Internal to webapp/: pages rendered from the embedded Mustache templates.
// kainjow::mustache stays behind this header and the page files.
//
// Every page is layout.mustache with the page's template as its partial
// {{> page}}: one data object, and every value goes through {{ }} (HTML
// escaped). The one {{{ }}} is Markdown that sitegen/markdown.h rendered
// (the note preview), which that renderer makes safe.
#pragma once

#include <cstddef>
#include <kainjow/mustache.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace thidua::webapp {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

inline Data flag(bool b) { return Data(b ? Data::type::bool_true : Data::type::bool_false); }

// A code as stored and the words a clerk reads for it: {"approved", "đã duyệt"}.
struct Words {
  const char* code;
  const char* words;
};

// The words `table` gives `code`, or `unknown` when it gives none ("" where
// an unknown code, say a query's `da` naming no step, must show nothing).
template <std::size_t N>
std::string words_of(const Words (&table)[N], std::string_view code, std::string_view unknown) {
  for (const Words& w : table) {
    if (code == w.code) return w.words;
  }
  return std::string(unknown);
}

// The words `table` gives `code`, or the code itself: a status newer than
// this copy still reads as something.
template <std::size_t N>
std::string words_of(const Words (&table)[N], const std::string& code) {
  return words_of(table, code, code);
}

// A date as a Vietnamese reader writes it: "2021-03-05" -> "05/03/2021".
// Anything that is not a YYYY-MM-DD date is returned as it is.
std::string date_vi(const std::string& iso);

// A date as a clerk types it, "DD/MM/YYYY" or "YYYY-MM-DD", as
// "YYYY-MM-DD"; nullopt when it is neither shape or not a day of the
// calendar from 1945 on (31/02/2021 is not). records/ judges the rest (a
// date in the future).
std::optional<std::string> date_input(const std::string& typed);

// The message beside a date field date_input refuses: `shape_message` ("Nhập
// ngày quyết định dạng ngày/tháng/năm, ví dụ 20/07/2021.") when `typed` is
// not shaped as a date, else why that day does not exist ("Không có ngày
// 31/02/2021: tháng 2 năm 2021 có 28 ngày. " then `shape_message`); "" when
// date_input takes `typed`.
std::string date_error(const std::string& typed, const std::string& shape_message);

class Templates {
 public:
  // Parses every embedded template; kInternal naming the one that does not
  // parse (a build mistake, caught by any test that opens the app).
  static Result<Templates> load();

  // The page template `name` ("home" for home.mustache) inside the layout.
  // `data` holds the layout's values too (unit, nav, csrf, title).
  std::string page(const std::string& name, Data data) const;

  // A static file by name ("app.css"), or nullptr.
  const std::string* static_file(const std::string& name) const;

 private:
  std::map<std::string, std::string> sources_;
  std::map<std::string, std::string> statics_;
};

}  // namespace thidua::webapp
