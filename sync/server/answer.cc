#include "sync/server/internal/answer.h"

#include <brotli/encode.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

namespace thidua::server_internal {
namespace {

constexpr std::size_t kCompressAbove = 512;  // smaller answers gain nothing from it
// Quality 5, 4 MiB window: ~9x smaller on sync JSON at a few ms per 100 KB.
constexpr int kQuality = 5;
constexpr int kWindowBits = 22;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// The q of one coding's parameters ("q=0.5"); 1 when absent or unreadable.
double quality_of(std::string_view params) {
  while (!params.empty()) {
    std::size_t semi = params.find(';');
    std::string_view p = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string q(trim(p.substr(2)));
      char* end = nullptr;
      double v = std::strtod(q.c_str(), &end);
      return end == q.c_str() ? 1.0 : v;
    }
  }
  return 1.0;
}

struct EncoderFree {
  void operator()(BrotliEncoderState* s) const { BrotliEncoderDestroyInstance(s); }
};

// `json` at kQuality: the bytes BrotliEncoderCompress gives, taken from the
// encoder as it makes them rather than through a zero-filled buffer of the
// worst-case size (a first sync's 2.8 MB page: as many bytes to clear and
// fault in again per answer). nullopt when the encoder cannot start.
std::optional<std::string> compress(const std::string& json) {
  std::unique_ptr<BrotliEncoderState, EncoderFree> s(BrotliEncoderCreateInstance(nullptr, nullptr, nullptr));
  if (!s) return std::nullopt;
  BrotliEncoderSetParameter(s.get(), BROTLI_PARAM_QUALITY, kQuality);
  BrotliEncoderSetParameter(s.get(), BROTLI_PARAM_LGWIN, kWindowBits);
  BrotliEncoderSetParameter(s.get(), BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
  const std::size_t hint = std::min<std::size_t>(json.size(), UINT32_MAX);
  BrotliEncoderSetParameter(s.get(), BROTLI_PARAM_SIZE_HINT, static_cast<uint32_t>(hint));
  std::string out;
  out.reserve(json.size() / 8 + 64);  // sync JSON shrinks ~9x
  std::size_t in_left = json.size();
  const auto* in = reinterpret_cast<const uint8_t*>(json.data());
  while (!BrotliEncoderIsFinished(s.get())) {
    std::size_t out_left = 0;
    if (!BrotliEncoderCompressStream(s.get(), BROTLI_OPERATION_FINISH, &in_left, &in, &out_left, nullptr, nullptr)) {
      return std::nullopt;
    }
    for (;;) {
      std::size_t n = 0;  // take any amount
      const uint8_t* bytes = BrotliEncoderTakeOutput(s.get(), &n);
      if (!bytes || n == 0) break;
      out.append(reinterpret_cast<const char*>(bytes), n);
    }
  }
  return out;
}

}  // namespace

bool accepts_brotli(std::string_view accept_encoding) {
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    std::size_t semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    if (!iequals(coding, "br")) continue;
    return semi == std::string_view::npos || quality_of(item.substr(semi + 1)) > 0;
  }
  return false;
}

void set_json_answer(const httplib::Request& req, httplib::Response& res, std::string json) {
  const bool br = accepts_brotli(req.get_header_value("Accept-Encoding"));
  if (!br) {
    res.set_content(std::move(json), "application/json");
    return;
  }
  if (json.size() <= kCompressAbove) {
    // Not worth compressing. httplib would compress an "application/json"
    // body itself, at quality 11, for a client that accepts br (a third of
    // the server's time with 100 idle nodes); the charset keeps it off.
    res.set_content(std::move(json), "application/json; charset=utf-8");
    return;
  }
  auto out = compress(json);
  if (!out) {
    res.set_content(std::move(json), "application/json");  // no memory for the encoder: plain is still right
    return;
  }
  res.set_content(std::move(*out), "application/json; charset=utf-8");
  res.set_header("Content-Encoding", "br");
}

void free_after_answer(httplib::Response& res, std::shared_ptr<void> held) {
  // httplib destroys the Response after writing it, and its resource
  // releaser runs then (one is set only with a content provider, which a
  // JSON answer has not: the answer goes out as it would without this).
  auto earlier = std::move(res.content_provider_resource_releaser_);
  res.content_provider_resource_releaser_ = [held = std::move(held), earlier](bool success) mutable {
    held.reset();
    if (earlier) earlier(success);
  };
}

}  // namespace thidua::server_internal
