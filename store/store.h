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
//
// This header is what every node and the server share: rows, capture and
// the outbox, the merge, the change feed, conflicts, photos, export. What
// only a node does is in store/node_store.h (NodeStore), what only the
// central server does in store/server_store.h (ServerStore): views over
// the same open Store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "store/hlc.h"
#include "store/value.h"

namespace thidua {

// The newest schema version this build knows.
int latest_schema_version();
// The oldest schema whose synced tables, cell format and node tables
// (sync_*) are the latest's: a node at it syncs with this build's server as
// it is, and a reader of only those tables reads it as it is. The previous
// version (issue 11: districts upgrade over weeks, the server first).
int oldest_compatible_schema_version();

// The page size of a database thidua creates (an existing one keeps its own).
inline constexpr int kPageSizeBytes = 16 * 1024;

struct OpenOptions {
  // Create the file when missing. When false, a missing file is kNotFound.
  bool create = true;
  // Open read-only: no migration, no writes; the schema must be current.
  bool read_only = false;
  // With read_only: also open a file at oldest_compatible_schema_version()
  // or later, for readers of the synced tables and the node's own tables
  // only (export, node status); they read an older file as it is, which
  // stays unchanged. Not for readers of the server's own tables (the site
  // reads the audit log, which migration 5 changed).
  bool read_compatible_schema = false;
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

// One cell of a row's clock record: its column (or kRowColumn), its clock
// and its number in the change feed.
struct CellStamp {
  std::string column;
  CellClock clock;
  std::int64_t seq = 0;
};
using RowClocks = std::vector<CellStamp>;

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
  // The cells' text was decoded from JSON, whose decoders refuse what is
  // not UTF-8: the merge does not check it again (check_value).
  bool utf8_known = false;
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

// One entry of the change feed: a cell whose clock changed at `seq`, with
// the value the table holds now (for `_row`: 1 when the row exists).
struct FeedCell {
  std::int64_t seq = 0;
  RemoteCell cell;
};

// A row a page of the feed names, read once for the page (Store::feed_page).
struct FeedRow {
  std::string table, pk;
  // The row's values now, in the order of its table's TableSpec::columns;
  // nullopt once the row is deleted.
  std::optional<std::vector<Value>> values;
  // Every cell of the row in feed order, as cells_of_row gives them.
  RowClocks cells;

