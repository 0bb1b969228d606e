// `thidua node ui`: the office web app on this node's copy (webapp/).
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/db_option.h"
#include "cli/listen.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "store/node_store.h"
#include "webapp/webapp.h"

namespace thidua::cli {
namespace {

struct UiOptions {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string sync_every_text;  // parsed strictly: CLI11 wraps values past 64 bits
};

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

int run_ui(const UiOptions& o) {
  webapp::AppOptions a;
  a.db_path = o.db;
  int port = 0;
  if (Status st = parse_listen(o.listen, &a.listen_host, &port); !st.is_ok()) {
    return fail("không chạy được ứng dụng", st);
  }
  // Other PCs may reach the app only behind a password (issue 12).
  if (!is_loopback(a.listen_host)) {
    auto store = open_node_db(o.db);
    if (!store) return fail_open_db(store.status());
    auto hash = NodeStore(**store).ui_password_hash();
    if (!hash) return fail("không đọc được mật khẩu của ứng dụng", hash.status());
    if (!*hash) {
      return fail(
          "không chạy được ứng dụng",
          Status::invalid(
              "chỉ được nghe trên máy này (127.0.0.1) khi chưa có mật khẩu: để máy khác trong "
              "mạng dùng được, đặt mật khẩu trước bằng thidua node ui-password --db " +
              o.db + " (nhận được --listen " + o.listen + ")"));
    }
  }
  if (!o.sync_every_text.empty()) {
    auto every = parse_whole_number(o.sync_every_text, "--sync-every", 1, 86400);
    if (!every) return fail("không chạy được ứng dụng", every.status());
    a.sync_every_s = static_cast<int>(*every);
  }
  // Signals are taken by one thread with sigwait, before any other thread
  // (the background sync, httplib's pool) starts and inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto app = webapp::App::open(a);
  if (!app) return fail("không mở được ứng dụng trên " + o.db, app.status());
  std::atomic<bool> stop{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    stop = true;
  });
  webapp::ServeOptions s;
  s.host = a.listen_host;
  s.port = port;
  s.on_listening = [&](int bound) {
    const std::string host =
        a.listen_host.find(':') != std::string::npos && a.listen_host.front() != '['
            ? "[" + a.listen_host + "]"
            : a.listen_host;
    std::cout << "Mở ứng dụng trong trình duyệt tại http://" << host << ":" << bound
              << "/ (dừng: Ctrl+C)" << std::endl;
  };
  Status st = webapp::serve(**app, s, stop);
  if (!stop) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  (*app)->stop_background();
  if (!st.is_ok()) return fail("ứng dụng dừng vì lỗi", st);
  std::cout << "Đã dừng ứng dụng." << std::endl;
  return 0;
}

}  // namespace

void add_node_ui(CLI::App& node, Action* action) {
  auto o = std::make_shared<UiOptions>();
  auto* ui =
      node.add_subcommand("ui", "Mở ứng dụng web cho văn phòng trên bản sao dữ liệu của máy này");
  add_db_option(*ui, o->db);
  ui->add_option("--listen", o->listen,
                 "Địa chỉ nghe, HOST:PORT (mặc định 127.0.0.1:8080; chỉ trên máy này)");
  ui->add_option("--sync-every", o->sync_every_text,
                 "Tự đồng bộ mỗi N giây (1–86400); mất mạng thì thử lại sớm hơn");
  ui->callback([o, action] { *action = [o] { return run_ui(*o); }; });
}

}  // namespace thidua::cli
