// The node side of sync: bootstrap a copy, then push and pull until both
// sides agree, over a link that may drop at any moment.
//
// Safe to interrupt anywhere: the outbox is acknowledged and the pull
// cursor advanced only in the local transaction that applies the server's
// answer, and the server treats a batch it has seen as a no-op. So a retry
// after a cut link — or after the node was killed — resends, and nothing is
// lost or applied twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sync/protocol/protocol.h"
#include "store/store.h"

namespace thidua {

struct SyncProgress {
  std::int64_t cells_sent = 0, cells_to_send = 0;
  std::int64_t cells_received = 0;
  std::int64_t photo_bytes_sent = 0, photo_bytes_to_send = 0;
};

struct ClientOptions {
  int connect_timeout_s = 10;
  int io_timeout_s = 30;
  // Push batches are bounded in (uncompressed) bytes and adapt to the link:
  // they double after a success and halve after a failure.
  std::size_t batch_bytes = 512u << 10;
  std::size_t min_batch_bytes = 4u << 10;
  std::size_t max_batch_bytes = 4u << 20;
  std::size_t photo_chunk_bytes = 64u << 10;
  int pull_limit = 0;  // 0: the server's default
  // Ask for the next page of a long pull while the node settles the current
  // one (sync/client/internal/pull_ahead.h); off, the pages go strictly one
  // after the other, as before issue 10 (tests compare the two).
  bool pull_ahead = true;
  // Send the next push batch as soon as an answer that only acknowledges
  // the last arrives, and settle that answer while the next is in flight
  // (CellSync::may_settle_in_flight); off, each answer is settled first.
  bool settle_in_flight = true;
  // The most bytes of one answer the node reads (after decompression): a
  // larger sync answer is dropped and asked for again with fewer cells.
  std::size_t max_answer_bytes = 256u << 20;
  // Attempts per request before giving up, with jittered exponential
  // backoff between them (base doubles up to max).
  int max_attempts = 6;
  int backoff_base_ms = 500;
  int backoff_max_ms = 30'000;
  // Photos of stories to review a province node asks for per sync (issue
  // 12): each answer may be kMaxPhotoBytes, and a 2G link must not spend a
  // whole sync on them; the rest come at the next syncs.
  int review_photos_per_sync = 16;
  std::function<void(int ms)> sleep;  // tests make waiting instant
  std::function<void(const SyncProgress&)> on_progress;
};

struct SyncReport {
  int requests = 0;
  int retries = 0;
  std::int64_t bytes_sent = 0, bytes_received = 0;  // bodies as sent (compressed)
  std::int64_t cells_pushed = 0, cells_rejected = 0, cells_pulled = 0;
  int photos_uploaded = 0;
  int photos_downloaded = 0;  // this unit's photos a new copy lacked (issue 11)
  // Dossier documents of the nominations this copy holds that it lacked
  // (issue 13): a province's of every unit, a new copy's of its own unit.
  int documents_downloaded = 0;
  int review_photos_downloaded = 0;  // a province's: photos of stories it reviews (issue 12)
  int conflicts = 0;
  std::int64_t rows_withdrawn = 0;  // others' stories unpublished: forgotten here
  std::vector<std::string> rejections;  // "table id column: reason"
  // What this node refused of the server's answers (issue 9 row 12): cells
  // too far in the future or claiming to be this node's own writes, and
  // retractions of this unit's stories. Also kept in the database
  // (NodeStore::rejections, shown by `thidua node status`).
  std::vector<std::string> refused;
  // The server was found restored from a backup (issue 11 item 3): how
  // often (at most once per sync), and how many cells of this node's own
  // were queued to be sent again.
  int restarts = 0;
  std::int64_t cells_requeued = 0;
};

// How far the server's clock may be from this machine's before a node
// refuses to adopt it: beyond it, a sync stops and asks for the PC's clock
// to be set (a server, or someone between it and the node, claiming a far
// future would otherwise let far-future cells in).
constexpr std::int64_t kMaxServerClockSkewMs = 2LL * 24 * 3600 * 1000;

// Asks the server who it is and who the token belongs to.
Result<HelloResponse> fetch_hello(const std::string& server_url, const std::string& token,
                                  const ClientOptions& options = {});

// Creates the node database at `db_path` (refusing an existing file),
// bound to the node the token names, and pulls everything it may see.
// On failure no database file is left.
Result<SyncReport> init_node(const std::string& db_path, const std::string& server_url,
                             const std::string& token, const ClientOptions& options = {});

// Pushes every pending cell and photo, pulls every change, until nothing is
// left. Records the outcome (last sync time or last error) in the store.
Result<SyncReport> sync_node(Store& store, const ClientOptions& options = {});

}  // namespace thidua
