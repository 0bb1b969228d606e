// Internal to sync/client: sending the node's photos after its cells.
#pragma once

#include "sync/client/client.h"
#include "sync/client/internal/http.h"

namespace thidua::client_internal {

// Uploads every photo waiting in the node's photo outbox, in chunks of
// o.photo_chunk_bytes from where the server says it stands, halving the
// chunk after a failure and asking again. A photo the server refuses (422)
// is recorded for the clerk and not retried; one the server already has is
// not sent. Each photo leaves the outbox once settled.
Status upload_photos(Store& store, Http& http, const ClientOptions& o, Pacer& pacer, SyncReport* report);

}  // namespace thidua::client_internal
