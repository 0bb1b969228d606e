// A central database from the real content, a real server on a free
// loopback port (in this process, on a thread), and nodes that sync with it.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "plan/import.h"
#include "plan/loader.h"
#include "sync/client/client.h"
#include "common/hex.h"
#include "photo/photo.h"
#include "sync/server/server.h"
#include "store/store.h"
#include "tests/support/temp_dir.h"
#include "store/server_store.h"

namespace thidua::testing {

struct Issued {
  std::string node_id;
  std::string token;
};

class SyncFixture {
 public:
  SyncFixture() {
    auto content = load_content(std::string(THIDUA_SOURCE_DIR) + "/content");
    REQUIRE_MESSAGE(content.is_ok(), content.status().message());
    auto central = Store::open(central_path());
    REQUIRE(central.is_ok());
    REQUIRE(import_content(**central, *content).is_ok());
  }
  ~SyncFixture() { stop(); }

  std::string central_path() const { return dir.file("central.db"); }

  Issued add_node(const std::string& unit, const std::string& role) {
    auto central = Store::open(central_path());
    REQUIRE(central.is_ok());
    ServerNode n;
    n.id = new_node_id();
    n.unit_id = unit;
    n.role = role;
    Issued issued{n.id, new_token()};
    REQUIRE(ServerStore(**central).add_server_node(n, sha256_hex(issued.token)).is_ok());
    return issued;
  }

  void start(ServerOptions options = {}) {
    options.db_path = central_path();
    options.port = 0;
    if (std::getenv("THIDUA_TEST_LOG")) options.log = &std::cerr;  // to debug a failing test
    auto server = Server::open(options);
    REQUIRE_MESSAGE(server.is_ok(), server.status().message());
    server_ = std::move(*server);
    thread_ = std::thread([this] { (void)server_->run(); });
  }
  void stop() {
    if (!server_) return;
    server_->stop();
    thread_.join();
    server_.reset();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  int port() const { return server_->port(); }

  // A node database bootstrapped from the server.
  std::unique_ptr<Store> init(const std::string& name, const Issued& who, ClientOptions o = fast()) {
    auto r = init_node(dir.file(name), url(), who.token, o);
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    auto store = Store::open(dir.file(name));
    REQUIRE(store.is_ok());
    return std::move(*store);
  }

  SyncReport sync(Store& node, ClientOptions o = fast()) {
    auto r = sync_node(node, o);
    REQUIRE_MESSAGE(r.is_ok(), r.status().message());
    return *r;
  }

  std::unique_ptr<Store> central() {
    auto s = Store::open(central_path());
    REQUIRE(s.is_ok());
    return std::move(*s);
  }

  // Client options for tests: no real waiting between retries.
  static ClientOptions fast() {
    ClientOptions o;
    o.sleep = [](int) {};
    o.io_timeout_s = 10;
    return o;
  }

  TempDir dir;

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

inline Row progress(const std::string& task, const std::string& unit, const std::string& status,
                    std::int64_t percent, const std::string& note = "") {
  return {{"id", task + ":" + unit}, {"task_id", task},   {"unit_id", unit},
          {"status", status},        {"percent", percent}, {"note_md", note}};
}

inline Value cell_of(Store& s, const std::string& table, const std::string& id, const std::string& col) {
  auto row = s.get(table, id);
  REQUIRE(row.is_ok());
  if (!row->has_value()) return Value();
  return (**row)[col];
}

inline std::string story_id(int i) {
  char buf[33];
  std::snprintf(buf, sizeof buf, "%032x", i + 1);
  return buf;
}

// Writes `n` draft stories of `unit`, each one edit (one outbox group).
inline void write_stories(Store& s, const std::string& unit, int n, int from = 0) {
  REQUIRE(s.transaction([&]() -> Status {
    for (int i = from; i < from + n; ++i) {
      THIDUA_RETURN_IF_ERROR(s.write("stories", {{"id", story_id(i)},
                                                 {"unit_id", unit},
                                                 {"title", "Gương người tốt việc tốt số " + std::to_string(i)},
                                                 {"subject", std::string("Nguyễn Thị Mai")},
                                                 {"category", std::string("individual")},
                                                 {"body_md", std::string(400, 'a') + std::to_string(i)}}));
    }
    return Status::ok();
  }).is_ok());
}

}  // namespace thidua::testing
