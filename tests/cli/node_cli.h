// Helpers of the tests that run `thidua node ...` as a clerk runs it: the
// binary, a node's database as `node init` leaves it, and the rows a sync
// would carry between two copies.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "plan/import.h"
#include "plan/loader.h"
#include "store/node_store.h"
#include "store/store.h"
#include "tests/support/run.h"

namespace thidua::testing {

inline const std::string kBin = THIDUA_BIN;
inline const std::string kContent = std::string(THIDUA_SOURCE_DIR) + "/content";

inline int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

inline std::unique_ptr<Store> open_store(const std::string& path) {
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.is_ok(), store.status().message());
  return std::move(*store);
}

// A node database as `thidua node init` will leave it: the plan loaded and
// the node configured. With an empty `unit` the node is not configured.
inline void make_node_db(const std::string& path, const std::string& unit, const std::string& role) {
  auto store = open_store(path);
  auto content = load_content(kContent);
  REQUIRE_MESSAGE(content.is_ok(), content.status().message());
  REQUIRE(import_content(*store, *content).is_ok());
  if (unit.empty()) return;
  NodeConfig config;
  config.unit_id = unit;
  config.role = role;
  config.server_url = "http://127.0.0.1:1";
  config.token = "t";
  REQUIRE(NodeStore(*store).set_node_config(config).is_ok());
}

// Carries the rows a clerk wrote in `from` to `to`, as a sync would (the
// plan both already hold is left out: a district never sends it).
inline void carry(const std::string& from, const std::string& to) {
  auto src = open_store(from);
  auto dst = open_store(to);
  auto out = src->outbox();
  REQUIRE(out.is_ok());
  std::vector<RemoteCell> cells;
  for (const auto& e : *out) {
    if (e.table != "progress" && e.table != "stories" && e.table != "story_photos" &&
        e.table != "nominations")
      continue;
    cells.push_back({e.table, e.pk, e.column, e.value, e.hlc, src->node_id(), e.base});
  }
  REQUIRE_FALSE(cells.empty());
  auto applied = dst->apply_remote(cells);
  REQUIRE(applied.is_ok());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    CAPTURE(cells[i].table + "." + cells[i].column);
    CAPTURE(applied->reasons[i]);
    CHECK(applied->outcomes[i] != ApplyOutcome::kRejected);
  }
}

inline RunResult node(std::vector<std::string> args) {
  args.insert(args.begin(), {kBin, "node"});
  return run(args);
}

inline std::string story_status(const std::string& db, const std::string& id) {
  auto store = open_store(db);
  auto row = store->get("stories", id);
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  return std::get<std::string>((**row).at("status"));
}

inline bool has(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace thidua::testing
