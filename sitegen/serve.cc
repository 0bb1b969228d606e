#include "sitegen/serve.h"

#include <fcntl.h>
#include <httplib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "sitegen/internal/beneath.h"

namespace thidua::site {
namespace {

namespace fs = std::filesystem;

// The newest modification time among the inputs of a build.
fs::file_time_type newest_input(const BuildOptions& b) {
  // Not file_time_type{}: libstdc++'s file clock counts from 2174, so
  // every real time is below its zero.
  fs::file_time_type newest = fs::file_time_type::min();
  auto consider = [&](const fs::path& p) {
    std::error_code missing;
    auto t = fs::last_write_time(p, missing);
    if (!missing && t > newest) newest = t;
  };
  std::error_code ec;
  consider(b.db_path);
  consider(b.db_path + "-wal");
  if (!b.content_dir.empty() && fs::is_directory(b.content_dir, ec)) {
    for (auto it = fs::recursive_directory_iterator(b.content_dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      consider(it->path());
    }
  }
  return newest;
}

// The content type by the name of the file actually served (never by what
// the request said); a name not on the list is application/octet-stream,
// and with nosniff a browser takes it as that. Only what the site writes:
// no SVG (a planted one could carry a script).
std::string mime_of(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
      {".xml", "application/xml; charset=utf-8"}, {".txt", "text/plain; charset=utf-8"},
      {".png", "image/png"}, {".webp", "image/webp"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}};
  const auto dot = name.rfind('.');
  const std::string ext = dot == std::string::npos ? std::string() : name.substr(dot);
  for (const auto& [known, type] : kTypes)
    if (ext == known) return type;
  return "application/octet-stream";
}

// The request path as a plain relative path below the root: decoded
// segments, none hidden (".thidua-cache") or ".." (*refused = 404), no
// control byte (*refused = 400: a NUL would cut the name short, as in
// "/index.html%00.png"). "" for the root.
std::optional<std::string> plain_path(const std::string& path, int* refused) {
  std::string rel;
  std::stringstream parts(path);
  for (std::string part; std::getline(parts, part, '/');) {
    for (char c : part) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        *refused = 400;
        return std::nullopt;
      }
    }
    if (part.empty()) continue;
    if (part[0] == '.') {
      *refused = 404;
      return std::nullopt;
    }
    rel += (rel.empty() ? "" : "/") + part;
  }
  return rel;
}

// The regular file a path names below `root` (a folder's index.html),
// reached without following a link; `name` is the file's own name.
Fd open_page(int root, const std::string& rel, std::string* name) {
  if (Fd folder = open_folder(root, rel); folder.ok()) {
    *name = "index.html";
    return open_regular(folder.get(), *name);
  }
  if (rel.empty()) return Fd();
  auto [dir, file] = split_last(rel);
  Fd folder = open_folder(root, dir);
  if (!folder.ok()) return Fd();
  *name = file;
  return open_regular(folder.get(), file);
}

// Streams the open file (a photo need not be held in memory whole).
void send_file(Fd fd, const std::string& type, httplib::Response& res) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    res.status = 500;
    return;
  }
  auto file = std::make_shared<Fd>(std::move(fd));
  res.set_content_provider(static_cast<std::size_t>(st.st_size), type,
                           [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             char buf[64 * 1024];
                             const ssize_t n = ::pread(file->get(), buf, std::min(length, sizeof buf),
                                                       static_cast<off_t>(offset));
                             if (n <= 0) return false;  // the file shrank meanwhile: cut the answer
                             return sink.write(buf, static_cast<std::size_t>(n));
                           });
}

void serve_request(const std::string& out_dir, const httplib::Request& req, httplib::Response& res) {
  Fd root(::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  int refused = 404;
  const auto rel = plain_path(req.path, &refused);
  std::string name;
  Fd file = root.ok() && rel ? open_page(root.get(), *rel, &name) : Fd();
  if (file.ok()) {
    send_file(std::move(file), mime_of(name), res);
    return;
  }
  res.status = rel ? 404 : refused;
  Fd not_found = root.ok() ? open_regular(root.get(), "404.html") : Fd();
  if (not_found.ok()) {
    send_file(std::move(not_found), "text/html; charset=utf-8", res);
  } else {
    res.set_content("Không tìm thấy trang.", "text/plain; charset=utf-8");
  }
}

}  // namespace

Status serve_site(const ServeOptions& o, const std::atomic<bool>& stop) {
  auto rebuild = [&]() {
    auto r = build_site(o.build);
    if (!o.log) return;
    if (r) {
      o.log("Đã dựng lại trang: ghi " + std::to_string(r->written) + ", giữ " + std::to_string(r->kept) + ", xoá " +
            std::to_string(r->removed) + " tệp.");
    } else {
      o.log("Không dựng được trang: " + r.status().message());
    }
  };
  fs::file_time_type seen = fs::file_time_type::min();
  if (!o.build.db_path.empty()) {
    seen = newest_input(o.build);
    rebuild();
  }

  httplib::Server http;
  // Only regular files below the folder, never through a link (beneath.h).
  // The folder itself is the operator's and may be a link they made.
  // [\s\S], not ".": a decoded newline must reach the checks below too.
  http.Get(R"(/[\s\S]*)", [&](const httplib::Request& req, httplib::Response& res) { serve_request(o.out_dir, req, res); });
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
  // SO_REUSEADDR only, not httplib's default SO_REUSEPORT: a second
  // preview on the same port fails instead of sharing it.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  int port = o.port;
  if (port == 0) {
    port = http.bind_to_any_port(o.host);
  } else if (!http.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port <= 0) return Status::io("không mở được cổng " + o.host + ":" + std::to_string(o.port) + " (đang bận?)");
  if (o.on_listening) o.on_listening(port);
  std::thread watcher([&] {
    while (!stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      if (o.build.db_path.empty()) continue;
      auto newest = newest_input(o.build);
      if (newest > seen) {
        seen = newest;
        rebuild();
      }
    }
    http.stop();
  });
  bool ok = http.listen_after_bind();
  watcher.join();
  if (!ok && !stop) return Status::io("máy chủ xem trước dừng bất thường");
  return Status::ok();
}

}  // namespace thidua::site
