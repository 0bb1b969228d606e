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

}  // namespace thidua::report
