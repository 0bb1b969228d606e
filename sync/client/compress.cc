#include "sync/client/internal/compress.h"

#include <brotli/encode.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace thidua {
namespace {

// Quality 6 with a 4 MiB window: most of brotli's gain on JSON of
// Vietnamese text at a fraction of the time of quality 11.
constexpr int kQuality = 6;
constexpr int kWindowBits = 22;

}  // namespace

std::string brotli_compress(std::string_view data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  std::size_t size = out.size();
  if (!BrotliEncoderCompress(kQuality, kWindowBits, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    throw std::runtime_error("brotli compression failed");  // only on an impossible buffer size
  }
  out.resize(size);
  return out;
}

struct BrotliStream::State {
  BrotliEncoderState* enc = nullptr;
  std::string out;
  ~State() { BrotliEncoderDestroyInstance(enc); }

  // Feeds `data` with `op` until brotli has taken it all and, for a flush
  // or the finish, written out everything it holds.
  void run(BrotliEncoderOperation op, std::string_view data) {
    std::size_t avail_in = data.size();
    const auto* next_in = reinterpret_cast<const uint8_t*>(data.data());
    for (;;) {
      std::size_t avail_out = 0;
      if (!BrotliEncoderCompressStream(enc, op, &avail_in, &next_in, &avail_out, nullptr, nullptr)) {
        throw std::runtime_error("brotli compression failed");
      }
      std::size_t n = 0;
      const uint8_t* p = BrotliEncoderTakeOutput(enc, &n);
      out.append(reinterpret_cast<const char*>(p), n);
      if (BrotliEncoderHasMoreOutput(enc)) continue;
      if (op == BROTLI_OPERATION_FINISH ? BrotliEncoderIsFinished(enc) : avail_in == 0) return;
    }
  }
};

BrotliStream::BrotliStream() = default;
BrotliStream::~BrotliStream() = default;
BrotliStream::BrotliStream(BrotliStream&&) noexcept = default;
BrotliStream& BrotliStream::operator=(BrotliStream&&) noexcept = default;

void BrotliStream::start(std::string_view head, std::size_t size_hint) {
  s_ = std::make_unique<State>();
  s_->enc = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
  if (!s_->enc) throw std::bad_alloc();
  BrotliEncoderSetParameter(s_->enc, BROTLI_PARAM_QUALITY, kQuality);
  BrotliEncoderSetParameter(s_->enc, BROTLI_PARAM_LGWIN, kWindowBits);
  BrotliEncoderSetParameter(s_->enc, BROTLI_PARAM_MODE, BROTLI_MODE_TEXT);
  BrotliEncoderSetParameter(s_->enc, BROTLI_PARAM_SIZE_HINT, static_cast<uint32_t>(std::min<std::size_t>(size_hint, 1u << 30)));
  s_->run(BROTLI_OPERATION_FLUSH, head);
}

std::string BrotliStream::finish(std::string_view end) {
  s_->run(BROTLI_OPERATION_FINISH, end);
  std::string out = std::move(s_->out);
  s_.reset();
  return out;
}

}  // namespace thidua
