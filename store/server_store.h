// The store as the central server uses it: the registry of nodes and their
// lineages, photo uploads in progress and who holds which photo, and the
// audit log of every cell the server accepted. A view over an open Store,
// cheap to make: ServerStore(store).server_nodes(). Nothing here is called
// on a node's database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// A node registered on the central server.
struct ServerNode {
  std::string id;
  std::string unit_id;
  std::string role;  // "district" or "province"
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_sync_at;
  std::int64_t last_cursor = 0;
};

// One cell the central server accepted, as its audit log keeps it.
struct AuditEntry {
  std::int64_t id = 0;  // the audit record: the cells of one merged row share it
  std::string at;  // UTC, ISO 8601 with milliseconds
  std::string node_id;
  std::string table, pk, column;
  Value old_value, new_value;
  Hlc hlc = 0;  // the change's clock: the cells of one edit share it
};

class ServerStore {
 public:
  explicit ServerStore(Store& store);

  // --- Nodes ------------------------------------------------------------------
  // Registers a node; only the SHA-256 of its token is stored.
  Status add_server_node(const ServerNode& node, const std::string& token_sha256);
  // kNotFound for an unknown id; revoking twice is fine.
  Status revoke_server_node(const std::string& id);
  // The node (revoked or not) whose token hashes to `token_sha256`.
  Result<std::optional<ServerNode>> server_node_by_token(const std::string& token_sha256);
  Result<std::vector<ServerNode>> server_nodes();
  // The server's side of the lineage check, for node `id` presenting
  // `presented` with `attempt`. Accepted: the current lineage; the previous
  // one with the attempt that moved it (the node lost that answer and
  // retries); no lineage when the node has none bound yet or `fresh` (a new
  // database: cursor 0, nothing pushed). Then returns a new lineage, stored
  // as current (the presented one as previous, `attempt` with it). Anything
  // else is a copy of the database that another machine has moved past:
  // kConflict with a message for the clerk, nothing changed. `attempt` is
  // never empty. Call in the transaction that merges the request.
  Result<std::string> advance_node_lineage(const std::string& id, const std::string& presented,
                                           const std::string& attempt, bool fresh);
  // --- After a restore (issue 11 item 3) ----------------------------------------
  // This database's generation: a random id that `thidua server restore`
  // replaces, so that nodes can tell their cursor names nothing here any
  // more. Made (and stored) on first use in a database that has none. Never 0.
  Result<std::int64_t> server_generation();
  // Whether node `node_id` still carries the mark a restore left on every
  // node, removing it: the first sync after a restore is let through the
  // lineage check once (see bind_node_lineage), the next ones are not.
  Result<bool> take_restore_mark(const std::string& node_id);
  // Binds a new lineage for `id` whatever it presents (its lineage on a
  // restored server is older than its own), `presented` as previous with
  // `attempt` so that a retry of a lost answer is still recognised.
  Result<std::string> bind_node_lineage(const std::string& id, const std::string& presented,
                                        const std::string& attempt);

  // Records a successful sync of `id` that left it at `cursor`.
  Status note_node_sync(const std::string& id, std::int64_t cursor);

  // --- Photo uploads ------------------------------------------------------------
  // Photo uploads in progress, one per (node, hash): a node's chunks,
  // offsets and failures never touch another node's upload of the same
  // photo. The offset is how many bytes the node has sent.
  Result<std::int64_t> upload_offset(const std::string& node_id, const std::string& hash);
  // Appends `bytes` at `offset`, stamped with the Store's clock; kConflict
  // (the held offset in the message) when `offset` is not where the node's
  // upload stands or `total` differs from the one its first chunk declared.
  Status append_upload(const std::string& node_id, const std::string& hash, std::int64_t total,
                       std::int64_t offset, const std::string& bytes);
  // The bytes of a node's upload (nullopt when none), and forgetting it.
  Result<std::optional<std::string>> upload_data(const std::string& node_id, const std::string& hash);
  Status drop_upload(const std::string& node_id, const std::string& hash);
  // What one node holds in unfinished uploads: how many photos, how many bytes.
  struct UploadUsage {
    std::int64_t uploads = 0;
    std::int64_t bytes = 0;
  };
  Result<UploadUsage> upload_usage(const std::string& node_id);
  // Forgets every unfinished upload whose last chunk is older than
  // `max_age_ms` by the Store's clock; returns how many uploads went.
  Result<std::int64_t> purge_stale_uploads(std::int64_t max_age_ms);

  // --- Who holds which photo ------------------------------------------------------
  // Proof of possession (server_blob_holders): `unit_id` uploaded the
  // photo `hash` whole and its SHA-256 verified. Recording twice is fine.
  Status add_blob_holder(const std::string& hash, const std::string& unit_id);
  Result<bool> unit_holds_blob(const std::string& hash, const std::string& unit_id);
  // Whether a published story of `story_unit` may show photo `hash`: the
  // story's unit, or the unit of a province node, holds it. A district
  // naming another's hash in its own story thus publishes nothing.
  Result<bool> story_may_show_blob(const std::string& hash, const std::string& story_unit);

  // --- Audit log ------------------------------------------------------------------
  Result<std::int64_t> audit_count();
  // The audit log of one table, oldest first.
  Result<std::vector<AuditEntry>> audit_of(const std::string& table);

 private:
  Store* store_;
  Store::Impl* impl_;
};

}  // namespace thidua
