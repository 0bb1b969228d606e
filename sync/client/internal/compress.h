// Brotli compression of request bodies. The client compresses itself (not
// through the HTTP library) so it knows the bytes it puts on the wire.
#pragma once

#include <string>
#include <string_view>

namespace thidua {

// Brotli at a quality that suits text on a slow link and a small CPU.
std::string brotli_compress(std::string_view data);

}  // namespace thidua
