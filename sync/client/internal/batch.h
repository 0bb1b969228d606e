// Internal to sync/client: the outbox read into one push request, and the
// next request prepared (read, encoded, compressed up to its cells) while
// the previous one is in flight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "store/store.h"
#include "sync/client/internal/compress.h"
#include "sync/protocol/protocol.h"

namespace thidua::client_internal {

// Pending outbox entries folded to one cell each: the last value and stamp,
// the first base (the state before this node's run of edits).
struct Batch {
  SyncRequest request;
  std::vector<std::vector<OutboxEntry>> entries;  // per cell, the outbox entries it carries
  std::int64_t first_seq = 0, last_seq = 0;       // the outbox entries read (0 when none)
};

// The outbox entries after `after_seq`, in order, up to about `max_bytes`
// of request, never splitting one edit of one row.
Result<Batch> build_batch(Store& store, std::size_t max_bytes, std::int64_t after_seq = 0);

// A batch read and compressed ahead of its send: the request's head (its
// attempt, a fresh id stored only when the batch goes, and its cells) is in
// `body`; the tail, which the previous answer decides, is added at send time.
struct Prepared {
  Batch batch;
  std::size_t max_bytes = 0;  // the batch size it was read for
  BrotliStream body;
};

// The batch that follows `sent` once the server has it, prepared for a
// batch size of `max_bytes`; nothing when there is none or it is too small
// to be worth preparing. Reads the store: call it on the store's thread.
Result<std::optional<Prepared>> prepare_next(Store& store, const Batch& sent, std::size_t max_bytes);

}  // namespace thidua::client_internal
