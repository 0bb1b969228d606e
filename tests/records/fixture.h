// A node database in a temp folder: the reference data of tests/store/fixture.h,
// two more units, and a node configuration (unit and role).
#pragma once

#include <doctest/doctest.h>

#include "records/records.h"
#include "tests/store/fixture.h"
#include "store/node_store.h"

namespace thidua::testing {

// Opens `name` in the fixture's folder, seeds units dong-van, meo-vac and
// ubnd-tinh, plan 2021 and task 2021-q1-01, and configures the node.
inline std::unique_ptr<Store> open_node(StoreFixture& f, const std::string& unit = "dong-van",
                                        const std::string& role = "district",
                                        const std::string& name = "node.db") {
  auto s = f.open(name);
  seed_reference(*s);
  for (const char* id : {"meo-vac", "ubnd-tinh"}) {
    REQUIRE(s->write("units", {{"id", std::string(id)}, {"name", std::string(id)}}).is_ok());
  }
  NodeConfig config;
  config.unit_id = unit;
  config.role = role;
  config.server_url = "http://127.0.0.1:1";
  config.token = "t";
  REQUIRE(NodeStore(*s).set_node_config(config).is_ok());
  return s;
}

// The whole database as canonical JSON plus the outbox size: equal before
// and after a refused operation means it wrote nothing.
struct Snapshot {
  std::string json;
  std::int64_t outbox = 0;
  std::int64_t photos = 0;
  bool operator==(const Snapshot&) const = default;
};

inline Snapshot snapshot(Store& s) {
  auto json = s.export_json();
  REQUIRE(json.is_ok());
  auto photos = NodeStore(s).photos_to_upload();
  REQUIRE(photos.is_ok());
  return {*json, outbox_size(s), static_cast<std::int64_t>(photos->size())};
}

// Outbox entries of `table` after `after_seq`.
inline int outbox_entries(Store& s, const std::string& table, std::int64_t after_seq = 0) {
  auto out = s.outbox(after_seq);
  REQUIRE(out.is_ok());
  int n = 0;
  for (const auto& e : *out) n += e.table == table ? 1 : 0;
  return n;
}

inline std::int64_t last_seq(Store& s) {
  auto out = s.outbox();
  REQUIRE(out.is_ok());
  return out->empty() ? 0 : out->back().seq;
}

inline Row get_row(Store& s, const std::string& table, const std::string& id) {
  auto row = s.get(table, id);
  REQUIRE(row.is_ok());
  REQUIRE_MESSAGE(row->has_value(), (table + " " + id));
  return **row;
}

inline std::string text(const Row& row, const std::string& column) {
  const auto* s = std::get_if<std::string>(&row.at(column));
  return s ? *s : std::string("<not text>");
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace thidua::testing
