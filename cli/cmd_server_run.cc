// `thidua server run`: serve the sync API until SIGTERM or SIGINT.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli/db_option.h"
#include "cli/listen.h"
#include "cli/output.h"
#include "cli/server_commands.h"
#include "sitegen/rebuild.h"
#include "store/backup.h"
#include "store/store.h"
#include "sync/server/server.h"

namespace thidua::cli {
namespace {

struct RunOptions {
  std::string db;
  std::string listen = "127.0.0.1:8787";
  std::string tls_cert, tls_key;
  int max_per_address = ServerOptions{}.max_connections_per_address;
  bool quiet = false;
  // --site-out: the public site kept current (sitegen/rebuild.h).
  std::string site_out, site_content, site_base_url;
  int site_every = 10;
};

// The builder of --site-out, told of public changes by the server and
// asked by it how the site stands; nullptr without --site-out.
std::unique_ptr<site::Rebuilder> start_site(const RunOptions& o, ServerOptions* options) {
  if (o.site_out.empty()) return nullptr;
  site::RebuildOptions r;
  r.build.db_path = o.db;
  r.build.content_dir = o.site_content;
  r.build.out_dir = o.site_out;
  r.build.base_url = o.site_base_url;
  r.min_interval = std::chrono::seconds(o.site_every);
  r.log = [](const std::string& line) { std::cerr << (line + "\n") << std::flush; };
  auto rebuilder = site::Rebuilder::start(std::move(r));
  site::Rebuilder* raw = rebuilder.get();
  options->on_public_change = [raw] { raw->changed(); };
  options->site_status = [raw] {
    const site::RebuildState s = raw->state();
    return SiteStatus{s.built_at_ms, s.failed_at_ms, s.error};
  };
  return rebuilder;
}

int run_server(const RunOptions& o) {
  ServerOptions options;
  options.db_path = o.db;
  options.tls_cert = o.tls_cert;
  options.tls_key = o.tls_key;
  options.max_connections_per_address = o.max_per_address;
  options.log = o.quiet ? nullptr : &std::cerr;
  if (Status st = parse_listen(o.listen, &options.host, &options.port); !st.is_ok()) return fail("không chạy được máy chủ", st);

  // Held while serving: `server restore` refuses to replace the file under
  // a running server, and a second server on the same file refuses to start.
  // A missing file is left to Server::open to report (no stray .lock).
  std::optional<DatabaseLock> lock;
  if (std::error_code ec; std::filesystem::exists(o.db, ec)) {
    auto held = DatabaseLock::acquire(o.db);
    if (!held) return fail("không chạy được máy chủ", held.status());
    lock.emplace(std::move(*held));
    // Opened once here, under the lock, so that a migration (and the copy
    // taken before it) is told to the operator before serving starts.
    OpenOptions existing;
    existing.create = false;
    auto store = Store::open(o.db, existing);
    if (!store) return fail("không chạy được máy chủ", store.status());
    tell_upgrade(o.db, **store);
  }

  // SIGTERM/SIGINT are taken by one thread with sigwait, never by a handler
  // interrupting arbitrary code: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Started before the server answers anyone, stopped after it has
  // answered everyone (a running build is let finish).
  std::unique_ptr<site::Rebuilder> rebuilder = start_site(o, &options);
  auto server = Server::open(options);
  if (!server) return fail("không chạy được máy chủ", server.status());
  std::string scheme = o.tls_cert.empty() ? "http" : "https";
  std::cout << "Máy chủ thidua đang chạy tại " << scheme << "://" << options.host << ":" << (*server)->port()
            << "/ (dừng: Ctrl+C)" << std::endl;

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    (*server)->stop();  // harmless when run() has already returned
  });
  Status st = (*server)->run();
  // run() also returns without a signal (listen failed): wake the waiter.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  rebuilder.reset();
  if (!st.is_ok()) return fail("máy chủ dừng vì lỗi", st);
  std::cout << "Máy chủ đã dừng; dữ liệu đã được ghi đầy đủ." << std::endl;
  return 0;
}

}  // namespace

void add_server_run(CLI::App& server, Action* action) {
  auto o = std::make_shared<RunOptions>();
  auto* cmd = server.add_subcommand("run", "Chạy máy chủ đồng bộ (dừng bằng Ctrl+C hoặc SIGTERM)");
  add_db_option(*cmd, o->db, kCentralDbHelp);
  cmd->add_option("--listen", o->listen, "Địa chỉ lắng nghe HOST:PORT (PORT 0: chọn cổng trống)")->capture_default_str();
  cmd->add_option("--tls-cert", o->tls_cert, "Chứng chỉ TLS (PEM)");
  cmd->add_option("--tls-key", o->tls_key, "Khoá riêng TLS (PEM)");
  cmd->add_option("--max-connections-per-address", o->max_per_address,
                  "Số kết nối tối đa cùng lúc từ một địa chỉ IP (các huyện có thể dùng chung một địa chỉ qua nhà mạng)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_flag("--quiet", o->quiet, "Không ghi nhật ký từng yêu cầu");
  cmd->add_option("--site-out", o->site_out,
                  "Thư mục trang công khai, dựng lại sau mỗi lần đồng bộ thay đổi dữ liệu công khai");
  cmd->add_option("--site-every", o->site_every, "Hai lần dựng trang cách nhau ít nhất bấy nhiêu giây")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--site-content", o->site_content,
                  "Thư mục nội dung cho trang (giao diện riêng trong <thư mục>/theme/); mặc định: giao diện có sẵn");
  cmd->add_option("--site-base-url", o->site_base_url, "Địa chỉ gốc của trang, ví dụ https://thiduakhenthuong.hagiang.gov.vn/");
  cmd->callback([o, action] { *action = [o] { return run_server(*o); }; });
}

}  // namespace thidua::cli
