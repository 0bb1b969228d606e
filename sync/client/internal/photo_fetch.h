// Internal to sync/client: a new copy of a node fetching the photos of its
// own unit's stories, which an earlier machine of the node added and
// uploaded (issue 11: a replacement PC gets everything, drafts included),
// and a province node fetching the photos of the stories it reviews and
// publishes (issue 12).
#pragma once

#include "sync/client/client.h"
#include "sync/client/internal/http.h"

namespace thidua::client_internal {

// Downloads every photo of this unit's stories that the copy lacks
// (NodeStore::own_photos_missing) from GET /api/v1/photos/<hash>, each
// answer read up to kMaxPhotoBytes. Kept only when its bytes hash to the
// name asked for and are a JPEG, PNG or WebP; anything else is recorded for
// the clerk as refused from the server. A photo the server does not have
// (404) is skipped and asked for again at the next sync. Kept photos are
// not queued for upload: the server has them.
Status fetch_own_photos(Store& store, Http& http, Pacer& pacer, SyncReport* report);

// For a province node: the same, for at most `per_sync` photos of any
// unit's submitted, approved or published stories that this copy lacks
// (NodeStore::review_photos_missing, drafts never), counted in
// SyncReport::review_photos_downloaded. The rest, and those the server
// does not have, are asked for at later syncs.
Status fetch_review_photos(Store& store, Http& http, Pacer& pacer, int per_sync, SyncReport* report);

// The dossier documents of the nominations this copy holds that it lacks
// (NodeStore::documents_missing: a province's of every unit, a district's
// of its own), at most `per_sync` of them, by the same path and checks,
// the bytes a PDF, JPEG or PNG (photo/document.h); counted in
// SyncReport::documents_downloaded.
Status fetch_documents(Store& store, Http& http, Pacer& pacer, int per_sync, SyncReport* report);

}  // namespace thidua::client_internal
