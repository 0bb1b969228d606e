// The store: one SQLite database, central or district, with the same schema.
//
// Opening a store applies pending schema migrations and (re)creates the
// change-capture triggers. Every insert, update and delete of a synced table
// — through this API or any other connection that has the thidua SQL
// functions — records one outbox entry per changed column in the same
// transaction, stamped with the node's hybrid logical clock and the clock
// the cell had before (`base`). A connection without those functions (the
// sqlite3 shell) cannot write a synced table at all: its write fails with
// "no such function: thidua_hlc_next" instead of slipping past capture.
//
// A Store is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/hlc.h"
#include "store/value.h"

namespace thidua {

// The newest schema version this build knows.
int latest_schema_version();

struct OpenOptions {
  // Create the file when missing. When false, a missing file is kNotFound.
  bool create = true;
  // Open read-only: no migration, no writes; the schema must be current.
  bool read_only = false;
  // Apply migrations only up to this version (tests of migrations). 0 = latest.
  int target_version = 0;
  // Wall clock in ms since the epoch; tests inject a fake one.
  std::function<std::int64_t()> clock_ms;
  // This connection's page cache, in MiB. A merge of a large batch that
  // does not fit spills pages to the WAL mid-transaction, several times.
  int cache_mib = 16;
  // Fold the WAL into the database at commit once it passes 1,000 pages
  // (SQLite's default). The server turns this off and calls
  // checkpoint_passive() from a thread of its own, off the request path.
  bool auto_checkpoint = true;
  // Read the database file through a memory map of up to this many MiB (0:
  // through read calls). For readers that scan much of it: the site
  // generator steps over every story's body to reach its status. Safe
  // because thidua never shrinks a database (no VACUUM, no auto_vacuum).
  int mmap_mib = 0;
};

// One local change waiting to be sent.
struct OutboxEntry {
  std::int64_t seq = 0;
  std::string table;
  std::string pk;
  std::string column;  // a column name, or kRowColumn for insert/delete
  Value value;
  Hlc hlc = 0;
  std::optional<Hlc> base;  // the cell's clock before this change, if any
};

// The clock of one cell: who wrote the value we hold, and when.
struct CellClock {
  Hlc hlc = 0;
  std::string node;
};

// A cell arriving from another node.
struct RemoteCell {
  std::string table;
  std::string pk;
  std::string column;
  Value value;
  Hlc hlc = 0;
  std::string node;
  std::optional<Hlc> base;
};

enum class ApplyOutcome {
  kApplied,    // the cell won and its value is now ours
  kStale,      // we hold a newer value; nothing changed
  kDuplicate,  // we already hold exactly this write
  kRejected,   // invalid (unknown table or column, bad value, far-future clock)
};

struct ApplyResult {
  std::vector<ApplyOutcome> outcomes;  // one per input cell, same order
  std::vector<std::string> reasons;    // why, for kRejected; else empty
  int conflicts = 0;                   // conflicts recorded by this batch
};

struct ApplyOptions {
  // Append every applied cell (old and new value) to the audit log.
  bool audit = false;
  // Checked per cell after validation; a non-ok Status rejects the cell
  // with its message as the reason (the server's authorization).
  std::function<Status(const RemoteCell&)> authorize;
};

// One cell the central server accepted, as its audit log keeps it.
struct AuditEntry {
  std::int64_t id = 0;
  std::string at;  // UTC, ISO 8601 with milliseconds
  std::string node_id;
  std::string table, pk, column;
  Value old_value, new_value;
  Hlc hlc = 0;  // the change's clock: the cells of one edit share it
};

// A concurrent write that lost, kept for a person to decide.
struct Conflict {
  std::int64_t id = 0;
  std::string table, pk, column;
  Value kept_value;  // the winner, now in the table
  Hlc kept_hlc = 0;
  std::string kept_node;
  Value lost_value;
  Hlc lost_hlc = 0;
  std::string lost_node;
  bool resolved = false;
};

// A photo, content-addressed.
struct BlobInfo {
  std::string hash;  // lowercase hex SHA-256 of the bytes
  std::string mime;  // image/jpeg, image/png, image/webp
  std::int64_t size = 0;
  std::optional<std::int64_t> width, height;
};

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

// One entry of the change feed: a cell whose clock changed at `seq`, with
// the value the table holds now (for `_row`: 1 when the row exists).
struct FeedCell {
  std::int64_t seq = 0;
  RemoteCell cell;
};

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

class Store {
 public:
  // Opens (creating when asked) the database at `path` and migrates it to
  // the latest schema. Fails with kConflict when the file's schema is newer
  // than this build, kCorrupt when it is not a thidua database.
  static Result<std::unique_ptr<Store>> open(const std::string& path, OpenOptions options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  // This database's node id, made once when the file is created.
  const std::string& node_id() const;

  // Runs `body` in one transaction: commits when it returns ok, rolls back
  // (undoing its captured changes too) otherwise. A nested call joins the
  // transaction already open; if its body fails, the whole transaction is
  // rolled back at the end, whatever the outer body returns. (Savepoints
  // made SQLite copy every page a statement touched to a side journal:
  // most of the time of a large merge.)
  Status transaction(const std::function<Status()>& body);
  // Runs `body` on one snapshot of the database: every read in it sees the
  // same state, whatever other connections commit meanwhile. For readers,
  // read-only connections included (the site generator).
  Status read_snapshot(const std::function<Status()>& body);

  // Inserts or updates one row of a synced table. `row` must hold "id";
  // columns not named keep their value. Unknown tables or columns are
  // kInvalid; constraint failures (a status outside its set) are kInvalid.
  Status write(const std::string& table, const Row& row);
  // Deletes a row (leaving a tombstone cell). kNotFound when absent.
  Status remove(const std::string& table, const std::string& id);
  // The row with this id, or nullopt.
  Result<std::optional<Row>> get(const std::string& table, const std::string& id);
  Result<std::int64_t> count(const std::string& table);
  // Every row of a synced table, ordered by id.
  Result<std::vector<Row>> rows(const std::string& table);
  // The rows whose `column` holds one of `values`, ordered by id: readers
  // that may see only some rows (the public site: published stories) never
  // load the others.
  // `only`: the columns to read ("id" is always read); empty for all.
  Result<std::vector<Row>> rows_where(const std::string& table, const std::string& column,
                                      const std::vector<std::string>& values,
                                      const std::vector<std::string>& only = {});
  // The same rows one at a time, without building a Row: `fn` gets the
  // cells of `columns` in that order ("id" is not added). The vector is
  // reused for the next row: move out what you keep. For readers of many
  // rows (the public site reads every published story).
  Status each_where(const std::string& table, const std::string& column, const std::vector<std::string>& values,
                    const std::vector<std::string>& columns, const std::function<void(std::vector<Value>&)>& fn);
  // For every row of a synced table, the feed number of its latest change:
  // a row whose number is the same has not changed (readers that cache).
  Result<std::map<std::string, std::int64_t>> row_versions(const std::string& table);

  // Local changes with seq > after_seq, oldest first, at most `limit`.
  Result<std::vector<OutboxEntry>> outbox(std::int64_t after_seq = 0, int limit = 1 << 30);
  // How many local changes wait to be sent.
  Result<std::int64_t> outbox_count();
  // Forgets outbox entries up to and including `seq` (the server has them).
  Status ack_outbox(std::int64_t seq);

  // Merges cells from another node: per cell, the greatest (hlc, node)
  // wins. Never captures. Idempotent: applying the same batch again changes
  // nothing. A rejected cell does not stop the others. The whole batch is
  // one transaction.
  Result<ApplyResult> apply_remote(const std::vector<RemoteCell>& cells, const ApplyOptions& options = {});
  // Removes rows the server withdrew from this node (another district's
  // story, unpublished): each row, a story's photos with it, their cells'
  // clocks and any change to them waiting to be sent — as if they had never
  // arrived, so the row can arrive again whole if it is published again.
  // Nothing of it is captured as a local change; unknown rows are skipped.
  // (A node holds photo bytes only of its own stories, never withdrawn.)
  Status forget_rows(const std::vector<std::pair<std::string, std::string>>& rows);

  Result<std::optional<CellClock>> cell_clock(const std::string& table, const std::string& pk,
                                              const std::string& column);
  // The last timestamp this node issued or saw.
  Result<Hlc> clock();

  Result<std::vector<Conflict>> conflicts(bool include_resolved = false);
  // Settles conflict `id`. keep_lost = false keeps the current value;
  // true writes the lost value back as a new local edit (captured, so it
  // syncs and wins everywhere). kNotFound for an unknown or settled id.
  Status resolve_conflict(std::int64_t id, bool keep_lost);

  // --- Photos -------------------------------------------------------------
  // Stores a photo unless one with the hash is there (idempotent). The
  // caller has checked that `info.hash` is the SHA-256 of `bytes`.
  // `queue_upload`: a photo taken here is queued for upload to the server;
  // one received from a peer is not.
  Status put_blob(const BlobInfo& info, const std::string& bytes, bool queue_upload = true);
  Result<std::optional<BlobInfo>> blob_info(const std::string& hash);
  Result<std::optional<std::string>> blob_bytes(const std::string& hash);
  // Hashes of photos added here and not yet confirmed by the server.
  Result<std::vector<std::string>> photos_to_upload();
  Status photo_uploaded(const std::string& hash);

  // --- Node configuration ---------------------------------------------------
  Result<std::optional<NodeConfig>> node_config();
  // Sets unit, role, server and token (keeps last_sync_at / last_error).
  Status set_node_config(const NodeConfig& config);
  // Records the outcome of a sync attempt: ok sets last_sync_at to now and
  // clears last_error; a failure sets last_error to its message.
  Status record_sync_outcome(const Status& outcome);

  // --- Lineage (a copied database is told apart; issue 9 row 13) ------------
  // The lineage the server last handed this node ("" before its first sync
  // under schema 4) and the attempt id of a sync sent and not yet answered
  // ("" when none).
  Result<std::pair<std::string, std::string>> node_lineage();
  // The attempt id to send with the next sync: the stored one while the
  // last attempt has no answer (the server may have merged it and moved the
  // lineage on), else a new random one, stored (committed) before returning.
  Result<std::string> sync_attempt();
  // Keeps the lineage the server answered with and clears the attempt. Call
  // in the transaction that applies that answer.
  Status set_node_lineage(const std::string& lineage);

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
  // Removes these outbox entries (sent and settled).
  Status drop_outbox(const std::vector<std::int64_t>& seqs);
  // Keeps a refused local change for the clerk to see.
  Status record_rejection(const OutboxEntry& entry, const std::string& reason);
  // How many refused changes are kept, and the latest reason.
  Result<std::pair<std::int64_t, std::string>> rejections();

  // --- Change feed ------------------------------------------------------------
  // Cells whose clock changed after `after_seq`, oldest first, at most
  // `limit`, with their current values.
  Result<std::vector<FeedCell>> changes_since(std::int64_t after_seq, int limit);
  // The same up to `up_to_seq` (inclusive), leaving out cells last written
  // by `exclude_node` (a node never needs its own writes back).
  Result<std::vector<FeedCell>> changes_since(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                              std::int64_t up_to_seq);
  // Every cell of one row (its `_row` cell included), with current values.
  Result<std::vector<FeedCell>> cells_of_row(const std::string& table, const std::string& pk);
  // Ids of the rows of `table` whose `column` equals `value`, ordered.
  Result<std::vector<std::string>> ids_where(const std::string& table, const std::string& column,
                                             const Value& value);
  // The newest feed sequence number (0 when empty).
  Result<std::int64_t> feed_head();
  // The pull position recorded for `peer` (0 when never pulled).
  Result<std::int64_t> cursor(const std::string& peer);
  Status set_cursor(const std::string& peer, std::int64_t cursor);

  // Every domain table as canonical JSON: keys sorted, rows by primary key,
  // photos by hash; byte-identical for identical contents.
  Result<std::string> export_json();

  // Folds the WAL into the database file and empties it (on shutdown).
  Status checkpoint();
  // Folds what it can without waiting for readers or blocking writers;
  // safe from another connection while this file is being written.
  Status checkpoint_passive();

  // "ok", or SQLite's list of problems.
  Result<std::string> integrity_check();

  // --- Central server ---------------------------------------------------------
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
  // Records a successful sync of `id` that left it at `cursor`.
  Status note_node_sync(const std::string& id, std::int64_t cursor);

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

  // Proof of possession (server_blob_holders): `unit_id` uploaded the
  // photo `hash` whole and its SHA-256 verified. Recording twice is fine.
  Status add_blob_holder(const std::string& hash, const std::string& unit_id);
  Result<bool> unit_holds_blob(const std::string& hash, const std::string& unit_id);
  // Whether a published story of `story_unit` may show photo `hash`: the
  // story's unit, or the unit of a province node, holds it. A district
  // naming another's hash in its own story thus publishes nothing.
  Result<bool> story_may_show_blob(const std::string& hash, const std::string& story_unit);

  Result<std::int64_t> audit_count();
  // The audit log of one table, oldest first.
  Result<std::vector<AuditEntry>> audit_of(const std::string& table);

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace thidua
