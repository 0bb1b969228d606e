// `thidua site build` and `thidua site serve`: the public website.
#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/db_option.h"
#include "cli/listen.h"
#include "cli/output.h"
#include "sitegen/serve.h"
#include "sitegen/site.h"

namespace thidua::cli {
namespace {

struct SiteOptions {
  std::string db;
  std::string content = "content";
  std::string out = "public";
  std::string base_url;
  std::string today;
  std::string listen = "127.0.0.1:8000";
  bool timings = false;
};

site::BuildOptions build_options(const SiteOptions& o) {
  site::BuildOptions b;
  b.db_path = o.db;
  b.content_dir = o.content;
  b.out_dir = o.out;
  b.base_url = o.base_url;
  b.today = o.today;
  return b;
}

int run_build(const SiteOptions& o) {
  auto b = build_options(o);
  if (isatty(STDERR_FILENO)) {  // a progress line for people, not for logs
    b.on_progress = [](std::size_t done, std::size_t total) {
      std::cerr << "\rĐang dựng: " << done << "/" << total << " gương điển hình" << std::flush;
    };
  }
  auto r = site::build_site(b);
  if (!r) return fail("không dựng được trang công khai", r.status());
  if (b.on_progress && r->stories >= 500) std::cerr << "\r" << std::string(50, ' ') << "\r";
  std::cout << "Đã dựng trang công khai trong " << o.out << ": " << r->pages << " trang, " << r->stories
            << " gương điển hình; ghi " << r->written << ", giữ nguyên " << r->kept << ", xoá " << r->removed
            << " tệp." << std::endl;
  if (o.timings) {
    for (const auto& [phase, seconds] : r->phases) {
      std::cerr << "  " << phase << ": " << static_cast<long>(seconds * 1000 + 0.5) << " ms" << std::endl;
    }
  }
  return 0;
}

int run_serve(const SiteOptions& o) {
  site::ServeOptions s;
  s.out_dir = o.out;
  if (Status st = parse_listen(o.listen, &s.host, &s.port); !st.is_ok()) return fail("không chạy được trang xem trước", st);
  if (!o.db.empty()) s.build = build_options(o);
  s.on_listening = [&](int port) {
    std::cout << "Xem trước trang công khai tại http://" << s.host << ":" << port << "/ (dừng: Ctrl+C)" << std::endl;
  };
  s.log = [](const std::string& line) { std::cout << line << std::endl; };

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::atomic<bool> stop{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    stop = true;
  });
  Status st = site::serve_site(s, stop);
  if (!stop) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!st.is_ok()) return fail("trang xem trước dừng vì lỗi", st);
  return 0;
}

}  // namespace

void add_site_commands(CLI::App& app, Action* action) {
  auto* site = app.add_subcommand("site", "Trang công khai: dựng và xem trước");
  site->require_subcommand(1);
  auto o = std::make_shared<SiteOptions>();

  auto* build = site->add_subcommand("build", "Dựng trang công khai tĩnh từ cơ sở dữ liệu trung tâm (chỉ dữ liệu đã công bố)");
  add_db_option(*build, o->db, "Tệp cơ sở dữ liệu trung tâm (chỉ đọc)");
  build->add_option("--content", o->content, "Thư mục nội dung (giao diện riêng trong content/theme/)");
  build->add_option("--out", o->out, "Thư mục kết quả (mặc định: public)");
  build->add_option("--base-url", o->base_url, "Địa chỉ gốc của trang, ví dụ https://thiduakhenthuong.hagiang.gov.vn/");
  build->add_option("--today", o->today, "Ngày hôm nay (YYYY-MM-DD) để đánh dấu nhiệm vụ quá hạn; mặc định: hôm nay");
  build->add_flag("--timings", o->timings, "In thời gian từng bước dựng (ra stderr)");
  build->callback([o, action] { *action = [o] { return run_build(*o); }; });

  auto* serve = site->add_subcommand("serve", "Xem trước trang công khai; dựng lại khi dữ liệu hoặc nội dung thay đổi");
  serve->add_option("--out", o->out, "Thư mục trang (mặc định: public)");
  serve->add_option("--listen", o->listen, "Địa chỉ nghe, HOST:PORT (mặc định 127.0.0.1:8000)");
  add_db_option(*serve, o->db, "Tệp cơ sở dữ liệu trung tâm: dựng lại khi nó thay đổi", false);
  serve->add_option("--content", o->content, "Thư mục nội dung");
  serve->add_option("--base-url", o->base_url, "Địa chỉ gốc của trang");
  serve->add_option("--today", o->today, "Ngày hôm nay (YYYY-MM-DD)");
  serve->callback([o, action] { *action = [o] { return run_serve(*o); }; });
}

}  // namespace thidua::cli
