// The store as a district or province node uses it: its configuration, its
// side of the sync (clock correction, lineage, settling the outbox, photos
// to upload, rows the server withdrew) and the changes the server refused.
// A view over an open Store, cheap to make: NodeStore(store).node_config().
// Nothing here is called on the central server's database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

// What `thidua node init` records about this node; absent on the central
// database.
struct NodeConfig {
  std::string unit_id;
  std::string role;  // "district" or "province"
  std::string server_url;
  std::string token;
  std::optional<std::string> last_sync_at;  // ISO time of the last good sync
  std::optional<std::string> last_error;    // why the last sync failed, if it did
};

// What a province node last heard of the public site the server rebuilds
// (`server run --site-out`): ms since the epoch, 0 when none. `error` is
// the reason of the last failed build since the last successful one.
struct SiteBuildSeen {
  std::int64_t built_at_ms = 0;
  std::int64_t failed_at_ms = 0;
  std::string error;
};

// A cell whose value on this node is not what the server accepted.
struct DifferingCell {
  std::string table, pk, column;
  Value value;         // the value here, which the server refused
  std::string reason;  // the server's reason (Vietnamese)
};

class NodeStore {
 public:
  explicit NodeStore(Store& store);

  // --- Configuration ----------------------------------------------------------
  Result<std::optional<NodeConfig>> node_config();
  // Sets unit, role, server and token (keeps last_sync_at / last_error).
  Status set_node_config(const NodeConfig& config);
  // Records the outcome of a sync attempt: ok sets last_sync_at to now and
  // clears last_error; a failure sets last_error to its message.
  Status record_sync_outcome(const Status& outcome);

  // --- The web app's password (`thidua node ui-password`; issue 12) ---------
  // Node-local: kept in a table of its own that no capture trigger watches,
  // so it is never synced, never exported and never sent to the server; a
  // replacement PC (`node init` on a new file) starts without one. Only the
  // Argon2id string of common/password.h is kept, never the password.
  // (store/node_ui_password.cc says why the table is made on first use
  // rather than by a migration.)
  //
  // The stored hash, or nullopt when none is set.
  Result<std::optional<std::string>> ui_password_hash();
  // Keeps `hash` (from hash_password; anything else is kInvalid), replacing
  // any earlier one. kInvalid on a database that is not a node's (no
  // `node init`: the central database never gets one).
  Status set_ui_password_hash(const std::string& hash);
  // Removes the password (the app then serves loopback only). No-op when
  // none is set.
  Status clear_ui_password();
  // True when `password` matches the stored hash; false when it does not or
  // none is set. A match against a hash made with older limits stores a new
  // hash (not on a read-only open; a failure to store it is not the
  // login's). Takes one Argon2id's time (common/password.h) outside any
  // transaction: a caller that serialises access to the store may instead
  // read ui_password_hash() under its lock and check_password() outside it.
  Result<bool> verify_ui_password(std::string_view password);

  // --- Lineage (a copied database is told apart; issue 9 row 13) ------------
  // The lineage the server last handed this node ("" before its first sync
  // under schema 4) and the attempt id of a sync sent and not yet answered
  // ("" when none).
  Result<std::pair<std::string, std::string>> node_lineage();
  // The attempt id to send with the next sync: the stored one while the
  // last attempt has no answer (the server may have merged it and moved the
  // lineage on), else a new random one, stored (committed) before returning.
  Result<std::string> sync_attempt();
  // The same, with `fresh` as the new id when one is needed: a client that
  // encoded its next request ahead of time with `fresh` in it.
  Result<std::string> sync_attempt(const std::string& fresh);
  // Keeps the lineage the server answered with and clears the attempt. Call
  // in the transaction that applies that answer.
  Status set_node_lineage(const std::string& lineage);

  // --- A server restored from a backup (issue 11 item 3) ---------------------
  // The server database's generation this node last saw (0 before any).
  Result<std::int64_t> server_generation_seen();
  // Call in the transaction that applies the answer that carried it.
  Status set_server_generation_seen(std::int64_t generation);
  // Queues again every cell this node wrote that it still holds as its
  // own (the latest value, its clock as it was: the server counts what it
  // has as a duplicate), and every photo it put on a row, for the upload to
  // offer. For a server that lost what it had from this node. Returns how
  // many cells were queued. Joins the caller's transaction.
  Result<std::int64_t> requeue_own_writes();

