#include "cli/listen.h"

#include <charconv>

namespace thidua::cli {

Result<std::int64_t> parse_whole_number(const std::string& text, const std::string& option, std::int64_t min,
                                        std::int64_t max) {
  const Status refused = Status::invalid(option + " phải là một số nguyên từ " + std::to_string(min) + " đến " +
                                         std::to_string(max) + " (nhận được \"" + text + "\")");
  const std::size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == sign) return refused;
  for (std::size_t i = sign; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return refused;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return refused;  // beyond 64 bits
  if (value < min || value > max) return refused;
  return value;
}

Status parse_listen(const std::string& listen, std::string* host, int* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::invalid("--listen phải có dạng HOST:PORT, ví dụ 127.0.0.1:8787");
  *host = listen.substr(0, colon);
  auto number = parse_whole_number(listen.substr(colon + 1), "cổng trong --listen", 0, 65535);
  if (!number) return number.status();
  *port = static_cast<int>(*number);
  return Status::ok();
}

}  // namespace thidua::cli
