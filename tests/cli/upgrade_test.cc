// Upgrades without lockstep (issue 11 item 6, issue 13), as the operator and
// the clerk meet them with files made at schema 5 (tests/fixtures/v5/, see
// its README). Migration 6 changed synced tables, so a current `thidua
// server run` refuses a schema 5 node's sync, saying what to install and
// changing nothing; once that node runs this build, its file is copied,
// migrated and its unsent work reaches the server. Read-only commands leave
// a schema 5 file as it was and say what to run.
#include <doctest/doctest.h>
#include <httplib.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "netsim/free_port.h"
#include "store/store.h"
#include "tests/support/db_peek.h"
#include "tests/support/process.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBin = THIDUA_BIN;
const std::string kContent = std::string(THIDUA_SOURCE_DIR) + "/content";
const std::string kFixtures = std::string(THIDUA_SOURCE_DIR) + "/tests/fixtures/v5/";

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The schema 5 central database, copied, served by this build.
struct OldCentral {
  TempDir dir;
  std::string db = dir.file("central.db");
  std::string token = trimmed(read_file(kFixtures + "token.txt"));
  int port = 0;
  std::unique_ptr<Process> server;

  OldCentral() {
    fs::copy_file(kFixtures + "central.db", db);
    REQUIRE(user_version_of(db) == 5);
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
  httplib::Result post_sync(const std::string& body) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    return client.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}}, body, "application/json");
  }
};

// The schema 5 node's request with its schema claim changed to `schema`.
std::string claiming(int schema) {
  auto request = nlohmann::json::parse(read_file(kFixtures + "sync-request.json"));
  request["schema"] = schema;
  return request.dump();
}

std::string refusal_of(const httplib::Result& res) {
  REQUIRE(res);
  CHECK(res->status == 409);
  return nlohmann::json::parse(res->body).value("error", "");
}

// What `thidua --version` prints ("thidua 0.1.0"): what the server tells
// an older node to install.
std::string this_build() {
  auto v = run({kBin, "--version"});
  REQUIRE(v.exit_code == 0);
  return trimmed(v.out);
}

}  // namespace

TEST_CASE("a server at schema 6 refuses a schema 5 node's request with 409 saying what to install, and changes nothing") {
  // The fixtures are schema 5: 6 changed synced tables, 7 only how clocks are stored.
  REQUIRE(latest_schema_version() == 7);
  OldCentral c;
  c.start();
  // The server migrated its own file first, keeping the copy.
  CHECK(user_version_of(c.db) == latest_schema_version());
  CHECK(user_version_of(c.db + ".bak-v5") == 5);
  const DbTables before = tables_of(c.db);

  // A node 2 back or ahead is refused as before migration 6.
  for (int schema : {4, latest_schema_version() + 1}) {
    CAPTURE(schema);
    const std::string error = refusal_of(c.post_sync(claiming(schema)));
    CHECK(error.find("máy này dùng lược đồ dữ liệu phiên bản " + std::to_string(schema)) != std::string::npos);
    CHECK(error.find("những gì chưa gửi vẫn còn nguyên trên máy này") != std::string::npos);
    if (schema == 4) {
      CHECK(error.find("chỉ đồng bộ với máy dùng lược đồ 6 đến 7; hãy cài thidua ") != std::string::npos);
    } else {
      CHECK(error.find("máy chủ phải được nâng cấp trước") != std::string::npos);
    }
  }

  // The request exactly as the schema 5 node sent it (decompressed): one
  // version behind is no longer served, since 6 changed synced tables.
  const std::string error = refusal_of(c.post_sync(read_file(kFixtures + "sync-request.json")));
  CHECK(error.find("máy này dùng lược đồ dữ liệu phiên bản 5, cũ quá") != std::string::npos);
  CHECK(error.find("hãy cài " + this_build() + " (bản của máy chủ) trên máy này rồi đồng bộ lại") !=
        std::string::npos);
  CHECK(error.find("những gì chưa gửi vẫn còn nguyên trên máy này") != std::string::npos);
  REQUIRE(c.server->signal_and_wait(SIGTERM) == 0);

  // Nothing of the node's cells was taken: every table is as it was.
  CHECK(tables_of(c.db) == before);
  CHECK(text_of(c.db, "SELECT count(*) FROM nominations") == "0");
}

TEST_CASE("a server at schema 7 serves a schema 6 node as it is: migration 7 changed no synced table") {
  REQUIRE(oldest_compatible_schema_version() == 6);
  OldCentral c;
  c.start();
  CHECK(user_version_of(c.db) == 7);
  // The schema 5 node's request as a schema 6 node sends it (the same
  // cells: 6 only added columns and kinds): merged, answered.
  auto res = c.post_sync(claiming(6));
  REQUIRE(res);
  CHECK_MESSAGE(res->status == 200, res->body);
  auto answer = nlohmann::json::parse(res->body);
  CHECK(answer.contains("cursor"));
  CHECK_FALSE(answer.contains("rejected"));
  REQUIRE(c.server->signal_and_wait(SIGTERM) == 0);
  CHECK(text_of(c.db, "SELECT count(*) FROM nominations") == "1");
  // Its cells' clocks are in the row records, numbered in the feed.
  CHECK(text_of(c.db, "SELECT count(*) FROM sync_cells WHERE tbl = 'nominations'") != "0");
}

