// `thidua node ui-password` (issue 12): the office web app's password, read
// twice from stdin (a pipe: two lines; a terminal: no echo), checked, kept
// only as its Argon2id hash, never printed. The real binary; a pseudo-
// terminal for the typed case.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <utmp.h>

#include <csignal>
#include <fstream>

#include "tests/cli/node_cli.h"
#include "store/node_store.h"
#include "store/store.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kPassword = "mật khẩu của văn phòng Đồng Văn";

// A node's file as `node init` leaves it (no plan: not needed here); with
// `node` false, a file with no node configuration, as the central one.
std::string make_db(TempDir& dir, const std::string& name, bool node = true) {
  const std::string path = dir.file(name);
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.is_ok(), store.status().message());
  if (node) {
    REQUIRE(NodeStore(**store)
                .set_node_config({"dong-van", "district", "http://127.0.0.1:1",
                                  std::string(64, 'a'), std::nullopt, std::nullopt})
                .is_ok());
  }
  return path;
}

std::unique_ptr<Store> open_db(const std::string& path) {
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.is_ok(), store.status().message());
  return std::move(*store);
}

// `thidua node ui-password --db <db> <extra>` with `input` on stdin (a file,
// as a pipe would give it).
RunResult ui_password(TempDir& dir, const std::string& db, const std::string& input,
                      std::vector<std::string> extra = {}) {
  const std::string in = dir.file("stdin.txt");
  std::ofstream(in, std::ios::binary) << input;
  std::vector<std::string> args = {
      "sh", "-c", "exec \"$@\" < \"$0\"", in, kBin, "node", "ui-password", "--db", db};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args);
}

}  // namespace

TEST_CASE(
    "ui-password from a pipe: two equal lines set it; only a hash is kept and nothing is printed "
    "of it") {
  TempDir dir;
  const std::string db = make_db(dir, "node.db");
  const std::string exported = *open_db(db)->export_json();
  auto r = ui_password(dir, db, kPassword + "\n" + kPassword + "\r\n");  // a Windows line end too
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(has(r.out, "Đã đặt mật khẩu ứng dụng văn phòng của " + db));
  CHECK_FALSE(has(r.out + r.err, "Đồng Văn"));
  auto store = open_db(db);
  NodeStore node(*store);
  const auto hash = node.ui_password_hash();
  REQUIRE(hash->has_value());
  CHECK((*hash)->rfind("$argon2id$", 0) == 0);
  CHECK(*node.verify_ui_password(kPassword));
  CHECK_FALSE(*node.verify_ui_password(kPassword + "\r"));
  CHECK(*store->export_json() == exported);
  CHECK(*store->outbox_count() == 0);
}

TEST_CASE(
    "ui-password refuses a short password or two that differ, in Vietnamese, and keeps the old "
    "one") {
  TempDir dir;
  const std::string db = make_db(dir, "node.db");
  REQUIRE(ui_password(dir, db, kPassword + "\n" + kPassword + "\n").exit_code == 0);
  const std::string before = **NodeStore(*open_db(db)).ui_password_hash();

  auto short_one = ui_password(dir, db, "mật khẩu!\nmật khẩu!\n");  // 9 characters
  CHECK(short_one.exit_code == 1);
  CHECK(has(short_one.err,
            "thidua: lỗi: không đặt được mật khẩu: mật khẩu phải có ít nhất 10 ký tự"));
  CHECK_FALSE(has(short_one.err + short_one.out, "mật khẩu!"));

  auto differ = ui_password(dir, db, "mật khẩu mới dài lắm\nmật khẩu mới dài lăm\n");
  CHECK(differ.exit_code == 1);
  CHECK(has(differ.err, "hai lần nhập mật khẩu không khớp nhau"));
  CHECK_FALSE(has(differ.err + differ.out, "dài"));

  auto one_line = ui_password(dir, db, "mật khẩu mới dài lắm\n");
  CHECK(one_line.exit_code == 1);
  CHECK(has(one_line.err, "hết dữ liệu vào trước khi đọc đủ hai lần mật khẩu"));

  auto huge = ui_password(dir, db, std::string(5000, 'a') + "\n" + std::string(5000, 'a') + "\n");
  CHECK(huge.exit_code == 1);
  CHECK(has(huge.err, "mật khẩu dài quá 1024 byte"));

  CHECK(**NodeStore(*open_db(db)).ui_password_hash() == before);
}

