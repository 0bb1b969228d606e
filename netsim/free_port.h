// A free TCP port on 127.0.0.1, for tests that must name a port up front.
#pragma once

#include "common/status.h"

namespace thidua::netsim {

// Binds 127.0.0.1:0, reads the port the kernel chose and closes the socket.
// The port is free at return but not reserved: another process may take it
// before the caller binds it, so prefer binding port 0 directly when the
// caller owns the listener. Socket failures are Status::io.
Result<int> free_loopback_port();

}  // namespace thidua::netsim
