// Files made by thidua at schema 5 (tests/fixtures/v5/, see its README)
// opened by this build. Migration 6 changed synced tables, so this build
// reads nothing of a schema 5 file as it is: a read-only open refuses it,
// and a writable one copies it to .bak-v5 and migrates it. What the file
// held at 5 is compared table by table with SQLite alone (db_peek.h): this
// build cannot export a schema 5 file, and the comparison covers the
// server's own tables (nodes, audit log) and the sync metadata (the
// outbox) that an export leaves out.
#include <filesystem>

#include "store/node_store.h"
#include "store/schema.h"
#include "store/server_store.h"
#include "tests/store/fixture.h"
#include "tests/support/db_peek.h"
#include "tests/support/run.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

constexpr int kFixtureSchema = 5;
const std::string kFixtures = std::string(THIDUA_SOURCE_DIR) + "/tests/fixtures/v5/";

// A fixture copied into the temp folder: the test never opens the original.
std::string copy_fixture(StoreFixture& f, const std::string& name) {
  const std::string path = f.dir.file(name);
  fs::copy_file(kFixtures + name, path);
  REQUIRE(user_version_of(path) == kFixtureSchema);
  return path;
}

std::string fixture_token() {
  std::string token = read_file(kFixtures + "token.txt");
  while (!token.empty() && token.back() == '\n') token.pop_back();
  return token;
}

// A read-only open refuses the file, says what to run, and changes nothing.
void check_read_only_refused(const std::string& path) {
  const std::string bytes = read_file(path);
  OpenOptions o;
  o.create = false;
  o.read_only = true;
  o.read_compatible_schema = true;
  auto s = Store::open(path, o);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.status().message().find("cũ hơn bản thidua này") != std::string::npos);
  CHECK(s.status().message().find(path + ".bak-v5") != std::string::npos);
  CHECK(read_file(path) == bytes);
  CHECK_FALSE(fs::exists(path + ".bak-v5"));
}

}  // namespace

TEST_CASE(
    "a district's database made by schema 5 is copied to .bak-v5, migrated, and keeps its data and "
    "outbox") {
  // The fixtures are schema 5: 6 changed synced tables, 7 only how clocks are stored.
  REQUIRE(latest_schema_version() == 7);
  REQUIRE(oldest_compatible_schema_version() == 6);  // migration 6 changed synced tables
  StoreFixture f;
  const std::string path = copy_fixture(f, "node.db");
  const std::string central = copy_fixture(f, "central.db");
  check_read_only_refused(path);
  const DbTables before = tables_of(path);
  CHECK(before.at("sync_outbox").rows.size() == 11);  // the report and the nomination made offline

  auto s = f.open("node.db");
  CHECK(s->schema_version() == latest_schema_version());
  CHECK(s->upgrade_copy() == path + ".bak-v5");
  check_rows_kept(before, path);
  auto outbox = s->outbox();
  REQUIRE(outbox.is_ok());
  REQUIRE(outbox->size() == 11);
  int progress = 0, nominations = 0;
  for (const auto& e : *outbox) {
    progress += e.table == "progress" && e.pk == "2021-q1-01:dong-van";
    nominations += e.table == "nominations";
  }
  CHECK(progress > 0);
  CHECK(nominations > 0);
  CHECK(progress + nominations == 11);  // nothing else, nothing added by the migration

  auto config = *NodeStore(*s).node_config();
  REQUIRE(config.has_value());
  CHECK(config->unit_id == "dong-van");
  CHECK(config->token == fixture_token());
  CHECK(config->server_url.rfind("http://127.0.0.1:", 0) == 0);
  CHECK(config->last_error.has_value());  // the refused sync that made the request
  // The server still knows this node: the lineage it holds for it.
  CHECK(NodeStore(*s).node_lineage()->first ==
        text_of(central, "SELECT lineage FROM server_nodes WHERE unit_id = 'dong-van'"));
  CHECK(*s->integrity_check() == "ok");

  CHECK(user_version_of(path + ".bak-v5") == kFixtureSchema);
  CHECK(tables_of(path + ".bak-v5") == before);
}

TEST_CASE(
    "a central database made by schema 5 is migrated with its audit log, nodes and data intact") {
  StoreFixture f;
  const std::string path = copy_fixture(f, "central.db");
  check_read_only_refused(path);
  const DbTables before = tables_of(path);
  // One record per merged row, n its cells (migration 5).
  const std::int64_t audit_cells = std::stoll(text_of(path, "SELECT sum(n) FROM server_audit"));
  CHECK(audit_cells > 0);                        // the district's first sync
  CHECK(before.at("nominations").rows.empty());  // the nomination was never sent

  auto s = f.open("central.db");
  CHECK(s->upgrade_copy() == path + ".bak-v5");
  check_rows_kept(before, path);
  CHECK(*ServerStore(*s).audit_count() == audit_cells);
  auto nodes = ServerStore(*s).server_nodes();
  REQUIRE(nodes.is_ok());
  REQUIRE(nodes->size() == 1);
  CHECK((*nodes)[0].unit_id == "dong-van");
  auto log = ServerStore(*s).audit_of("progress");
  REQUIRE(log.is_ok());
  CHECK_FALSE(log->empty());
  CHECK(*s->integrity_check() == "ok");
  CHECK(tables_of(path + ".bak-v5") == before);
}
