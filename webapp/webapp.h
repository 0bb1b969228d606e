// The office web app (`thidua node ui`): a node's clerk works in a browser
// on the node's own copy, so it works with no link at all.
//
// Handlers see a small Request and return a Response of their own, so the
// whole app runs in tests without a socket; serve() is the thin HTTP
// adapter. Every response carries the security headers (a strict
// Content-Security-Policy, nosniff, no referrer, no-store); every request
// is refused before any handler runs when its Host names another site (DNS
// rebinding), when its body is larger than kMaxBodyBytes, or, for a POST,
// when it lacks the CSRF token the app's forms carry. Photos and a
// dossier's documents arrive as multipart/form-data, accepted only by the
// pages that take them (a story's form, /de-nghi/<id>/tai-lieu). Pages are Vietnamese;
// errors are Vietnamese pages with the status that fits (400, 403, 404,
// 405, 413, 421).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "photo/photo.h"

namespace thidua::webapp {

// The largest request body read: report notes and form fields, not photos.
inline constexpr std::size_t kMaxBodyBytes = 256u << 10;

// The most photos one form sends, and the largest multipart body read: that
// many photos of the largest size a story takes, and the form's fields.
inline constexpr std::size_t kMaxUploadPhotos = 8;
inline constexpr std::size_t kMaxUploadBytes = kMaxUploadPhotos * kMaxPhotoBytes + kMaxBodyBytes;

// One part of a multipart/form-data body. A part with neither a file name
// nor a content type is a text field (browsers send them so) and joins the
// form's fields like an urlencoded one; any other part is a file, even an
// empty one (a file input left empty sends filename="").
struct UploadedFile {
  std::string name;          // the form field: "photos", "csrf", "title"
  std::string filename;      // as the browser sent it; "" for a text field
  std::string content_type;  // as the browser said; "" for a text field
  std::string content;       // the bytes
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/cong-viec/2021-q1-01", without the query
  std::string query;   // raw, after '?', without it
  // Header names in lower case ("host", "cookie", "content-type").
  std::map<std::string, std::string> headers;
  std::string body;         // raw; an application/x-www-form-urlencoded form for POSTs
  // A multipart/form-data body, parsed by the adapter (body is then ""),
  // in the order sent.
  std::vector<UploadedFile> files;
  std::string remote_addr;  // the client's address, "" when unknown (tests)
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The value of header `name` (exact case as set), "" when absent.
  std::string header(const std::string& name) const;
};

struct AppOptions {
  std::string db_path;
  // The host the app listens on: a Host header naming it, localhost or
  // 127.0.0.1 (with any port) is accepted, any other is refused (421).
  std::string listen_host = "127.0.0.1";
  // Sync every N seconds in a thread of the app (0: only on request). A
  // failed sync is retried sooner, with jitter, up to N.
  int sync_every_s = 0;
  // Per-attempt limits of a sync started from the app (tests shorten them).
  int sync_connect_timeout_s = 5;
  int sync_max_attempts = 3;
  // The pandoc the Báo cáo page runs for a .docx, looked up in PATH when it
  // has no '/' (tests name a missing one).
  std::string pandoc = "pandoc";
};

class App {
 public:
  // Opens the node database (never creates it; kNotFound when missing, and
  // the "run node init" refusal when it is not a node's) and, with
  // sync_every_s, starts the background sync.
  static Result<std::unique_ptr<App>> open(const AppOptions& options);
  ~App();  // stops the background sync and waits for it
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Answers one request; safe to call from several threads at once.
  Response handle(const Request& request);

  // Before a body is read: the refusal (413, with the security headers)
  // when the request `head` (method, path, headers; no body yet) declares
  // more than it may send — a Content-Length over 1 MiB (a smaller body is
  // read, and handle() refuses it past kMaxBodyBytes), or any chunked
  // body, except a multipart POST to a page that takes photos by a
  // browser allowed to use the app (logged in when a password is set), which
  // may send up to kMaxUploadBytes. nullopt: read the body.
  std::optional<Response> refuse_before_body(const Request& head);

  // Asks the background sync to stop and waits for it (also done by the
  // destructor). Idempotent.
  void stop_background();

  struct Impl;

 private:
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  std::function<void(int port)> on_listening;
};

// Serves `app` over HTTP until `stop` becomes true (checked every 200 ms).
// Bodies larger than kMaxUploadBytes are refused (413) before they are
// read whole; App refuses a smaller one that its route does not take
// (over kMaxBodyBytes, or multipart where no photos go). kIo when the
// address cannot be bound.
Status serve(App& app, const ServeOptions& options, const std::atomic<bool>& stop);

}  // namespace thidua::webapp
