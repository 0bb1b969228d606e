#include "photo/downscale.h"

#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>

namespace thidua {
namespace {

struct ImageUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, ImageUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};

// vips keeps its errors in one process-wide buffer: take them under a lock
// so two threads' messages do not mix, and leave it empty.
std::mutex& error_mutex() {
  static std::mutex m;
  return m;
}

std::string take_vips_error() {
  std::lock_guard lock(error_mutex());
  std::string text = vips_error_buffer();
  vips_error_clear();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) c = c == '\n' ? ';' : c;
  return text;
}

// Starts vips once per process. Loaders vips marks untrusted (ImageMagick,
// PDF and the like) are blocked: only the JPEG, PNG and WebP decoders ever
// see a photo, and sniff_image has vetted its structure first. Threads: a
// few, for the resize of one photo, never one per core of a big machine.
Status start_vips() {
  static std::once_flag once;
  static Status started = Status::ok();
  std::call_once(once, [] {
    if (vips_init("thidua") != 0) {
      started = Status::internal("không khởi động được thư viện xử lý ảnh (libvips): " + take_vips_error());
      return;
    }
    // A damaged photo's warnings are not for the clerk's console; what
    // refuses a file comes back as a Status.
    g_log_set_handler("VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
                      [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
    vips_cache_set_max(0);
    vips_block_untrusted_set(TRUE);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    vips_concurrency_set(static_cast<int>(std::min(cores, 4u)));
  });
  return started;
}

Status decode_failed() {
  return Status::invalid("ảnh bị hỏng hoặc không đọc được, hãy chọn ảnh khác: " + take_vips_error());
}

// Whether the file may carry an ICC colour profile (JPEG APP2
// "ICC_PROFILE", PNG iCCP, WebP ICCP). A false match costs only time.
bool may_carry_profile(std::string_view bytes) {
  for (std::string_view tag : {"ICC_PROFILE", "iCCP", "ICCP"}) {
    if (bytes.find(tag) != std::string_view::npos) return true;
  }
  return false;
}

// Reduced (shrink-on-load), upright, in sRGB. The decoder stops at the
// first error (a damaged file), not at warnings real cameras trigger. A
// photo with a colour profile (Adobe RGB, Display P3) is converted to sRGB,
// since the profile is stripped with the rest; one without is sRGB already
// (CMYK is always converted), and the conversion would cost half the time.
Result<ImagePtr> thumbnail(std::string_view bytes, int max_side) {
  VipsImage* out = nullptr;
  // vips reads the buffer without copying it; `bytes` outlives `out`'s use.
  void* data = const_cast<char*>(bytes.data());
  const int rc = may_carry_profile(bytes)
                     ? vips_thumbnail_buffer(data, bytes.size(), &out, max_side, "height", max_side, "size",
                                             VIPS_SIZE_DOWN, "export_profile", "srgb", "fail_on",
                                             VIPS_FAIL_ON_ERROR, nullptr)
                     : vips_thumbnail_buffer(data, bytes.size(), &out, max_side, "height", max_side, "size",
                                             VIPS_SIZE_DOWN, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  if (rc != 0) return decode_failed();
  return ImagePtr(out);
}

// The usual camera or phone photo, a JPEG in RGB or grey without a colour
// profile, reduced by hand: libjpeg decodes it at 1/2, 1/4 or 1/8 of its
// size (the largest shrink that still leaves at least max_side), then one
// Lanczos reduce to the size, then upright. Same result as
// vips_thumbnail_buffer, a third less CPU (it parses the file twice and
// does work this case does not need). nullptr: not this case (CMYK, odd
// bands), the caller uses thumbnail().
Result<ImagePtr> jpeg_reduced(std::string_view bytes, const ImageInfo& info, int max_side) {
  const std::int64_t longest = std::max(info.width, info.height);
  int shrink = 1;
  while (shrink < 8 && (longest + 2 * shrink - 1) / (2 * shrink) >= max_side) shrink *= 2;
  VipsImage* raw = nullptr;
  void* data = const_cast<char*>(bytes.data());
  if (vips_jpegload_buffer(data, bytes.size(), &raw, "shrink", shrink, "access", VIPS_ACCESS_SEQUENTIAL,
                           "fail_on", VIPS_FAIL_ON_ERROR, nullptr) != 0) {
    return decode_failed();
  }
  ImagePtr in(raw);
  const bool plain = (in->Bands == 3 && in->Type == VIPS_INTERPRETATION_sRGB) ||
                     (in->Bands == 1 && in->Type == VIPS_INTERPRETATION_B_W);
  if (!plain || in->BandFmt != VIPS_FORMAT_UCHAR) return ImagePtr();
  const double scale = static_cast<double>(max_side) / std::max(in->Xsize, in->Ysize);
  if (scale < 1) {
    VipsImage* out = nullptr;
    if (vips_resize(in.get(), &out, scale, nullptr) != 0) return decode_failed();
    in.reset(out);
  }
  if (vips_image_get_orientation(in.get()) > 1) {
    // Turning needs the whole image; it is small now.
    VipsImage* whole = vips_image_copy_memory(in.get());
    if (!whole) return decode_failed();
    in.reset(whole);
    VipsImage* upright = nullptr;
    if (vips_autorot(in.get(), &upright, nullptr) != 0) return decode_failed();
    in.reset(upright);
  }
  return in;
}

// Encodes `image` as a JPEG, or as a PNG when `png`, with every metadata
// field stripped.
Result<std::string> encode(VipsImage* image, bool png, int quality) {
  void* buf = nullptr;
  size_t len = 0;
  const int rc = png ? vips_pngsave_buffer(image, &buf, &len, "strip", TRUE, "compression", 6, nullptr)
                     : vips_jpegsave_buffer(image, &buf, &len, "Q", quality, "strip", TRUE,
                                            "optimize_coding", TRUE, nullptr);
  std::unique_ptr<void, GFree> owned(buf);
  // Reading is lazy: a damaged file can fail here, while the pixels decode.
  if (rc != 0) return decode_failed();
  return std::string(static_cast<const char*>(buf), len);
}

}  // namespace

Result<Downscaled> downscale_photo(std::string_view bytes, const DownscaleOptions& options) {
  if (bytes.size() > kMaxPhotoBytes) {
    return Status::invalid("ảnh lớn quá " + std::to_string(kMaxPhotoBytes >> 20) + " MB (" +
                           std::to_string(bytes.size()) + " byte); hãy chọn ảnh nhỏ hơn");
  }
  if (options.max_side < 1 || options.jpeg_quality < 1 || options.jpeg_quality > 100) {
    return Status::invalid("downscale options out of range (max_side >= 1, quality 1..100)");
  }
  auto input = sniff_image(bytes);
  if (!input) {
    return Status::invalid("tệp không phải ảnh JPEG, PNG hay WebP dùng được: " + input.status().message());
  }
  if (!input->metadata && std::max(input->width, input->height) <= options.max_side) {
    return Downscaled{std::string(bytes), *input, false};
  }
  THIDUA_RETURN_IF_ERROR(start_vips());
  ImagePtr image;
  if (input->mime == "image/jpeg" && !may_carry_profile(bytes)) {
    THIDUA_ASSIGN_OR_RETURN(image, jpeg_reduced(bytes, *input, options.max_side));
  }
  if (!image) {
    THIDUA_ASSIGN_OR_RETURN(image, thumbnail(bytes, options.max_side));
  }
  // See the top of downscale.h for why each type goes where it does.
  const bool png = input->mime != "image/jpeg" && vips_image_hasalpha(image.get());
  const std::string mime = png ? "image/png" : "image/jpeg";
  THIDUA_ASSIGN_OR_RETURN(std::string out, encode(image.get(), png, options.jpeg_quality));
  auto info = sniff_image(out);
  if (!info || info->mime != mime || info->metadata ||
      std::max(info->width, info->height) > options.max_side) {
    return Status::internal("ảnh thu nhỏ không đúng như mong đợi (" +
                            (info ? info->mime : info.status().message()) + ")");
  }
  return Downscaled{std::move(out), *info, true};
}

}  // namespace thidua

#if defined(__SANITIZE_THREAD__)
// ThreadSanitizer builds (scripts/test.sh): libvips, GLib and the codecs
// vips drives from its worker threads are not instrumented, so TSan sees
// those threads allocate, copy and free without the locks that order them
// and reports races that are not there. Ignoring what is called from these
// libraries alone keeps every report about thidua's own code (zlib is in
// the list for libpng's sake: thidua's own calls to it stay checked where
// thidua's code touches the buffers). A program defines this once:
// photo/ is the only module whose libraries start threads.
extern "C" const char* __tsan_default_suppressions() {
  return "called_from_lib:libvips.so.42\n"
         "called_from_lib:libglib-2.0.so.0\n"
         "called_from_lib:libgobject-2.0.so.0\n"
         "called_from_lib:libgio-2.0.so.0\n"
         "called_from_lib:libjpeg.so.62\n"
         "called_from_lib:libpng16.so.16\n"
         "called_from_lib:libwebp.so.7\n"
         "called_from_lib:libwebpmux.so.3\n"
         "called_from_lib:libwebpdemux.so.2\n"
         "called_from_lib:libsharpyuv.so.0\n"
         "called_from_lib:libexif.so.12\n"
         "called_from_lib:liblcms2.so.2\n"
         "called_from_lib:liborc-0.4.so.0\n"
         "called_from_lib:libhwy.so.1\n"
         "called_from_lib:libz.so.1\n";
}
#endif
