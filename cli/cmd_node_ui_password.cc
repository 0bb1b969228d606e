// `thidua node ui-password --db FILE [--clear]`: sets or removes the
// password of the office web app (`thidua node ui`) on this PC. Without it
// the app listens on loopback only; with it, other PCs of the office may
// log in (issue 12, Security). The password is read from stdin, twice:
// typed with no echo when stdin is a terminal, or two lines from a pipe. It
// is never printed, logged or kept: only its Argon2id hash is stored
// (common/password.h, NodeStore::set_ui_password_hash).
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "common/password.h"
#include "store/node_store.h"

namespace thidua::cli {
namespace {

struct UiPasswordOptions {
  std::string db;
  bool clear = false;
};

// The terminal as it was before echo was turned off, restored by a signal
// that stops the command (Ctrl+C at the prompt) as well as on return: a
// shell left without echo looks broken to a clerk.
struct termios g_saved_tty;
volatile sig_atomic_t g_tty_changed = 0;

void restore_tty_and_die(int sig) {
  if (g_tty_changed) tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_tty);
  signal(sig, SIG_DFL);
  raise(sig);
}

class NoEcho {
 public:
  NoEcho() {
    if (tcgetattr(STDIN_FILENO, &g_saved_tty) != 0) return;
    struct termios quiet = g_saved_tty;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the Enter still moves to the next line
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) signal(sig, restore_tty_and_die);
    g_tty_changed = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0 ? 1 : 0;
  }
  ~NoEcho() {
    if (g_tty_changed) tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_saved_tty);
    g_tty_changed = 0;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) signal(sig, SIG_DFL);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;
};

// A password read from stdin and wiped from memory when dropped.
struct Secret {
  std::string text;
  ~Secret() { explicit_bzero(text.data(), text.size()); }
};

// One line of stdin without its "\n" (and a "\r" before it), read a byte at
// a time so nothing past the line is consumed and no more than
// kMaxPasswordBytes are kept. kInvalid at the end of input or past the bound.
Status read_line(Secret& out) {
  out.text.reserve(kMaxPasswordBytes + 1);
  for (;;) {
    char c = 0;
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (out.text.empty())
        return Status::invalid("hết dữ liệu vào trước khi đọc đủ hai lần mật khẩu");
      break;  // a last line without "\n"
    }
    if (c == '\n') break;
    if (out.text.size() == kMaxPasswordBytes) {
      return Status::invalid("mật khẩu dài quá " + std::to_string(kMaxPasswordBytes) + " byte");
    }
    out.text.push_back(c);
  }
  if (!out.text.empty() && out.text.back() == '\r') out.text.pop_back();
  return Status::ok();
}

// Reads the password and its repetition: prompted with no echo on a
// terminal, two lines from a pipe.
Status read_twice(Secret& first, Secret& second) {
  if (!isatty(STDIN_FILENO)) {
    THIDUA_RETURN_IF_ERROR(read_line(first));
    return read_line(second);
  }
  NoEcho quiet;
  std::cerr << "Mật khẩu mới (ít nhất " << kMinPasswordChars
            << " ký tự, không hiện khi gõ): " << std::flush;
  THIDUA_RETURN_IF_ERROR(read_line(first));
  std::cerr << "Nhập lại mật khẩu: " << std::flush;
  return read_line(second);
}

int run_clear(NodeStore& node, const std::string& db) {
  if (Status st = node.clear_ui_password(); !st.is_ok())
    return fail("không xoá được mật khẩu của " + db, st);
  std::cout << "Đã xoá mật khẩu ứng dụng văn phòng của " << db
            << ". Từ nay ứng dụng (thidua node ui) chỉ mở được trên chính máy này (127.0.0.1).\n";
  return 0;
}

int run_ui_password(const UiPasswordOptions& o) {
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  NodeStore node(**store);
  auto config = node.node_config();
  if (!config) return fail("không đọc được cấu hình nút " + o.db, config.status());
  if (!*config) {
    return fail(
        "không đặt được mật khẩu",
        Status::invalid(o.db + " chưa là một nút (máy chủ trung tâm không có ứng dụng văn phòng); "
                               "hãy chạy thidua node init trước"));
  }
  if (o.clear) return run_clear(node, o.db);

  Secret first, second;
  if (Status st = read_twice(first, second); !st.is_ok())
    return fail("không đặt được mật khẩu", st);
  if (utf8_chars(first.text) < kMinPasswordChars) {
    return fail("không đặt được mật khẩu",
                Status::invalid("mật khẩu phải có ít nhất " + std::to_string(kMinPasswordChars) +
                                " ký tự; hãy chọn mật khẩu dài hơn"));
  }
  if (first.text != second.text) {
    return fail("không đặt được mật khẩu",
                Status::invalid(
                    "hai lần nhập mật khẩu không khớp nhau; mật khẩu cũ (nếu có) vẫn giữ nguyên"));
  }
  auto hash = hash_password(first.text);
  if (!hash) return fail("không đặt được mật khẩu", hash.status());
  if (Status st = node.set_ui_password_hash(*hash); !st.is_ok())
    return fail("không lưu được mật khẩu vào " + o.db, st);
  std::cout << "Đã đặt mật khẩu ứng dụng văn phòng của " << o.db
            << ". Máy khác trong cơ quan có thể mở ứng dụng (thidua node ui --listen 0.0.0.0:8080) "
               "và đăng nhập bằng mật khẩu này.\n";
  return 0;
}

}  // namespace

void add_node_ui_password(CLI::App& node, Action* action) {
  auto o = std::make_shared<UiPasswordOptions>();
  auto* cmd = node.add_subcommand(
      "ui-password",
      "Đặt mật khẩu cho ứng dụng văn phòng (đọc hai lần từ bàn phím, hoặc hai dòng từ ống dẫn)");
  add_db_option(*cmd, o->db);
  cmd->add_flag("--clear", o->clear, "Xoá mật khẩu: ứng dụng chỉ còn mở được trên chính máy này");
  cmd->callback([o, action] { *action = [o] { return run_ui_password(*o); }; });
}

}  // namespace thidua::cli
