#include "cli/listen.h"

namespace thidua::cli {

Status parse_listen(const std::string& listen, std::string* host, int* port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return Status::invalid("--listen phải có dạng HOST:PORT, ví dụ 127.0.0.1:8787");
  *host = listen.substr(0, colon);
  try {
    *port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    return Status::invalid("cổng không hợp lệ trong --listen " + listen);
  }
  if (*port < 0 || *port > 65535) return Status::invalid("cổng phải từ 0 đến 65535");
  return Status::ok();
}

}  // namespace thidua::cli
