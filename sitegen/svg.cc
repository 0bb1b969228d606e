#include "sitegen/internal/svg.h"

#include "sitegen/internal/format.h"

namespace thidua::site {

std::string progress_bar_svg(const ProgressCounts& c, const std::string& label) {
  const int total = c.total();
  const std::string summary = label + ": " + std::to_string(c.done) + " hoàn thành, " + std::to_string(c.in_progress) +
                              " đang thực hiện, " + std::to_string(c.blocked) + " vướng mắc, " +
                              std::to_string(c.not_started) + " chưa thực hiện";
  std::string svg = "<svg class=\"bar\" viewBox=\"0 0 200 24\" width=\"200\" height=\"24\" role=\"img\" aria-label=\"" +
                    xml_escape(summary) + "\">";
  if (total == 0) {
    svg += "<rect x=\"0\" y=\"0\" width=\"200\" height=\"24\" fill=\"#e4e7eb\"/>";
  } else {
    struct Part {
      int n;
      const char* colour;
    };
    const Part parts[] = {{c.done, "#1b6b2f"}, {c.in_progress, "#d99a00"}, {c.blocked, "#a4161a"}, {c.not_started, "#c9ced6"}};
    int x = 0, seen = 0;
    for (const auto& p : parts) {
      if (p.n == 0) continue;
      seen += p.n;
      const int end = seen * 200 / total;  // integer: the same bytes on every build
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"0\" width=\"" + std::to_string(end - x) +
             "\" height=\"24\" fill=\"" + p.colour + "\"/>";
      x = end;
    }
  }
  svg += "</svg>";
  return svg;
}

}  // namespace thidua::site
