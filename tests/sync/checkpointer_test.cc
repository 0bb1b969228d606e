// The server's background checkpoint: it folds the WAL into the database
// while the writer's own connection never does.
#include <filesystem>
#include <thread>

#include "sync/server/internal/checkpointer.h"
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

std::uintmax_t size_of(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : n;
}

void write_many(Store& s, int from, int count) {
  REQUIRE(s.transaction([&]() -> Status {
               for (int i = from; i < from + count; ++i) {
                 THIDUA_RETURN_IF_ERROR(s.write("units", {{"id", "u" + std::to_string(i)},
                                                          {"name", std::string(400, 'x') + std::to_string(i)}}));
               }
               return Status::ok();
             }).is_ok());
}

}  // namespace

TEST_CASE("the checkpointer folds committed writes into the database file, and only after a write") {
  StoreFixture f;
  const std::string path = f.dir.file("central.db");
  OpenOptions o;
  o.auto_checkpoint = false;
  auto writer = Store::open(path, o);
  REQUIRE(writer.is_ok());
  write_many(**writer, 0, 3000);  // past SQLite's 1,000-page auto-checkpoint
  const auto db_before = size_of(path);
  CHECK(size_of(path + "-wal") > db_before);  // nothing folded by the writer

  auto cp = Checkpointer::start(path, std::chrono::milliseconds(20));
  REQUIRE(cp.is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK((*cp)->runs() == 0);  // nothing noted: it stays idle
  (*cp)->note_write();
  for (int i = 0; i < 250 && (*cp)->runs() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK((*cp)->runs() == 1);
  CHECK(size_of(path) > db_before);

  // Writes go on while it runs; the data stays whole.
  for (int round = 0; round < 5; ++round) {
    write_many(**writer, 3000 + round * 100, 100);
    (*cp)->note_write();
  }
  cp->reset();  // stops and joins
  CHECK(*(*writer)->count("units") == 3500);
  CHECK(*(*writer)->integrity_check() == "ok");
}
