// The --db option every database command takes, and the one way a command
// says it could not open that database.
#pragma once

#include <string>

#include "common/status.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace thidua {
class Store;
}  // namespace thidua

namespace thidua::cli {

// The help texts shared by many commands: a node's own file, the central one.
inline constexpr const char* kNodeDbHelp = "Tệp cơ sở dữ liệu của máy này";
inline constexpr const char* kCentralDbHelp = "Cơ sở dữ liệu trung tâm";

// Adds `--db <path>` to `cmd`, stored in `path` (which must outlive parsing),
// required unless `required` is false. Returns the option for further rules.
CLI::Option* add_db_option(CLI::App& cmd, std::string& path, const std::string& help = kNodeDbHelp,
                           bool required = true);

// Prints "thidua: lỗi: không mở được cơ sở dữ liệu: <detail>" on stderr and
// returns 1, the exit code.
int fail_open_db(const Status& status);

// When opening `store` migrated its file, says so on stderr, with the copy
// kept beside it (Store::upgrade_copy): an operator learns where the way
// back is, and stdout stays the command's own output.
void tell_upgrade(const std::string& path, const Store& store);

}  // namespace thidua::cli
