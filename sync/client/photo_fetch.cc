#include "sync/client/internal/photo_fetch.h"

#include <algorithm>

#include "common/hex.h"
#include "photo/document.h"
#include "photo/photo.h"
#include "store/node_store.h"

namespace thidua::client_internal {
namespace {

const char* const kWhat = "tải ảnh";

// GET of one photo, read up to kMaxPhotoBytes: a server cannot make the
// node hold more than the largest photo a story may carry.
Exchange get_photo(Http& http, const std::string& hash, SyncReport* report) {
  Exchange x;
  auto res = http.client->Get(
      "/api/v1/photos/" + hash, headers(http, false),
      [&](const char* data, std::size_t n) { return x.take(data, n, kMaxPhotoBytes); });
  x.finish(res, report);
  return x;
}

// Keeps a refused answer for the clerk, as client_trust does for cells.
Status refuse_photo(Store& store, const std::string& hash, const std::string& why, SyncReport* report) {
  OutboxEntry e;
  e.table = "blobs";
  e.pk = hash;
  e.column = "bytes";
  const std::string reason = "không nhận từ máy chủ: " + why;
  THIDUA_RETURN_IF_ERROR(NodeStore(store).record_rejection(e, reason));
  report->refused.push_back("ảnh " + hash.substr(0, 12) + ": " + reason);
  return Status::ok();
}

// The bytes of `hash` as the server sent them, kept (and counted in
// `*kept`) when they are what was asked for.
Status keep_photo(Store& store, const std::string& hash, const std::string& bytes, int* kept, SyncReport* report) {
  if (sha256_hex(bytes) != hash) return refuse_photo(store, hash, "ảnh không khớp mã băm", report);
  // A photo, or a dossier's PDF (the same queue moves both, by hash).
  BlobInfo info{hash, "", static_cast<std::int64_t>(bytes.size()), {}, {}};
  if (auto image = sniff_image(bytes)) {
    info.mime = image->mime;
    info.width = image->width;
    info.height = image->height;
  } else if (auto document = sniff_document(bytes)) {
    info.mime = document->mime;
  } else {
    return refuse_photo(store, hash, "không phải ảnh hay tài liệu: " + image.status().message(), report);
  }
  THIDUA_RETURN_IF_ERROR(store.put_blob(info, bytes, /*queue_upload=*/false));
  ++*kept;
  return Status::ok();
}

// Asks for each of `hashes`: the one fetching path of both kinds of
// photos, with the checks of fetch_own_photos' contract.
Status fetch_photos(Store& store, Http& http, Pacer& pacer, const std::vector<std::string>& hashes, int* kept,
                    SyncReport* report) {
  for (const auto& hash : hashes) {
    Exchange x = get_photo(http, hash, report);
    while (x.retryable()) {
      if (!pacer.wait_after_failure(report)) return http_failure(x, kWhat);
      x = get_photo(http, hash, report);
    }
    if (x.too_big) {
      THIDUA_RETURN_IF_ERROR(refuse_photo(store, hash, "ảnh lớn quá " + std::to_string(kMaxPhotoBytes >> 20) +
                                                           " MiB", report));
      continue;
    }
    if (x.status == 404) continue;  // not on the server (yet): asked again next time
    if (x.status != 200) return http_failure(x, kWhat);
    pacer.succeeded();
    THIDUA_RETURN_IF_ERROR(keep_photo(store, hash, x.body, kept, report));
  }
  return Status::ok();
}

}  // namespace

Status fetch_own_photos(Store& store, Http& http, Pacer& pacer, SyncReport* report) {
  auto missing = NodeStore(store).own_photos_missing();
  if (!missing) return missing.status();
  return fetch_photos(store, http, pacer, *missing, &report->photos_downloaded, report);
}

Status fetch_review_photos(Store& store, Http& http, Pacer& pacer, int per_sync, SyncReport* report) {
  auto missing = NodeStore(store).review_photos_missing();
  if (!missing) return missing.status();
  const auto bound = static_cast<std::size_t>(std::max(per_sync, 0));
  if (missing->size() > bound) missing->resize(bound);
  return fetch_photos(store, http, pacer, *missing, &report->review_photos_downloaded, report);
}

Status fetch_documents(Store& store, Http& http, Pacer& pacer, int per_sync, SyncReport* report) {
  auto missing = NodeStore(store).documents_missing();
  if (!missing) return missing.status();
  const auto bound = static_cast<std::size_t>(std::max(per_sync, 0));
  if (missing->size() > bound) missing->resize(bound);
  return fetch_photos(store, http, pacer, *missing, &report->documents_downloaded, report);
}

}  // namespace thidua::client_internal
