// store/backup.h: whole-file copies of the central database.
#include "store/backup.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

#include "common/hex.h"
#include "store/node_store.h"
#include "store/server_store.h"
#include "tests/store/fixture.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

// Every row of every table, as text: two files with the same dump hold
// the same data (blobs and server tables included, unlike export_json).
std::string dump_all(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", -1,
                     &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& t : tables) {
    out += "## " + t + "\n";
    std::string q = "SELECT * FROM \"" + t + "\" ORDER BY rowid";
    sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const void* b = sqlite3_column_blob(st, i);
        int n = sqlite3_column_bytes(st, i);
        out += std::string(static_cast<const char*>(b ? b : ""), static_cast<std::size_t>(n)) + "|";
      }
      out += "\n";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// A central database with reference rows, a photo and a registered node.
void seed_central(Store& s) {
  seed_reference(s);
  const std::string bytes(100'000, '\x42');
  BlobInfo blob{sha256_hex(bytes), "image/png", static_cast<std::int64_t>(bytes.size()), 10, 10};
  REQUIRE(s.put_blob(blob, bytes, false).is_ok());
  ServerNode node;
  node.id = "n1";
  node.unit_id = "dong-van";
  node.role = "district";
  node.name = "Đồng Văn";
  REQUIRE(ServerStore(s).add_server_node(node, sha256_hex("token")).is_ok());
}

}  // namespace

TEST_CASE("backup copies every table, photo bytes and nodes included") {
  StoreFixture f;
  auto central = f.open("central.db");
  seed_central(*central);
  auto info = backup_database(f.dir.file("central.db"), f.dir.file("copy.db"));
  REQUIRE_MESSAGE(info.is_ok(), info.status().message());
  CHECK(info->schema_version == latest_schema_version());
  CHECK(info->bytes == static_cast<std::int64_t>(fs::file_size(f.dir.file("copy.db"))));
  // The source is open and in WAL mode: what it has not checkpointed is in the copy too.
  CHECK(dump_all(f.dir.file("copy.db")) == dump_all(f.dir.file("central.db")));
  CHECK(dump_all(f.dir.file("copy.db")).find(std::string(1000, '\x42')) != std::string::npos);
  auto copy = f.open("copy.db");
  CHECK(*copy->export_json() == *central->export_json());
  for (const auto& e : fs::directory_iterator(f.dir.path())) {
    CHECK(e.path().filename().string().find(".partial-") == std::string::npos);
  }
}

TEST_CASE("backup refuses an existing file unless told to overwrite it") {
  StoreFixture f;
  auto central = f.open("central.db");
  seed_central(*central);
  write_file(f.dir.file("copy.db"), "keep me");
  auto refused = backup_database(f.dir.file("central.db"), f.dir.file("copy.db"));
  CHECK(refused.status().code() == Status::Code::kExists);
  CHECK(refused.status().message().find("--force") != std::string::npos);
  CHECK(read_file(f.dir.file("copy.db")) == "keep me");
  BackupOptions o;
  o.overwrite = true;
  REQUIRE(backup_database(f.dir.file("central.db"), f.dir.file("copy.db"), o).is_ok());
  CHECK(dump_all(f.dir.file("copy.db")) == dump_all(f.dir.file("central.db")));
  // Never over the database itself, --force or not.
  auto self = backup_database(f.dir.file("central.db"), f.dir.file("./central.db"), o);
  CHECK(self.status().code() == Status::Code::kInvalid);
  CHECK(central->count("units").is_ok());
}

TEST_CASE("a backup killed before its rename leaves no file under the final name") {
  StoreFixture f;
  auto central = f.open("central.db");
  seed_central(*central);
  const std::string out = f.dir.file("copy.db");
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    BackupOptions o;
    o.after_copy = [] { ::raise(SIGKILL); };
    (void)backup_database(f.dir.file("central.db"), out, o);
    ::_exit(0);  // not reached
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(WIFSIGNALED(status));
  CHECK_FALSE(fs::exists(out));
  CHECK(fs::exists(out + ".partial-" +
                   std::to_string(child)));  // the dead copy, under a name that says so
}

