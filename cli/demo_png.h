// A small real PNG for the demo's photo (a flat-coloured picture with a
// simple mountain shape), so the demo needs no image files in the tree.
#pragma once

#include <string>

namespace thidua::cli {

// A valid, decodable RGB PNG of width x height.
std::string make_demo_png(int width, int height);

}  // namespace thidua::cli
