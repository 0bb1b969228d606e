#include "cli/output.h"

#include <iostream>

namespace thidua::cli {

int fail(const std::string& what, const Status& status) {
  std::cerr << "thidua: lỗi: " << what;
  if (!status.is_ok()) std::cerr << ": " << status.message();
  std::cerr << "\n";
  return 1;
}

int fail(const std::string& what) { return fail(what, Status::ok()); }

}  // namespace thidua::cli
