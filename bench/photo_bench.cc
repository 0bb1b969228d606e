// Photo downscaling (issue 12): thidua's downscale_photo (libvips) against
// ImageMagick's `convert -resize` (the real one, /usr/bin/convert) on the
// same camera-like 12-megapixel JPEG, to the same size, in the same run.
//
//   photo_bench [--runs R] [--width W --height H] [--convert PATH]
//   photo_bench --make FILE           (only write the 4000x3000 test photo)
//   photo_bench --downscale IN OUT    (the child: one downscale_photo)
//
// It makes the photo (4000x3000 by default: gradients, shapes and sensor
// noise, quality 92, with EXIF), then R times each, alternating, runs each
// side as a fresh child process (this program re-executed with --downscale,
// and convert) and measures its wall time (start to exit: both pay their
// start-up) and its peak memory (ru_maxrss from wait4). It prints medians,
// the ratio, and whether the targets hold: at least 3x faster than
// convert, under 100 MB. The figures go into docs/benchmarks.md.
#include <vips/vips.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/site_process.h"
#include "photo/downscale.h"

namespace fs = std::filesystem;
using namespace thidua;
using namespace thidua::bench;

namespace {

struct Options {
  int runs = 7;
  int width = 4000, height = 3000;
  std::string convert = "/usr/bin/convert";
};

// A camera-like photo: smooth colour gradients (sky, ground), a few hard
// edges, and fine noise like a sensor's, which is what makes a real JPEG
// big; saved at quality 92 with an EXIF block (vips writes one from the
// image's fields, as a camera would write its own).
std::string make_camera_jpeg(int w, int h) {
  VipsImage* base = vips_image_new();
  VipsImage** t = reinterpret_cast<VipsImage**>(vips_object_local_array(VIPS_OBJECT(base), 12));
  auto ok = [](int rc, const char* what) {
    if (rc != 0) die(std::string("vips ") + what + ": " + vips_error_buffer());
  };
  ok(vips_xyz(&t[0], w, h, nullptr), "xyz");
  ok(vips_extract_band(t[0], &t[1], 0, nullptr), "x");
  ok(vips_extract_band(t[0], &t[2], 1, nullptr), "y");
  // R rises left to right, G top to bottom, B a diagonal ripple.
  ok(vips_linear1(t[1], &t[3], 200.0 / w, 30.0, nullptr), "r");
  ok(vips_linear1(t[2], &t[4], 180.0 / h, 40.0, nullptr), "g");
  ok(vips_add(t[1], t[2], &t[5], nullptr), "x+y");
  ok(vips_math(t[5], &t[6], VIPS_OPERATION_MATH_SIN, nullptr), "sin");  // degrees: slow waves
  ok(vips_linear1(t[6], &t[7], 60.0, 120.0, nullptr), "b");
  VipsImage* bands[3] = {t[3], t[4], t[7]};
  ok(vips_bandjoin(bands, &t[8], 3, nullptr), "join");
  ok(vips_gaussnoise(&t[9], w, h, "mean", 0.0, "sigma", 5.0, nullptr), "noise");
  ok(vips_add(t[8], t[9], &t[10], nullptr), "add noise");
  ok(vips_cast_uchar(t[10], &t[11], nullptr), "cast");
  VipsImage* photo = nullptr;
  ok(vips_copy(t[11], &photo, "interpretation", VIPS_INTERPRETATION_sRGB, "xres", 300 / 25.4, "yres",
               300 / 25.4, nullptr),
     "copy");
  vips_image_set_int(photo, "orientation", 1);
  void* buf = nullptr;
  size_t len = 0;
  ok(vips_jpegsave_buffer(photo, &buf, &len, "Q", 92, nullptr), "jpegsave");
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  g_object_unref(photo);
  g_object_unref(base);
  if (out.find("Exif") == std::string::npos) die("the test photo has no EXIF");
  return out;
}

// The child: downscale one file into another, as a node does.
int downscale_child(const std::string& in, const std::string& out) {
  auto start = Clock::now();
  auto small = check(downscale_photo(read_file(in)), "downscale " + in);
  write_file(out, small.bytes);
  std::printf("%.3f\n", seconds_since(start));
  return 0;
}

struct Side {
  std::string name;
  std::vector<double> seconds;
  std::vector<long> rss_kb;
  std::vector<double> cpu;
  static double median_of(std::vector<double> s) {
    std::sort(s.begin(), s.end());
    return s[s.size() / 2];
  }
  double median() const { return median_of(seconds); }
  double cpu_median() const { return cpu.empty() ? 0 : median_of(cpu); }
  double max_mb() const { return *std::max_element(rss_kb.begin(), rss_kb.end()) / 1024.0; }
};

void run_once(Side& side, const std::vector<std::string>& args, const fs::path& dir) {
  RunResult r = run_process(args, dir / "out.txt", dir / "err.txt");
  if (r.exit_code != 0) die(side.name + " failed: " + read_file(dir / "err.txt"));
  side.seconds.push_back(r.seconds);
  side.rss_kb.push_back(r.peak_rss_kb);
  side.cpu.push_back(r.cpu_seconds);
}

// "WxH" of a JPEG, to check both sides made the same size.
std::string size_of(const fs::path& p) {
  auto info = sniff_image(read_file(p));
  if (!info) die(p.string() + ": " + info.status().message());
  return std::to_string(info->width) + "x" + std::to_string(info->height);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--runs") o.runs = std::stoi(next());
    else if (a == "--width") o.width = std::stoi(next());
    else if (a == "--height") o.height = std::stoi(next());
    else if (a == "--convert") o.convert = next();
    else die("unknown option " + a);
  }
  if (o.runs < 1) die("--runs must be at least 1");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--downscale") return downscale_child(argv[2], argv[3]);
  if (argc == 3 && std::string(argv[1]) == "--make") {  // the test photo alone, to try things by hand
    if (vips_init(argv[0]) != 0) die("vips_init failed");
    write_file(argv[2], make_camera_jpeg(4000, 3000));
    return 0;
  }
  const Options o = parse(argc, argv);
  const fs::path dir = fs::temp_directory_path() / ("photo-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path in = dir / "camera.jpg";
  // Made in a child: this process stays small and never starts vips.
  in_child("making the test photo", [&] {
    if (vips_init(argv[0]) != 0) die("vips_init failed");
    write_file(in, make_camera_jpeg(o.width, o.height));
  });
  const std::string self = fs::canonical("/proc/self/exe").string();
  Side thidua{"thidua downscale_photo (libvips)", {}, {}, {}};
  Side convert{"ImageMagick convert -resize", {}, {}, {}};
  Side call{"  of which the downscale_photo call", {}, {0}, {}};  // its time as the child measured it
  for (int i = 0; i < o.runs; ++i) {
    run_once(thidua, {self, "--downscale", in.string(), (dir / "thidua.jpg").string()}, dir);
    call.seconds.push_back(std::atof(read_file(dir / "out.txt").c_str()));
    run_once(convert, {o.convert, in.string(), "-resize", "1600x1600", "-quality", "80",
                       (dir / "convert.jpg").string()}, dir);
  }
  std::printf("photo benchmark: a %dx%d camera-like JPEG (%.1f MB, quality 92, EXIF) to at most 1600 px,\n"
              "quality 80; median wall time (and CPU time) and max peak RSS of %d run(s) each, each a fresh\n"
              "process on %u core(s)\n\n",
              o.width, o.height, fs::file_size(in) / 1e6, o.runs, std::thread::hardware_concurrency());
  for (const Side* s : {&thidua, &convert}) {
    std::printf("%-36s %7.3f s %7.1f MB  (CPU %.3f s)\n", s->name.c_str(), s->median(), s->max_mb(),
                s->cpu_median());
    if (s == &thidua) std::printf("%-36s %7.3f s (vips started, decoded, reduced, encoded)\n", call.name.c_str(), call.median());
  }
  std::printf("  outputs: thidua %s, %.0f kB; convert %s, %.0f kB\n", size_of(dir / "thidua.jpg").c_str(),
              fs::file_size(dir / "thidua.jpg") / 1e3, size_of(dir / "convert.jpg").c_str(),
              fs::file_size(dir / "convert.jpg") / 1e3);
  const double ratio = convert.median() / thidua.median();
  std::printf("  load average now: %s", read_file("/proc/loadavg").c_str());
  std::printf("\ntargets:\n  at least 3x faster than convert   %-4s (%.1fx)\n", ratio >= 3 ? "yes" : "NO", ratio);
  std::printf("  under 100 MB peak memory          %-4s (%.1f MB)\n", thidua.max_mb() < 100 ? "yes" : "NO",
              thidua.max_mb());
  fs::remove_all(dir);
  return 0;
}