TEST_CASE("backup while another connection keeps writing is one consistent snapshot") {
  StoreFixture f;
  auto central = f.open("central.db");
  seed_central(*central);
  const std::string big(200'000, 'x');
  for (int i = 0; i < 100; ++i) {
    REQUIRE(central
                ->write("stories", {{"id", "s" + std::to_string(i)},
                                    {"unit_id", std::string("dong-van")},
                                    {"title", std::string("Tin")},
                                    {"body_md", big}})
                .is_ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    auto w = f.open("central.db");
    for (int i = 0; !stop; ++i) {
      Status st = w->transaction([&] {
        THIDUA_RETURN_IF_ERROR(w->write("progress", {{"id", "p" + std::to_string(i)},
                                                     {"task_id", std::string("2021-q1-01")},
                                                     {"unit_id", std::string("dong-van")},
                                                     {"percent", std::int64_t{i % 100}}}));
        return w->write("stories", {{"id", "s" + std::to_string(i % 100)},
                                    {"title", "Tin " + std::to_string(i)}});
      });
      if (st.is_ok()) ++written;
    }
  });
  while (written < 5) std::this_thread::yield();
  auto info = backup_database(f.dir.file("central.db"), f.dir.file("copy.db"));
  const int after = written;
  stop = true;
  writer.join();
  REQUIRE_MESSAGE(info.is_ok(), info.status().message());
  auto copy = f.open("copy.db");
  auto progress = copy->count("progress");
  REQUIRE(progress.is_ok());
  CHECK(*progress >= 5);
  CHECK(*progress <= after + 1);
  // Each writer transaction wrote one progress row and retitled one story:
  // a torn snapshot would hold a row without its story's title, or the reverse.
  auto last = copy->get("stories", "s" + std::to_string((*progress - 1) % 100));
  REQUIRE(last.is_ok());
  CHECK(std::get<std::string>((**last).at("title")) == "Tin " + std::to_string(*progress - 1));
}

TEST_CASE("backup of a node's database is refused") {
  StoreFixture f;
  auto node = f.open("node.db");
  REQUIRE(NodeStore(*node)
              .set_node_config({"dong-van", "district", "http://127.0.0.1:1", "t", {}, {}})
              .is_ok());
  auto r = backup_database(f.dir.file("node.db"), f.dir.file("copy.db"));
  CHECK(r.status().code() == Status::Code::kInvalid);
  CHECK_FALSE(fs::exists(f.dir.file("copy.db")));
}

TEST_CASE("the database lock is held by one holder at a time") {
  TempDir dir;
  auto first = DatabaseLock::acquire(dir.file("central.db"));
  REQUIRE(first.is_ok());
  auto second = DatabaseLock::acquire(dir.file("central.db"));
  CHECK(second.status().code() == Status::Code::kBusy);
  { auto released = std::move(*first); }
  CHECK(DatabaseLock::acquire(dir.file("central.db")).is_ok());
}

TEST_CASE("regression (issue 11 item 3): a restore gives the file a new generation and marks every node") {
  StoreFixture f;
  std::int64_t before = 0;
  {
    auto central = f.open("central.db");
    seed_central(*central);
    auto g = ServerStore(*central).server_generation();
    REQUIRE(g.is_ok());
    before = *g;
    CHECK(before > 0);
    CHECK(*ServerStore(*central).server_generation() == before);  // made once, then kept
    CHECK_FALSE(*ServerStore(*central).take_restore_mark("n1"));   // never restored
  }
  REQUIRE(backup_database(f.dir.file("central.db"), f.dir.file("bk.db")).is_ok());
  auto r = restore_database(f.dir.file("bk.db"), f.dir.file("central.db"));
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  auto restored = f.open("central.db");
  auto after = ServerStore(*restored).server_generation();
  REQUIRE(after.is_ok());
  CHECK(*after > 0);
  CHECK(*after != before);
  CHECK(*after < (std::int64_t{1} << 53));  // exact in any JSON reader
  CHECK(*ServerStore(*restored).take_restore_mark("n1"));        // the first sync after it
  CHECK_FALSE(*ServerStore(*restored).take_restore_mark("n1"));  // and only that one
  auto backup = f.open("bk.db");
  CHECK(*ServerStore(*backup).server_generation() == before);  // the backup itself is untouched
  CHECK(*restored->export_json() == *backup->export_json());
}

TEST_CASE("regression (issue 11 item 3): a node queues again every cell it wrote, as it wrote it") {
  StoreFixture f;
  auto node = f.open();
  seed_reference(*node);
  REQUIRE(node->write("progress", progress_row("in_progress", 40)).is_ok());
  REQUIRE(node->write("progress", progress_row("done", 100)).is_ok());
  // A cell another node wrote is not this node's to send.
  RemoteCell theirs{"progress", "2021-q1-01:dong-van", "note_md", std::string("của tỉnh"), 0, "tinh", std::nullopt};
  theirs.hlc = *node->clock() + 1;
  REQUIRE(node->apply_remote({theirs}).is_ok());
  auto sent = node->outbox();
  REQUIRE(sent.is_ok());
  REQUIRE(node->ack_outbox(sent->back().seq).is_ok());
  REQUIRE(node->outbox()->empty());

  auto queued = NodeStore(*node).requeue_own_writes();
  REQUIRE(queued.is_ok());
  auto again = node->outbox();
  REQUIRE(again.is_ok());
  CHECK(*queued == static_cast<std::int64_t>(again->size()));
  std::map<std::string, OutboxEntry> by_cell;
  for (const auto& e : *again) {
    CHECK(by_cell.emplace(e.table + " " + e.pk + " " + e.column, e).second);  // one per cell: the latest
    auto clock = node->cell_clock(e.table, e.pk, e.column);
    REQUIRE(clock->has_value());
    CHECK((*clock)->hlc == e.hlc);  // its clock as it was: a duplicate where the server has it
    CHECK((*clock)->node == node->node_id());
  }
  CHECK(by_cell.count("progress 2021-q1-01:dong-van note_md") == 0);
  CHECK(by_cell.at("progress 2021-q1-01:dong-van status").value == Value{std::string("done")});
  CHECK(by_cell.at("progress 2021-q1-01:dong-van percent").value == Value{std::int64_t{100}});
  CHECK(by_cell.at("progress 2021-q1-01:dong-van _row").value == Value{std::int64_t{1}});
  CHECK(by_cell.count("units dong-van name") == 1);  // reference rows written here are its own too
}