  // The value the feed gives for `column` of this row (kRowColumn: 1 while
  // the row exists, 0 once deleted; NULL for every column of a deleted
  // row); nullptr when the table has no such column.
  const Value* value(std::string_view column) const;
};

// A page of the feed with each row it names read once: for a reader that
// judges a cell by its row, or sends a row's other cells along, without
// reading the row again (the server's pull).
struct FeedPage {
  std::vector<FeedCell> cells;      // exactly what changes_since gives
  std::vector<std::size_t> row_of;  // cells[i] is a cell of rows[row_of[i]]
  std::vector<FeedRow> rows;        // each row with a cell in the page
};

class Store {
 public:
  // Opens (creating when asked) the database at `path` and migrates it to
  // the latest schema. Before a migration changes an existing file, the
  // file is copied beside itself as `<path>.bak-v<N>` (N: its version then;
  // `-2`, `-3`... added when taken, an existing copy is never replaced);
  // if the copy fails, nothing is migrated and the open fails. Fails with
  // kConflict when the file's schema is newer than this build (or, read
  // only, older than it can read), kCorrupt when it is not a thidua database.
  static Result<std::unique_ptr<Store>> open(const std::string& path, OpenOptions options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  // The copy this open took before migrating (`<path>.bak-v<N>`), or ""
  // when it migrated nothing.
  const std::string& upgrade_copy() const;
  // This database's node id, made once when the file is created.
  const std::string& node_id() const;
  // The path it was opened with (":memory:" for a database in memory): files
  // a node keeps beside its database (records/: picked photos' originals).
  const std::string& path() const;

  // Runs `body` in one transaction: commits when it returns ok, rolls back
  // (undoing its captured changes too) otherwise. A nested call joins the
  // transaction already open; if its body fails, the whole transaction is
  // rolled back at the end, whatever the outer body returns. (Savepoints
  // made SQLite copy every page a statement touched to a side journal:
  // most of the time of a large merge.)
  Status transaction(const std::function<Status()>& body);
  // Runs several independent bodies in one transaction with one commit
  // (group commit: one fsync for many small writers). Each body runs in a
  // savepoint of its own: one that fails (or whose nested transaction
  // fails) is undone alone and its status lands in (*each)[i]; the others
  // stand. Returns the commit's status: when it fails nothing of any body
  // is kept, and every (*each)[i] that was ok becomes that failure. For
  // small bodies only: a savepoint makes SQLite journal every page a
  // statement touches.
  Status transaction_group(const std::vector<std::function<Status()>>& bodies, std::vector<Status>* each);
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
  // One column of the row with this id (a null Value when the column is
  // NULL), or nullopt when there is no such row; reads that column alone
  // (the server's checks ask one column of each row a sync touches).
  // kInvalid for an unknown table or column.
  Result<std::optional<Value>> get_value(const std::string& table, const std::string& id, std::string_view column);
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
  // The same for the rows whose `column` equals `value` only, as (id,
  // number) pairs in no set order; 0 for a row without cells. Reads the
  // cells of those rows alone: a unit's 2,000 stories among 10,000 cost a
  // fifth of row_versions (issue 12's 50 ms for the stories list).
  Result<std::vector<std::pair<std::string, std::int64_t>>> row_versions_where(
      const std::string& table, const std::string& column, const Value& value);

  // Local changes with seq > after_seq, oldest first, at most `limit`.
  Result<std::vector<OutboxEntry>> outbox(std::int64_t after_seq = 0, int limit = 1 << 30);
  // How many local changes (cells) wait to be sent.
  Result<std::int64_t> outbox_count();
  // The rows those changes touch, each once, by table then id: what a clerk
  // counts as "changes" (one report, one story), not its cells.
  Result<std::vector<std::pair<std::string, std::string>>> outbox_rows();
  // Forgets outbox entries up to and including `seq` (the server has them).
  Status ack_outbox(std::int64_t seq);

  // Merges cells from another node: per cell, the greatest (hlc, node)
  // wins. Never captures. Idempotent: applying the same batch again changes
  // nothing. A rejected cell does not stop the others. The whole batch is
  // one transaction.
  Result<ApplyResult> apply_remote(const std::vector<RemoteCell>& cells, const ApplyOptions& options = {});

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


  // --- Change feed ------------------------------------------------------------
  // Cells whose clock changed after `after_seq`, oldest first, at most
  // `limit`, with their current values.
  Result<std::vector<FeedCell>> changes_since(std::int64_t after_seq, int limit);
  // The same up to `up_to_seq` (inclusive), leaving out cells last written
  // by `exclude_node` (a node never needs its own writes back); an empty
  // `exclude_node` leaves out nothing (a new copy of a node, issue 11).
  Result<std::vector<FeedCell>> changes_since(std::int64_t after_seq, int limit, const std::string& exclude_node,
                                              std::int64_t up_to_seq);
  // changes_since(after_seq, limit, exclude_node, up_to_seq) with the rows
  // its cells belong to.
  Result<FeedPage> feed_page(std::int64_t after_seq, int limit, const std::string& exclude_node,
                             std::int64_t up_to_seq);
  // Every cell of one row (its `_row` cell included), with current values.
  Result<std::vector<FeedCell>> cells_of_row(const std::string& table, const std::string& pk);
  // Ids of the rows of `table` whose `column` equals `value`, ordered; the
  // first `limit` of them when limit >= 0 (SQLite stops reading there).
  Result<std::vector<std::string>> ids_where(const std::string& table, const std::string& column,
                                             const Value& value, std::int64_t limit = -1);
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


  struct Impl;

 private:
  // The node's and the server's own surfaces (store/node_store.h,
  // store/server_store.h) share this store's connection.
  friend class NodeStore;
  friend class ServerStore;

  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace thidua
