// The thin HTTP adapter: httplib's request in, App::handle, its response out.
#include <httplib.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <chrono>
#include <thread>

#include "webapp/webapp.h"

namespace thidua::webapp {
namespace {

// The request line and headers (what is known before the body is read).
Request head_of(const httplib::Request& in) {
  Request r;
  // A HEAD is answered as its GET: httplib leaves the body out itself and
  // keeps its Content-Length (App::handle, which empties a HEAD's body for
  // other callers, would make it 0).
  r.method = in.method == "HEAD" ? "GET" : in.method;
  // The path as sent (httplib's `path` is decoded already): App decodes
  // each part once, where it knows what the part is.
  const auto q = in.target.find('?');
  r.path = in.target.substr(0, q);
  if (q != std::string::npos) r.query = in.target.substr(q + 1);
  for (const auto& [name, value] : in.headers) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace(std::move(lower), value);
  }
  r.remote_addr = in.remote_addr;
  return r;
}

Request request_of(const httplib::Request& in) {
  Request r = head_of(in);
  r.body = in.body;
  // httplib parsed a multipart body into `files` (its `body` is then
  // empty), keyed by field name: each keeps its order within a name.
  for (const auto& [name, part] : in.files) {
    r.files.push_back(UploadedFile{part.name, part.filename, part.content_type, part.content});
  }
  return r;
}

}  // namespace

Status serve(App& app, const ServeOptions& o, const std::atomic<bool>& stop) {
  httplib::Server http;
  // httplib refuses a body larger than the largest upload (413) before
  // reading it whole; the pre-routing handler below, what its route does
  // not take; App::handle checks again (for tests and any other adapter).
  http.set_payload_max_length(kMaxUploadBytes);
  const auto send = [](Response r, httplib::Response& out) {
    out.status = r.status;
    std::string type = "text/plain; charset=utf-8";
    for (const auto& [name, value] : r.headers) {
      if (name == "Content-Type")
        type = value;
      else
        out.set_header(name, value);
    }
    out.set_content(std::move(r.body), type);
  };
  const auto handler = [&app, send](const httplib::Request& in, httplib::Response& out) {
    send(app.handle(request_of(in)), out);
  };
  // Runs before httplib reads a body: one that the route does not take is
  // refused on its declared size, never buffered (a form 256 KB, photos
  // only on their pages and only from a browser that may use the app).
  http.set_pre_routing_handler([&app, send](const httplib::Request& in, httplib::Response& out) {
    auto refused = app.refuse_before_body(head_of(in));
    if (!refused) return httplib::Server::HandlerResponse::Unhandled;
    send(std::move(*refused), out);
    out.set_header("Connection", "close");  // the unread body is not drained
    return httplib::Server::HandlerResponse::Handled;
  });
  // [\s\S], not ".": a decoded newline must reach App::handle too.
  http.Get(R"(/[\s\S]*)", handler);
  http.Post(R"(/[\s\S]*)", handler);
  http.Put(R"(/[\s\S]*)", handler);
  http.Delete(R"(/[\s\S]*)", handler);
  http.Patch(R"(/[\s\S]*)", handler);
  http.Options(R"(/[\s\S]*)", handler);
  // TCP_NODELAY (inherited by accepted sockets on Linux): httplib writes a
  // response's headers and body separately, and with Nagle on the body
  // waited for the browser's delayed ACK of the headers: ~42 ms on every
  // page of a kept-alive connection (bench/webapp_bench).
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  int port = o.port;
  if (port == 0) {
    port = http.bind_to_any_port(o.host);
    if (port < 0) return Status::io("không mở được cổng nào trên " + o.host);
  } else if (!http.bind_to_port(o.host, port)) {
    return Status::io("không mở được " + o.host + ":" + std::to_string(port) +
                      " (cổng đang bận hoặc địa chỉ sai)");
  }
  if (o.on_listening) o.on_listening(port);
  std::thread watcher([&] {
    while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    http.stop();
  });
  const bool ok = http.listen_after_bind();
  watcher.join();
  if (!ok && !stop) return Status::io("ứng dụng dừng bất thường");
  return Status::ok();
}

}  // namespace thidua::webapp
