// A district's or the province's cells pushed straight to the real server
// (no client in between), for the authorization tests: what the server
// accepts and refuses, cell by cell.
#pragma once

#include <httplib.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/sync/sync_fixture.h"

namespace thidua::testing {

struct Pusher {
  SyncFixture& f;
  Hlc next = hlc_pack(wall_clock_ms(), 0);

  RemoteCell cell(const std::string& table, const std::string& pk, const std::string& col, Value v) {
    return RemoteCell{table, pk, col, std::move(v), ++next, "", std::nullopt};
  }

  // POSTs the cells as `token`; returns the HTTP status and decoded answer.
  std::pair<int, SyncResponse> push(const std::string& token, const std::vector<RemoteCell>& cells,
                                    std::int64_t cursor = 0) {
    SyncRequest req;
    req.schema = latest_schema_version();
    req.cursor = cursor;
    req.cells = cells;
    httplib::Client http(f.url());
    auto res = http.Post("/api/v1/sync", {{"Authorization", "Bearer " + token}}, encode_sync_request(req),
                         "application/json");
    REQUIRE(res);
    SyncResponse decoded;
    if (res->status == 200) {
      auto d = decode_sync_response(res->body);
      REQUIRE(d.is_ok());
      decoded = *d;
    }
    return {res->status, decoded};
  }

  // The reasons of rejected cells by index ("" when accepted).
  std::vector<std::string> reasons(const std::string& token, const std::vector<RemoteCell>& cells) {
    auto [status, res] = push(token, cells);
    REQUIRE(status == 200);
    std::vector<std::string> out(cells.size());
    for (const auto& r : res.rejected) out.at(r.index) = r.reason;
    return out;
  }
};

inline std::vector<RemoteCell> new_story(Pusher& p, const std::string& id, const std::string& unit, const std::string& status) {
  return {p.cell("stories", id, "_row", std::int64_t{1}), p.cell("stories", id, "unit_id", unit),
          p.cell("stories", id, "title", std::string("Gương sáng ") + unit), p.cell("stories", id, "status", status)};
}

}  // namespace thidua::testing
