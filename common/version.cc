#include "common/version.h"

// Defined for this file only, so a new version rebuilds one object.
#ifndef THIDUA_VERSION
#error "THIDUA_VERSION is set by common/CMakeLists.txt from project(thidua VERSION ...)"
#endif

namespace thidua {

const char kVersion[] = THIDUA_VERSION;

}  // namespace thidua
