#include "sync/client/internal/photo_fetch.h"

#include "common/hex.h"
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

// The bytes of `hash` as the server sent them, kept when they are what was
// asked for.
Status keep_photo(Store& store, const std::string& hash, const std::string& bytes, SyncReport* report) {
  if (sha256_hex(bytes) != hash) return refuse_photo(store, hash, "ảnh không khớp mã băm", report);
  auto image = sniff_image(bytes);
  if (!image) return refuse_photo(store, hash, "không phải ảnh: " + image.status().message(), report);
  BlobInfo info{hash, image->mime, static_cast<std::int64_t>(bytes.size()), image->width, image->height};
  THIDUA_RETURN_IF_ERROR(store.put_blob(info, bytes, /*queue_upload=*/false));
  ++report->photos_downloaded;
  return Status::ok();
}

}  // namespace

Status fetch_own_photos(Store& store, Http& http, Pacer& pacer, SyncReport* report) {
  auto missing = NodeStore(store).own_photos_missing();
  if (!missing) return missing.status();
  for (const auto& hash : *missing) {
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
    THIDUA_RETURN_IF_ERROR(keep_photo(store, hash, x.body, report));
  }
  return Status::ok();
}

}  // namespace thidua::client_internal
