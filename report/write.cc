#include "report/write.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "report/html.h"
#include "report/internal/writers.h"

namespace thidua::report {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A temporary name beside `out`, unique to this process.
std::string temp_beside(const std::string& out) { return out + ".tmp-" + std::to_string(getpid()); }

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.close();
  if (!f) return Status::io("không ghi được tệp " + path);
  return Status::ok();
}

// Writes through `write_to(tmp)` and renames the result over `out`.
template <typename Fn>
Status write_atomically(const std::string& out, Fn write_to) {
  const std::string tmp = temp_beside(out);
  Status s = write_to(tmp);
  if (s.is_ok() && std::rename(tmp.c_str(), out.c_str()) != 0) s = Status::io("không ghi được tệp " + out);
  if (!s.is_ok()) std::remove(tmp.c_str());
  return s;
}

}  // namespace

Result<Format> parse_format(const std::string& name) {
  const std::string n = lower(name);
  if (n == "html") return Format::kHtml;
  if (n == "docx") return Format::kDocx;
  if (n == "xlsx") return Format::kXlsx;
  return Status::invalid("định dạng phải là html, docx hoặc xlsx (không phải \"" + name + "\")");
}

Result<Format> format_of_path(const std::string& path) {
  const auto dot = path.rfind('.');
  const auto slash = path.rfind('/');
  const std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash)
                              ? std::string()
                              : lower(path.substr(dot + 1));
  if (ext == "html" || ext == "htm") return Format::kHtml;
  if (ext == "docx" || ext == "xlsx") return parse_format(ext);
  return Status::invalid("không biết định dạng của tệp " + path +
                         ": đặt tên tệp có đuôi .html, .docx hoặc .xlsx, hoặc thêm --format");
}

Status write_report(const Report& report, Format format, const std::string& out, const WriteOptions& options) {
  switch (format) {
    case Format::kHtml:
      return write_atomically(out, [&](const std::string& tmp) { return write_text(tmp, render_html(report)); });
    case Format::kDocx:
      return write_atomically(out, [&](const std::string& tmp) {
        return report_internal::write_docx(render_html(report), tmp, options.pandoc);
      });
    case Format::kXlsx:
      return write_atomically(out, [&](const std::string& tmp) { return report_internal::write_xlsx(report, tmp); });
  }
  return Status::invalid("định dạng không rõ");
}

}  // namespace thidua::report
