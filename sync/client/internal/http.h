// Internal to sync/client: one HTTP connection to the server, the outcome
// of an exchange, and the retry pacing every request of a sync shares.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "sync/client/client.h"

namespace thidua::client_internal {

struct Http {
  std::unique_ptr<httplib::Client> client;
  std::string token;
};

// A client for `url` (http:// or https://) with the options' timeouts;
// kInvalid naming the address otherwise.
Result<Http> connect(const std::string& url, const std::string& token, const ClientOptions& o);

// The bearer token, and Content-Encoding: br when the body is compressed.
httplib::Headers headers(const Http& h, bool compressed);

// The answer's length on the wire: its Content-Length, or when that is
// absent or malformed, the bytes that arrived.
std::int64_t wire_length(const httplib::Response& res);

// The outcome of one HTTP exchange: a response, or a transport failure
// (refused, cut, timed out) that is worth retrying.
struct Exchange {
  bool transport_failed = false;
  bool untrusted = false;  // the server's TLS certificate did not verify: retrying cannot help
  std::string transport_error;
  int status = 0;
  std::string body;
  std::int64_t bytes_in = 0;
  bool too_big = false;  // the answer passed ClientOptions::max_answer_bytes and was dropped
  bool retryable() const { return (transport_failed && !untrusted) || status >= 500 || status == 429; }
  void failed(httplib::Error e) {
    transport_failed = true;
    untrusted = e == httplib::Error::SSLServerVerification;
    transport_error = httplib::to_string(e);
  }
  // Appends a piece of the answer unless it would pass `limit` (then marks
  // too_big and says stop): the receiver of every bounded read.
  bool take(const char* data, std::size_t n, std::size_t limit) {
    if (body.size() + n > limit) {
      too_big = true;
      return false;
    }
    body.append(data, n);
    return true;
  }
  // Records what `res` brought (status, wire bytes, or the transport
  // failure) and counts the request and its answer in `report`.
  void finish(const httplib::Result& res, SyncReport* report);
};

// Posts `body` (brotli-compressed when large); the answer is read
// (decompressed) with a running limit of `max_answer_bytes`, so a server
// cannot make the node hold an answer of any size in memory. Counts the
// request and its bytes in `report`.
Exchange post(Http& h, const std::string& path, const std::string& body, std::size_t max_answer_bytes,
              SyncReport* report);

// Whether post() compresses a body of this size.
bool worth_compressing(std::size_t body_size);

// post() of a body already encoded for the wire: brotli when `compressed`.
Exchange post_encoded(Http& h, const std::string& path, std::string wire_body, bool compressed,
                      std::size_t max_answer_bytes, SyncReport* report);

// The failed exchange as a Status for the clerk, prefixed with `what`:
// kInvalid for an untrusted certificate or a refused token, kConflict for
// 409/410, kIo otherwise.
Status http_failure(const Exchange& x, const std::string& what);

// Retries and backoff shared by every request of one sync.
class Pacer {
 public:
  explicit Pacer(const ClientOptions& o) : o_(o), rng_(std::random_device{}()) {}
  // After a retryable failure: false when attempts are exhausted; else
  // waits a jittered, growing delay.
  bool wait_after_failure(SyncReport* report);
  void succeeded() { failures_ = 0; }

 private:
  const ClientOptions& o_;
  std::mt19937 rng_;
  int failures_ = 0;
};

}  // namespace thidua::client_internal