TEST_CASE("a schema 5 node upgraded by this build sends its unsent work to a current server: nothing lost") {
  OldCentral c;
  c.start();
  // Something new on the server for the node to pull: the province
  // rewords a task (written as the server's merge would, captured).
  {
    auto central = Store::open(c.db);
    REQUIRE(central.is_ok());
    REQUIRE((*central)->write("tasks", {{"id", std::string("2021-q1-01")},
                                        {"content", std::string("Nội dung mới của nhiệm vụ")}})
                .is_ok());
  }
  const std::string node = c.dir.file("node.db");
  fs::copy_file(kFixtures + "node.db", node);

  // The district installed this build; the server's address changed (a
  // test's port), which is the first writable command: it migrates.
  auto moved = run({kBin, "node", "set-server", "--db", node, "--url", "http://127.0.0.1:" + std::to_string(c.port)});
  CHECK_MESSAGE(moved.exit_code == 0, moved.err);
  CHECK(moved.err.find("Đã nâng cấp " + node + " lên lược đồ dữ liệu phiên bản " + std::to_string(latest_schema_version()) + "; bản sao trước khi nâng cấp: " +
                       node + ".bak-v5") != std::string::npos);
  auto status = run({kBin, "node", "status", "--db", node});
  CHECK_MESSAGE(status.exit_code == 0, status.err);
  CHECK(status.out.find("Thay đổi chờ gửi: 2 (11 ô dữ liệu)") != std::string::npos);  // two records, eleven cells

  auto sync = run({kBin, "node", "sync", "--db", node});
  REQUIRE_MESSAGE(sync.exit_code == 0, sync.err);
  REQUIRE(c.server->signal_and_wait(SIGTERM) == 0);

  // Its cells are in the server's tables, and in the audit log.
  CHECK(text_of(c.db, "SELECT status || ' ' || percent || ' ' || note_md FROM progress "
                      "WHERE id = '2021-q1-01:dong-van'") == "done 100 Đã triển khai ở 19 xã");
  CHECK(text_of(c.db, "SELECT nominee || ' / ' || award || ' / ' || status FROM nominations "
                      "WHERE unit_id = 'dong-van'") == "Lò Thị Hoa / Giấy khen của Chủ tịch UBND tỉnh / submitted");
  CHECK(text_of(c.db, "SELECT count(*) FROM server_audit WHERE tbl = 'nominations'") == "1");
  // The province's change was pulled, and nothing waits to be sent.
  CHECK(text_of(node, "SELECT content FROM tasks WHERE id = '2021-q1-01'") == "Nội dung mới của nhiệm vụ");
  status = run({kBin, "node", "status", "--db", node});
  CHECK(status.out.find("Thay đổi chờ gửi: 0 (0 ô dữ liệu)") != std::string::npos);
}

TEST_CASE("read-only commands never migrate nor change a schema 5 file, and say what to run") {
  TempDir dir;
  const std::string node = dir.file("node.db");
  const std::string central = dir.file("central.db");
  fs::copy_file(kFixtures + "node.db", node);
  fs::copy_file(kFixtures + "central.db", central);
  const std::string node_bytes = read_file(node);
  const std::string central_bytes = read_file(central);

  // Migration 6 changed synced tables: no reader takes a schema 5 file as
  // it is, each says to run a writable command with this build first.
  struct Reader {
    std::string db;
    std::vector<std::string> args;
  };
  const std::vector<Reader> readers = {
      {node, {kBin, "export", "--db", node}},
      {node, {kBin, "node", "status", "--db", node}},
      {node, {kBin, "node", "conflicts", "--db", node}},
      {central, {kBin, "export", "--db", central}},
      {central, {kBin, "site", "build", "--db", central, "--content", kContent, "--out", dir.file("public")}},
      {central, {kBin, "server", "nodes", "--db", central}}};
  for (const auto& reader : readers) {
    CAPTURE(reader.args[1]);
    CAPTURE(reader.args[2]);
    auto r = run(reader.args);
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("lệnh này chỉ đọc, không nâng cấp tệp; hãy chạy một lệnh ghi") != std::string::npos);
    CHECK(r.err.find(reader.db + ".bak-v5") != std::string::npos);
  }

  CHECK(read_file(node) == node_bytes);
  CHECK(read_file(central) == central_bytes);
  CHECK(user_version_of(node) == 5);
  CHECK(user_version_of(central) == 5);
  CHECK_FALSE(fs::exists(node + ".bak-v5"));
  CHECK_FALSE(fs::exists(central + ".bak-v5"));

  // A writable command migrates, keeping the copy; then the file reads.
  auto report = run({kBin, "node", "report", "--db", node, "--task", "2021-q1-01", "--status", "blocked"});
  CHECK_MESSAGE(report.exit_code == 0, report.err);
  CHECK(report.err.find("Đã nâng cấp " + node + " lên lược đồ dữ liệu phiên bản " + std::to_string(latest_schema_version()) + "; bản sao trước khi nâng cấp: " +
                        node + ".bak-v5") != std::string::npos);
  CHECK(user_version_of(node) == latest_schema_version());
  CHECK(user_version_of(node + ".bak-v5") == 5);
  auto exported = run({kBin, "export", "--db", node});
  CHECK_MESSAGE(exported.exit_code == 0, exported.err);
  CHECK(exported.out.find("Lò Thị Hoa") != std::string::npos);  // the pending nomination
}
