#include "sitegen/serve.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

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

std::string mime_of(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".xml") return "application/xml; charset=utf-8";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".png") return "image/png";
  if (ext == ".webp") return "image/webp";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  return "application/octet-stream";
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
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
  const fs::path root = fs::absolute(o.out_dir);
  http.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
    // Only paths made of plain segments: no "..", no hidden files.
    fs::path rel;
    std::stringstream parts(req.path);
    for (std::string part; std::getline(parts, part, '/');) {
      if (part.empty()) continue;
      if (part == ".." || part[0] == '.') {
        res.status = 404;
        break;
      }
      rel /= part;
    }
    fs::path file = root / rel;
    std::error_code ec;
    if (res.status != 404 && fs::is_directory(file, ec)) file /= "index.html";
    if (res.status == 404 || !fs::is_regular_file(file, ec)) {
      res.status = 404;
      res.set_content(read_all(root / "404.html"), "text/html; charset=utf-8");
      return;
    }
    res.set_content(read_all(file), mime_of(file).c_str());
  });
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
