// Upgrades without lockstep (issue 11 item 6), as the operator and the clerk
// meet them: a current `thidua server run` on a central database made at
// schema 4 serves the request a schema 4 node sent, read-only commands leave
// an older file as it was, and a writable one says where its copy went.
// The files are tests/fixtures/v4/ (tests/fixtures/README.md).
#include <doctest/doctest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "netsim/free_port.h"
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
const std::string kFixtures = std::string(THIDUA_SOURCE_DIR) + "/tests/fixtures/v4/";

int user_version_of(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  int v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// One text value of the database at `path` (read-only, no thidua code).
std::string text_of(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// The schema 4 central database, copied, served by this build.
struct OldCentral {
  TempDir dir;
  std::string db = dir.file("central.db");
  std::string token = trimmed(read_file(kFixtures + "token.txt"));
  int port = 0;
  std::unique_ptr<Process> server;

  OldCentral() {
    fs::copy_file(kFixtures + "central.db", db);
    REQUIRE(user_version_of(db) == 4);
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

// The schema 4 node's request with its schema claim changed to `schema`.
std::string claiming(int schema) {
  auto request = nlohmann::json::parse(read_file(kFixtures + "sync-request.json"));
  request["schema"] = schema;
  return request.dump();
}

}  // namespace

TEST_CASE("a server at schema 5 serves a schema 4 node's request; a node 2 back or ahead gets 409 saying what to install") {
  REQUIRE(latest_schema_version() == 5);  // the fixtures are the version before; remake them with the next
  OldCentral c;
  c.start();
  // The server migrated its own file first, keeping the copy.
  CHECK(user_version_of(c.db) == 5);
  CHECK(user_version_of(c.db + ".bak-v4") == 4);

  for (int schema : {3, 6}) {
    CAPTURE(schema);
    auto res = c.post_sync(claiming(schema));
    REQUIRE(res);
    CHECK(res->status == 409);
    const std::string error = nlohmann::json::parse(res->body).value("error", "");
    CHECK(error.find("máy này dùng lược đồ dữ liệu phiên bản " + std::to_string(schema)) != std::string::npos);
    CHECK(error.find("những gì chưa gửi vẫn còn nguyên trên máy này") != std::string::npos);
    if (schema == 3) {
      CHECK(error.find("chỉ đồng bộ với máy dùng lược đồ 4 đến 5; hãy cài thidua ") != std::string::npos);
    } else {
      CHECK(error.find("máy chủ phải được nâng cấp trước") != std::string::npos);
    }
  }

  // Something new on the server for the node to pull: the province
  // rewords a task (written as the server's merge would, captured).
  {
    auto central = Store::open(c.db);
    REQUIRE(central.is_ok());
    REQUIRE((*central)->write("tasks", {{"id", std::string("2021-q1-01")},
                                        {"content", std::string("Nội dung mới của nhiệm vụ")}})
                .is_ok());
  }

  // The request exactly as the schema 4 node sent it (decompressed): its
  // cells are taken and the change is pulled, in the cell format it knows.
  auto res = c.post_sync(read_file(kFixtures + "sync-request.json"));
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 200, res->body);
  auto answer = nlohmann::json::parse(res->body);
  CHECK_FALSE(answer.contains("rejected"));
  CHECK_FALSE(answer.value("lineage", "").empty());
  bool pulled = false;
  for (const auto& cell : answer.value("cells", nlohmann::json::array())) {
    REQUIRE(cell.size() == 6);  // table, id, column, value, hlc, node index: as schema 4 reads it
    if (cell[0] == "tasks" && cell[1] == "2021-q1-01" && cell[2] == "content") {
      pulled = cell[3] == "Nội dung mới của nhiệm vụ";
    }
  }
  CHECK(pulled);
  REQUIRE(c.server->signal_and_wait(SIGTERM) == 0);

  // Its cells are in the server's tables, and in the audit log.
  CHECK(text_of(c.db, "SELECT status || ' ' || percent || ' ' || note_md FROM progress "
                      "WHERE id = '2021-q1-01:dong-van'") == "done 100 Đã triển khai ở 19 xã");
  CHECK(text_of(c.db, "SELECT nominee || ' / ' || award || ' / ' || status FROM nominations "
                      "WHERE unit_id = 'dong-van'") == "Lò Thị Hoa / Giấy khen của Chủ tịch UBND tỉnh / submitted");
  CHECK(text_of(c.db, "SELECT count(*) FROM server_audit WHERE tbl = 'nominations'") == "1");
}

TEST_CASE("read-only commands never migrate nor change an older file, and say what to run when they cannot read it") {
  TempDir dir;
  const std::string node = dir.file("node.db");
  const std::string central = dir.file("central.db");
  fs::copy_file(kFixtures + "node.db", node);
  fs::copy_file(kFixtures + "central.db", central);
  const std::string node_bytes = read_file(node);
  const std::string central_bytes = read_file(central);

  auto exported = run({kBin, "export", "--db", node});
  CHECK_MESSAGE(exported.exit_code == 0, exported.err);
  CHECK(exported.out.find("Lò Thị Hoa") != std::string::npos);  // the pending nomination
  auto status = run({kBin, "node", "status", "--db", node});
  CHECK_MESSAGE(status.exit_code == 0, status.err);
  CHECK(status.out.find("Thay đổi chờ gửi: 2 (11 ô dữ liệu)") != std::string::npos);  // two records, eleven cells
  auto conflicts = run({kBin, "node", "conflicts", "--db", node});
  CHECK_MESSAGE(conflicts.exit_code == 0, conflicts.err);
  auto central_export = run({kBin, "export", "--db", central});
  CHECK_MESSAGE(central_export.exit_code == 0, central_export.err);

  // These read the server's own tables, which schema 5 changed: refused,
  // with what to run first.
  auto site = run({kBin, "site", "build", "--db", central, "--content", kContent, "--out", dir.file("public")});
  CHECK(site.exit_code != 0);
  CHECK(site.err.find("lệnh này chỉ đọc, không nâng cấp tệp; hãy chạy một lệnh ghi") != std::string::npos);
  CHECK(site.err.find(central + ".bak-v4") != std::string::npos);
  auto nodes = run({kBin, "server", "nodes", "--db", central});
  CHECK(nodes.exit_code != 0);
  CHECK(nodes.err.find("hãy chạy một lệnh ghi") != std::string::npos);

  CHECK(read_file(node) == node_bytes);
  CHECK(read_file(central) == central_bytes);
  CHECK(user_version_of(node) == 4);
  CHECK(user_version_of(central) == 4);
  CHECK_FALSE(fs::exists(node + ".bak-v4"));
  CHECK_FALSE(fs::exists(central + ".bak-v4"));

  // The export of the old file is the export of the file once upgraded.
  auto report = run({kBin, "node", "report", "--db", node, "--task", "2021-q1-01", "--status", "blocked"});
  CHECK_MESSAGE(report.exit_code == 0, report.err);
  CHECK(report.err.find("Đã nâng cấp " + node + " lên lược đồ dữ liệu phiên bản 5; bản sao trước khi nâng cấp: " +
                        node + ".bak-v4") != std::string::npos);
  CHECK(user_version_of(node) == 5);
  auto kept = run({kBin, "export", "--db", node + ".bak-v4"});
  CHECK(kept.out == exported.out);
}
