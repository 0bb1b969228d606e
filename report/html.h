// The report as one printable HTML file: an administrative report's layout
// (Nghị định 30/2020: A4, margins 20/15/20/30 mm, Times New Roman 13 pt),
// Quốc hiệu and tiêu ngữ, the issuing body, the number and date left to
// fill, sections I-III. Self-contained: its CSS inline in a <style>, no
// script, nothing fetched from anywhere; every value from the database is
// HTML-escaped.
#pragma once

#include <string>

#include "report/model.h"

namespace thidua::report {

std::string render_html(const Report& report);

// The report's stylesheet, the one render_html puts inline.
std::string report_stylesheet();

// render_html's document with <link rel="stylesheet" href="stylesheet_href">
// in place of its inline <style>: for a page served under a CSP that allows
// no inline style (the office web app serves report_stylesheet() at that
// address). Everything else is byte for byte render_html's.
std::string render_html_linked(const Report& report, const std::string& stylesheet_href);

}  // namespace thidua::report
