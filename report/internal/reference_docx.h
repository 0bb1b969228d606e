// Internal to report/: the reference .docx pandoc takes its styles from
// (Times New Roman 14 pt, A4), made at build time from pandoc's own default
// by cmake/reference_docx.cmake and compiled in.
#pragma once

#include <string_view>

namespace thidua::report_internal {

// The reference document's bytes; empty when pandoc was not installed at
// build time (the .docx then keeps pandoc's default styles).
std::string_view reference_docx();

}  // namespace thidua::report_internal
