// What a clerk asks first: who is this node, when did it last sync, and
// what is still waiting to go.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/node_store.h"
#include "store/store.h"

namespace thidua {

struct NodeSummary {
  std::string node_id;
  std::string unit_id;
  std::optional<std::string> unit_name;  // from units, when the row is here
  std::string role;
  std::string server_url;  // the token is never part of a summary
  std::optional<std::string> last_sync_at;
  std::optional<std::string> last_error;
  std::int64_t pending_cells = 0;   // outbox entries not yet acknowledged
  // The records those entries change, as a clerk counts them: a report, a
  // story (with its photos' rows), a nomination; each once.
  std::int64_t pending_records = 0;
  // Blobs not yet uploaded, apart: story photos, and dossier documents
  // (issue 13) that ride the same queue.
  std::int64_t pending_photos = 0;
  std::int64_t pending_documents = 0;
  std::int64_t open_conflicts = 0;
  // Changes refused, kept in sync_rejected: this node's edits the server
  // refused, and what this node refused of the server's answers (issue 9
  // row 12); with the latest reason ("" when none).
  std::int64_t refused = 0;
  std::string last_refusal;
  // Cells whose value here the server refused and that still stand: the
  // copy differs from what the server accepted (issue 11 item 5).
  std::vector<DifferingCell> differing;
  // A province node: what the server last said of the public site it
  // rebuilds (`server run --site-out`), ISO times in UTC like last_sync_at;
  // nullopt when never told. site_error is the reason of a failed build
  // after the last successful one (site_failed_at its time).
  std::optional<std::string> site_built_at;
  std::optional<std::string> site_failed_at;
  std::optional<std::string> site_error;
};

// kNotFound (run `thidua node init`) when the database has no node config.
Result<NodeSummary> node_summary(Store& store);

}  // namespace thidua
