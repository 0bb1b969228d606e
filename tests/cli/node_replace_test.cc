// Issue 11 item 1 as the issue reproduces it, with the real binary: a node
// added on a server, `node init`, a story and a report, `node sync`; then
// `node init --db other.db` with the same token. The new copy must hold the
// unit's work (it held 0 stories and 0 progress rows), and the old one is
// then refused. Real `thidua server run` on a free loopback port.
#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "netsim/free_port.h"
#include "tests/support/images.h"
#include "tests/support/process.h"
#include "tests/support/run.h"
#include "tests/support/temp_dir.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kBin = THIDUA_BIN;
const std::string kContent = std::string(THIDUA_SOURCE_DIR) + "/content";

RunResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), kBin);
  return run(args);
}

RunResult ok(std::vector<std::string> args) {
  auto r = cli(std::move(args));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return r;
}

}  // namespace

TEST_CASE("regression (issue 11 item 1): node init with the same token on another file gets the unit's work") {
  TempDir dir;
  const std::string central = dir.file("central.db"), db = dir.file("dv.db"), other = dir.file("other.db");
  ok({"server", "init", "--db", central, "--content", kContent});
  auto added = ok({"server", "add-node", "--db", central, "--unit", "dong-van", "--role", "district", "--json"});
  const std::string token = nlohmann::json::parse(added.out)["token"].get<std::string>();
  auto port = netsim::free_loopback_port();
  REQUIRE(port.is_ok());
  const std::string url = "http://127.0.0.1:" + std::to_string(*port);
  Process server({kBin, "server", "run", "--db", central, "--listen", "127.0.0.1:" + std::to_string(*port), "--quiet"},
                 dir.file("server.log"));
  REQUIRE(wait_healthy(*port));

  ok({"node", "init", "--db", db, "--server", url, "--token", token});
  write_file(dir.path() / "anh.png", kOnePixelPng);
  write_file(dir.path() / "bai.md", "# Người giữ rừng\n\nBa mươi năm giữ rừng nghiến.\n");
  write_file(dir.path() / "thanh-tich.md", "Mười năm dạy chữ ở điểm trường.\n");
  ok({"node", "report", "--db", db, "--task", "2021-q1-01", "--status", "in_progress", "--percent", "60",
      "--note", "Đã triển khai tới 19 xã"});
  // A draft (never submitted) with a photo, and a nomination.
  ok({"node", "story", "add", "--db", db, "--title", "Người giữ rừng Lũng Cú", "--subject", "Ông Vàng Mí Chứ",
      "--category", "individual", "--body-file", dir.file("bai.md"), "--photo", dir.file("anh.png")});
  ok({"node", "nominate", "--db", db, "--nominee", "Chị Lò Thị Mai", "--kind", "individual", "--award",
      "Bằng khen của Chủ tịch UBND tỉnh", "--achievement-file", dir.file("thanh-tich.md")});
  ok({"node", "sync", "--db", db, "--quiet"});

  auto init = ok({"node", "init", "--db", other, "--server", url, "--token", token});
  CHECK(init.out.find("1 dòng tiến độ, 1 bài (mọi trạng thái), 1 đề nghị khen thưởng, 1 ảnh") != std::string::npos);
  auto mine = ok({"export", "--db", db}), theirs = ok({"export", "--db", other});
  CHECK(mine.out == theirs.out);  // every table, photos by hash included
  auto rows = nlohmann::json::parse(theirs.out);
  CHECK(rows["stories"].size() == 1);
  CHECK(rows["stories"][0]["status"] == "draft");
  CHECK(rows["progress"].size() == 1);
  CHECK(rows["blobs"].size() == 1);

  // The new copy syncs; the old one is then refused, told what to do.
  ok({"node", "sync", "--db", other, "--quiet"});
  const std::string before = ok({"export", "--db", central}).out;
  auto old_pc = cli({"node", "sync", "--db", db, "--quiet"});
  CHECK(old_pc.exit_code == 1);
  CHECK(old_pc.err.find("thidua node set-token") != std::string::npos);
  CHECK(ok({"export", "--db", central}).out == before);
  // A fresh node's init says nothing of work it never had.
  auto fresh_token = ok({"server", "add-node", "--db", central, "--unit", "meo-vac", "--role", "district", "--json"});
  auto fresh = ok({"node", "init", "--db", dir.file("mv.db"), "--server", url, "--token",
                   nlohmann::json::parse(fresh_token.out)["token"].get<std::string>()});
  CHECK(fresh.out.find("Nhận lại") == std::string::npos);
  server.signal_and_wait(SIGTERM);
}
