// thidua's version, written once: `project(thidua VERSION ...)` in the top
// CMakeLists.txt, passed to common/version.cc as THIDUA_VERSION.
#pragma once

namespace thidua {

// "0.1.0": what `thidua --version` prints and the server announces in hello.
extern const char kVersion[];

}  // namespace thidua