  // --- The public site (node_site.cc) ---------------------------------------
  // nullopt until a server that builds the site has told this node.
  Result<std::optional<SiteBuildSeen>> site_build_seen();
  // Call in the transaction that applies the answer that carried it.
  Status set_site_build_seen(const SiteBuildSeen& seen);

  // --- Clock and identity -----------------------------------------------------
  // Takes the node id the server issued. Only on a database that holds no
  // cells yet (a node being initialised); kConflict otherwise.
  Status adopt_node_id(const std::string& node_id);
  // Learns the server's time. Later local edits are stamped with corrected
  // time; and when this node's clock has run ahead of the server (a PC with
  // a wrong date), pending edits stamped in that future are stamped again
  // with corrected time, in order, so the server accepts them instead of
  // refusing them as far-future. Returns how many edits were re-stamped.
  Result<int> correct_clock(std::int64_t server_time_ms);
  // This machine's clock (ms since the epoch), uncorrected: the one tests
  // inject through OpenOptions::clock_ms.
  std::int64_t raw_clock_ms() const;

  // --- Settling what was sent -------------------------------------------------
  // Removes these outbox entries (sent and settled).
  Status drop_outbox(const std::vector<std::int64_t>& seqs);
  // Keeps a refused change for the clerk to see (node_refusals.cc). When
  // the refused change is this node's edit that wrote back the lost side of
  // a conflict ("keep mine") over the server's value, and the cell has not
  // changed since, the cell goes back to that value and clock (nothing
  // captured) and the kept reason says so: the copy never silently differs
  // from what the server accepted. Other refused edits stay as they are
  // (the node keeps no older values): cells_differing_from_server finds them.
  Status record_rejection(const OutboxEntry& entry, const std::string& reason);
  // How many refused changes are kept, and the latest reason.
  Result<std::pair<std::int64_t, std::string>> rejections();
  // Cells whose value here is an edit of this node the server refused, still
  // standing (no newer edit waiting to be sent, no newer value pulled),
  // oldest refusal first.
  Result<std::vector<DifferingCell>> cells_differing_from_server();
  // Hashes of photos added here and not yet confirmed by the server.
  Result<std::vector<std::string>> photos_to_upload();
  Status photo_uploaded(const std::string& hash);
  // Photos of this node's unit's stories (their photos and covers) whose
  // bytes this copy does not hold, sorted: those an earlier machine of the
  // node, or another machine of the unit, added (issue 11). Empty on a node
  // that added all of them itself.
  Result<std::vector<std::string>> own_photos_missing();
  // Photos of any unit's stories the province reviews or publishes (status
  // submitted, approved or published: their photos and covers) whose bytes
  // this copy does not hold, in no fixed order (so that photos the server
  // lacks cannot keep the others waiting behind a per-sync bound).
  Result<std::vector<std::string>> review_photos_missing();
  // Dossier documents (nomination_documents, issue 13) of the nominations
  // this copy holds whose bytes it lacks, sorted: on a province node every
  // unit's, on a district node its own unit's only (the server sends a
  // district no other unit's nomination; this holds even if one arrived).
  Result<std::vector<std::string>> documents_missing();
  // Removes rows the server withdrew from this node (another district's
  // story, unpublished): each row, a story's photos with it, their cells'
  // clocks and any change to them waiting to be sent — as if they had never
  // arrived, so the row can arrive again whole if it is published again.
  // Nothing of it is captured as a local change; unknown rows are skipped.
  // (A district holds photo bytes only of its own stories, never withdrawn;
  // a province, holding those it reviews, is never withdrawn any row.)
  Status forget_rows(const std::vector<std::pair<std::string, std::string>>& rows);

 private:
  Result<std::optional<std::pair<Value, CellClock>>> replaced_server_value(const OutboxEntry& e);
  Status put_back(const OutboxEntry& e, const Value& value, const CellClock& clock);
  Status restamp_own_cells(Hlc from, Hlc to);
  Result<Value> value_now(const std::string& table, const std::string& pk, const std::string& column);
  Result<std::vector<std::string>> photos_missing(const char* stories_where, const char* order_by);

  Store* store_;
  Store::Impl* impl_;
};

}  // namespace thidua
