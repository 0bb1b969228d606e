#include "cli/node_support.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli/db_option.h"
#include "store/schema.h"

namespace thidua::cli {

Result<std::unique_ptr<Store>> open_node_db(const std::string& path) {
  OpenOptions options;
  options.create = false;
  auto store = Store::open(path, options);
  if (store) tell_upgrade(path, **store);
  return store;
}

Result<std::unique_ptr<Store>> open_node_db_to_read(const std::string& path) {
  OpenOptions options;
  options.create = false;
  options.read_only = true;
  options.read_compatible_schema = true;
  return Store::open(path, options);
}

Result<std::string> read_text_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status::invalid("không tìm thấy tệp " + path);
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::invalid("không đọc được tệp " + path + ": " + ec.message());
  if (size > kMaxTextBytes) {
    return Status::invalid("tệp " + path + " lớn quá " + std::to_string(kMaxTextBytes / 1024) +
                           " KB");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (!in.is_open() || in.bad()) return Status::invalid("không đọc được tệp " + path);
  return text;
}

void print_id(const std::string& id, bool json) {
  if (json) {
    std::cout << nlohmann::json{{"id", id}}.dump() << "\n";
  } else {
    std::cout << id << "\n";
  }
}

}  // namespace thidua::cli
