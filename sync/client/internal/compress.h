// Brotli compression of request bodies. The client compresses itself (not
// through the HTTP library) so it knows the bytes it puts on the wire.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace thidua {

// Brotli at a quality that suits text on a slow link and a small CPU.
std::string brotli_compress(std::string_view data);

// One brotli stream (brotli_compress's settings) written in two calls: the
// bulk of a body compressed and flushed ahead of time, its end added later.
// The stream decodes to head + end; its bytes may differ from
// brotli_compress(head + end) by the flush's block boundary.
class BrotliStream {
 public:
  BrotliStream();
  ~BrotliStream();
  BrotliStream(BrotliStream&&) noexcept;
  BrotliStream& operator=(BrotliStream&&) noexcept;

  // Compresses `head` (of a body of about `size_hint` bytes) and flushes it.
  void start(std::string_view head, std::size_t size_hint);
  // Compresses `end`, closes the stream and hands over all of it.
  std::string finish(std::string_view end);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace thidua
