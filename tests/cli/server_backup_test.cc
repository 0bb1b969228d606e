// `thidua server backup | restore` run as the operator runs them, next to a
// real `thidua server run` process.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

#include "netsim/free_port.h"
#include "store/node_store.h"
#include "store/store.h"
#include "tests/support/process.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBin = THIDUA_BIN;
const std::string kContent = std::string(THIDUA_SOURCE_DIR) + "/content";

struct Central {
  TempDir dir;
  std::string db = dir.file("central.db");
  int port = 0;
  std::unique_ptr<Process> server;

  Central() {
    auto init = run({kBin, "server", "init", "--db", db, "--content", kContent});
    REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    auto node = run({kBin, "server", "add-node", "--db", db, "--unit", "dong-van", "--role",
                     "district", "--name", "Đồng Văn"});
    REQUIRE_MESSAGE(node.exit_code == 0, node.err);
  }
  void start() {
    auto p = netsim::free_loopback_port();
    REQUIRE(p.is_ok());
    port = *p;
    server = std::make_unique<Process>(
        std::vector<std::string>{kBin, "server", "run", "--db", db, "--listen",
                                 "127.0.0.1:" + std::to_string(port), "--quiet"},
        dir.file("server.log"));
    REQUIRE(wait_healthy(port));
  }
  std::string exported(const std::string& path) {
    auto r = run({kBin, "export", "--db", path});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r.out;
  }
};

// A story written straight into the database, as the server's merge would.
void write_story(Store& s, int i) {
  REQUIRE(s.write("stories", {{"id", "s" + std::to_string(i)},
                              {"unit_id", std::string("dong-van")},
                              {"title", "Gương sáng số " + std::to_string(i)},
                              {"body_md", std::string(2000, 'a')}})
              .is_ok());
}

}  // namespace

TEST_CASE("server backup while the server runs: the copy's export equals the source's") {
  Central c;
  {
    auto s = Store::open(c.db);
    REQUIRE(s.is_ok());
    for (int i = 0; i < 50; ++i) write_story(**s, i);
  }
  c.start();
  auto r = run({kBin, "server", "backup", "--db", c.db, "--out", c.dir.file("bk.db")});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("Đã sao lưu") != std::string::npos);
  CHECK(r.out.find("đã kiểm tra toàn vẹn") != std::string::npos);
  CHECK(c.exported(c.dir.file("bk.db")) == c.exported(c.db));

  // Again over it: refused without --force, one Vietnamese line naming it.
  auto again = run({kBin, "server", "backup", "--db", c.db, "--out", c.dir.file("bk.db")});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("--force") != std::string::npos);
  CHECK(again.err.find("đã tồn tại") != std::string::npos);
  auto forced =
      run({kBin, "server", "backup", "--db", c.db, "--out", c.dir.file("bk.db"), "--force"});
  CHECK_MESSAGE(forced.exit_code == 0, forced.err);
}

TEST_CASE("server backup while another connection keeps writing") {
  Central c;
  c.start();
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    auto s = Store::open(c.db);
    REQUIRE(s.is_ok());
    for (int i = 0; !stop; ++i) {
      write_story(**s, i);
      ++written;
    }
  });
  while (written < 20) std::this_thread::yield();
  auto r = run({kBin, "server", "backup", "--db", c.db, "--out", c.dir.file("bk.db")});
  const int after = written;
  stop = true;
  writer.join();
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto copy = Store::open(c.dir.file("bk.db"));
  REQUIRE(copy.is_ok());
  CHECK(*(*copy)->integrity_check() == "ok");
  auto n = (*copy)->count("stories");
  CHECK(*n >= 20);
  CHECK(*n <= after + 1);
}

TEST_CASE(
    "server restore refuses while a server runs on the file, then restores and keeps the old "
    "file") {
  Central c;
  REQUIRE(run({kBin, "server", "backup", "--db", c.db, "--out", c.dir.file("bk.db")}).exit_code ==
          0);
  const std::string at_backup = c.exported(c.dir.file("bk.db"));
  c.start();
  {
    auto s = Store::open(c.db);
    REQUIRE(s.is_ok());
    for (int i = 0; i < 10; ++i) write_story(**s, i);
  }
  auto refused = run({kBin, "server", "restore", "--from", c.dir.file("bk.db"), "--db", c.db});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("đang dùng") != std::string::npos);
  CHECK(c.exported(c.db) != at_backup);  // untouched

  // A second server on the same file is refused too.
  auto second =
      run({kBin, "server", "run", "--db", c.db, "--listen", "127.0.0.1:0", "--quiet"}, "", 20);
  CHECK(second.exit_code != 0);
  CHECK(second.err.find("đang dùng") != std::string::npos);

  // Killed: the last writes are only in central.db-wal. They must not be
  // replayed into the restored file, and must stay with the kept one.
  // (A passive checkpoint may have copied them into the file already; the
  // frames stay valid in the WAL and would be replayed all the same.)
  c.server->signal_and_wait(SIGKILL);
  REQUIRE(fs::exists(c.db + "-wal"));
  REQUIRE(fs::file_size(c.db + "-wal") > 0);
  auto r = run({kBin, "server", "restore", "--from", c.dir.file("bk.db"), "--db", c.db});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("Đã khôi phục") != std::string::npos);
  CHECK(c.exported(c.db) == at_backup);
  std::string kept;
  for (const auto& e : fs::directory_iterator(c.dir.path())) {
    const std::string name = e.path().filename().string();
    if (name.rfind("central.db.before-restore-", 0) == 0 && name.find('-', 26) == std::string::npos)
      kept = e.path();
    CHECK(name.find(".restoring-") == std::string::npos);
  }
  REQUIRE(!kept.empty());
  CHECK(r.out.find(kept) != std::string::npos);
  CHECK(c.exported(c.db).find("Gương sáng số 9") == std::string::npos);
  CHECK(c.exported(kept).find("Gương sáng số 9") != std::string::npos);
  // The restored file serves.
  c.start();
  CHECK(c.server->signal_and_wait(SIGTERM) == 0);
}

TEST_CASE("server restore refuses a file that is not a sound server backup, and changes nothing") {
  Central c;
  const std::string before = c.exported(c.db);
  write_file(c.dir.file("junk.db"), std::string(8192, 'z'));
  REQUIRE(
      run({kBin, "server", "backup", "--db", c.db, "--out", c.dir.file("newer.db")}).exit_code ==
      0);
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(c.dir.file("newer.db").c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  {
    auto node = Store::open(c.dir.file("node.db"));
    REQUIRE(node.is_ok());
    REQUIRE(NodeStore(**node)
                .set_node_config({"dong-van", "district", "http://127.0.0.1:1", "x", {}, {}})
                .is_ok());
  }
  struct Case {
    std::string from, says;
  };
  std::vector<Case> cases = {{c.dir.file("missing.db"), "không có tệp sao lưu"},
                             {c.dir.file("junk.db"), "không"},
                             {c.dir.file("newer.db"), "999"},
                             {c.dir.file("node.db"), "máy đơn vị"}};
  for (const auto& k : cases) {
    CAPTURE(k.from);
    auto r = run({kBin, "server", "restore", "--from", k.from, "--db", c.db});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find(k.says) != std::string::npos);
    CHECK(r.err.find("\n") == r.err.size() - 1);  // one line
  }
  CHECK(c.exported(c.db) == before);
  for (const auto& e : fs::directory_iterator(c.dir.path())) {
    const std::string name = e.path().filename().string();
    CHECK(name.find("before-restore") == std::string::npos);
    CHECK(name.find(".restoring-") == std::string::npos);
  }
}
