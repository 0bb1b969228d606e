#include "cli/usage_vi.h"

#include <CLI/CLI.hpp>

namespace thidua::cli {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string after(const std::string& s, const std::string& marker) {
  auto at = s.find(marker);
  return at == std::string::npos ? s : s.substr(at + marker.size());
}

// CLI11's English sentence for `e`, said in Vietnamese. The forms CLI11
// 2.1 writes are matched; anything else keeps its text (option names and
// values in it stay readable) behind a Vietnamese lead.
std::string say(const CLI::Error& e) {
  const std::string what = e.what();
  // By exit code, not get_name(): CLI11 names some errors after the
  // subcommand that raised them.
  switch (static_cast<CLI::ExitCodes>(e.get_exit_code())) {
    case CLI::ExitCodes::RequiredError:
      if (what == "A subcommand is required") return "thiếu lệnh con";
      if (ends_with(what, " is required"))
        return "thiếu " + what.substr(0, what.size() - 12) + " (bắt buộc)";
      return "thiếu tham số bắt buộc: " + what;
    case CLI::ExitCodes::ExtrasError:
      return "không hiểu tham số: " + after(what, ": ");
    case CLI::ExitCodes::ArgumentMismatch:
      if (ends_with(what, " missing") && what.find(':') != std::string::npos) {
        return "thiếu giá trị sau " + what.substr(0, what.find(':'));
      }
      return "số giá trị của tùy chọn không đúng: " + what;
    case CLI::ExitCodes::ExcludesError:
      return "không dùng hai tùy chọn này cùng lúc: " + what;
    case CLI::ExitCodes::ValidationError:
    case CLI::ExitCodes::ConversionError: {
      std::string text = what;
      if (auto at = text.find(" not in "); at != std::string::npos)
        text.replace(at, 8, " không thuộc ");
      return "giá trị không hợp lệ: " + text;
    }
    default:
      return "lệnh chưa đúng: " + what;
  }
}

std::string failure_message(const CLI::App* app, const CLI::Error& e) {
  std::string line = "thidua: lỗi: " + say(e);
  if (app->get_help_ptr() != nullptr) line += " (xem " + app->get_help_ptr()->get_name() + ")";
  return line + "\n";
}

}  // namespace

void use_vietnamese(CLI::App& app) {
  app.option_defaults()->group("Tùy chọn");
  app.set_help_flag("-h,--help", "In hướng dẫn này rồi thoát");
  app.group("Lệnh con");
  app.failure_message(failure_message);
  auto f = app.get_formatter();
  f->label("Usage", "Cách dùng");
  f->label("OPTIONS", "TÙY CHỌN");
  f->label("REQUIRED", "BẮT BUỘC");
  f->label("Positionals", "Tham số");
  f->label("Excludes", "Không dùng cùng");
  f->label("Needs", "Cần");
  f->label("Env", "Biến môi trường");
  f->label("SUBCOMMAND", "LỆNH_CON");
  f->label("SUBCOMMANDS", "LỆNH_CON");
}

void finish_vietnamese(CLI::App& app) {
  // A subcommand makes its --help before it copies option_defaults: it
  // lands in CLI11's English group unless moved.
  if (auto* help = app.get_help_ptr()) help->group("Tùy chọn");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) finish_vietnamese(*sub);
}

}  // namespace thidua::cli