TEST_CASE("ui-password --clear removes it; the central database and a missing file are refused") {
  TempDir dir;
  const std::string db = make_db(dir, "node.db");
  REQUIRE(ui_password(dir, db, kPassword + "\n" + kPassword + "\n").exit_code == 0);
  auto cleared = ui_password(dir, db, "", {"--clear"});
  CHECK_MESSAGE(cleared.exit_code == 0, cleared.err);
  CHECK(has(cleared.out, "Đã xoá mật khẩu ứng dụng văn phòng"));
  CHECK(has(cleared.out, "chỉ mở được trên chính máy này (127.0.0.1)"));
  CHECK_FALSE(NodeStore(*open_db(db)).ui_password_hash()->has_value());

  const std::string central = make_db(dir, "central.db", false);
  auto refused = ui_password(dir, central, kPassword + "\n" + kPassword + "\n");
  CHECK(refused.exit_code == 1);
  CHECK(has(refused.err, "chưa là một nút"));
  CHECK(has(refused.err, "hãy chạy thidua node init trước"));
  CHECK_FALSE(NodeStore(*open_db(central)).ui_password_hash()->has_value());

  auto missing = ui_password(dir, dir.file("khong-co.db"), kPassword + "\n" + kPassword + "\n");
  CHECK(missing.exit_code == 1);
  CHECK(has(missing.err, "không mở được cơ sở dữ liệu"));
}

namespace {

// Reads what the terminal shows until `want` appears or the child closes
// it; fails after 60 s.
std::string read_until(int master, const std::string& want, std::string& seen) {
  char buf[512];
  while (!has(seen, want)) {
    pollfd p{master, POLLIN, 0};
    const bool ready = ::poll(&p, 1, 60'000) > 0;
    REQUIRE_MESSAGE(ready, (std::string("the command said nothing for 60 s: ") + seen));
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO: the child closed the terminal
    seen.append(buf, static_cast<std::size_t>(n));
  }
  return seen;
}

}  // namespace

TEST_CASE("ui-password typed at a terminal: prompts, no echo, and the terminal's echo comes back") {
  TempDir dir;
  const std::string db = make_db(dir, "node.db");
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::execl(kBin.c_str(), kBin.c_str(), "node", "ui-password", "--db", db.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string seen;
  read_until(master, "Mật khẩu mới (ít nhất 10 ký tự, không hiện khi gõ): ", seen);
  const std::string line = kPassword + "\n";
  REQUIRE(::write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
  read_until(master, "Nhập lại mật khẩu: ", seen);
  REQUIRE(::write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
  read_until(master, "Đã đặt mật khẩu", seen);
  read_until(master, "\n(never)", seen);  // to the end
  termios after{};
  const bool got_tty = ::tcgetattr(master, &after) == 0;
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  ::close(master);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_FALSE(has(seen, "Đồng Văn"));  // never echoed, never printed
  if (got_tty) CHECK((after.c_lflag & ECHO) != 0);
  CHECK(*NodeStore(*open_db(db)).verify_ui_password(kPassword));
}

TEST_CASE(
    "Ctrl+C at the ui-password prompt stops it with the terminal's echo back and nothing set") {
  TempDir dir;
  const std::string db = make_db(dir, "node.db");
  int master = -1, slave = -1;
  REQUIRE(::openpty(&master, &slave, nullptr, nullptr, nullptr) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(master);
    if (::login_tty(slave) != 0) ::_exit(126);
    ::execl(kBin.c_str(), kBin.c_str(), "node", "ui-password", "--db", db.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string seen;
  read_until(master, "không hiện khi gõ): ", seen);
  termios during{};
  REQUIRE(::tcgetattr(slave, &during) == 0);  // the parent's own hold on the terminal
  CHECK((during.c_lflag & ECHO) == 0);
  const char ctrl_c = static_cast<char>(during.c_cc[VINTR]);
  REQUIRE(::write(master, &ctrl_c, 1) == 1);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
  if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == SIGINT);
  termios after{};
  REQUIRE(::tcgetattr(slave, &after) == 0);
  CHECK((after.c_lflag & ECHO) != 0);
  ::close(slave);
  ::close(master);
  CHECK_FALSE(NodeStore(*open_db(db)).ui_password_hash()->has_value());
}
