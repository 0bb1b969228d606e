// Internal to sync/server: a JSON answer, brotli-compressed for a client
// that asks for it (Accept-Encoding: br).
//
// A new node's first sync pulls ~1,400 B a row of JSON; brotli takes it to a
// tenth. Compressed here, at a quality chosen for the server's CPU, rather
// than by httplib, whose brotli runs at quality 11 (0.4 s for 70 KB). The
// compressed answer's Content-Type carries a charset so that httplib, which
// compresses only an exact "application/json", leaves it as it is. A client
// that does not ask gets the plain JSON, byte for byte as before.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>

namespace thidua::server_internal {

// Whether an Accept-Encoding value accepts br (named, and not with q=0).
bool accepts_brotli(std::string_view accept_encoding);

// Sets `json` as res's answer: brotli-compressed with Content-Encoding: br
// when `req` accepts it and the body is large enough to gain from it;
// otherwise as application/json unchanged.
void set_json_answer(const httplib::Request& req, httplib::Response& res, std::string json);

// Keeps `held` until httplib has written res's answer, and frees it then.
// httplib writes the answer once the handler returns: what the handler
// frees itself delays the answer, and a pushed batch's ~12,000 cells take
// milliseconds to free while the node waits.
void free_after_answer(httplib::Response& res, std::shared_ptr<void> held);

}  // namespace thidua::server_internal
