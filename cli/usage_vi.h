// CLI11's own words in Vietnamese: the help page's headings and the one
// line printed for a command typed wrong (a missing option, an unknown
// argument, a value not in the list). A clerk reads them as often as our
// messages (issue 11: every message a clerk or operator reads in Vietnamese).
#pragma once

namespace CLI {
class App;
}

namespace thidua::cli {

// Call on the top-level app before adding subcommands: they copy these
// settings when they are made.
void use_vietnamese(CLI::App& app);
// Call once every subcommand is added: moves what CLI11 made before the
// settings above were copied.
void finish_vietnamese(CLI::App& app);

}  // namespace thidua::cli
