// Writing a report to a file in one of its three formats. Nothing
// half-written is ever left at the target: each writer writes a temporary
// file beside it and renames it over the target only once it is whole; on
// any failure the target is as it was (absent or the previous file).
#pragma once

#include <string>

#include "common/status.h"
#include "report/model.h"

namespace thidua::report {

enum class Format { kHtml, kDocx, kXlsx };

// "html", "docx", "xlsx" (as --format takes them). kInvalid otherwise.
Result<Format> parse_format(const std::string& name);
// The format a file name's extension says (.html/.htm, .docx, .xlsx, any
// case). kInvalid saying to give --format when it says none.
Result<Format> format_of_path(const std::string& path);

struct WriteOptions {
  // The pandoc to run for .docx, looked up in PATH when it has no '/'.
  std::string pandoc = "pandoc";
};

// kNotFound with a Vietnamese sentence saying how to install pandoc when
// a .docx is asked for and pandoc cannot be run; kIo naming the file when
// it cannot be written.
Status write_report(const Report& report, Format format, const std::string& out,
                    const WriteOptions& options = {});

}  // namespace thidua::report
