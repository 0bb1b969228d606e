// The logic of the photo routes (POST photos/missing, PUT and GET
// photos/<sha256>), apart from HTTP: the handlers in server.cc read the
// request, authenticate, take the database lock and call these.
//
// Proof of possession: a unit may receive a photo's bytes only when it
// uploaded them whole itself (server_blob_holders) or when a published
// story it may see shows them (authz.h, photo_readable). So `missing` asks a
// unit for every photo it has not proved it holds, even when the server has
// the bytes from someone else; the server keeps one copy of the bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sync/server/internal/authz.h"
#include "store/store.h"

namespace thidua {

// Unfinished uploads are forgotten this long after their last chunk: a
// district on a 2G link may take days over one photo, never two weeks.
constexpr std::int64_t kUploadMaxAgeMs = std::int64_t{14} * 24 * 3600 * 1000;
// How often a running server looks for stale uploads (also once at start).
constexpr std::int64_t kUploadPurgeEveryMs = std::int64_t{3600} * 1000;
// What one node may hold in unfinished uploads at once. The client sends
// one photo at a time, so only photos abandoned mid-way add up.
constexpr std::int64_t kMaxUploadsPerNode = 16;
constexpr std::int64_t kMaxUploadBytesPerNode = std::int64_t{64} << 20;

// An HTTP answer: status, body and its content type.
struct PhotoReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::string log;  // a detail for the request's log line, may be empty
  // An upload completed the bytes of a photo a published story shows
  // (public_change.h): the public site changed.
  bool public_photo = false;
};

// Which of `hashes` `who` must upload, each with the offset its own upload
// stands at.
PhotoReply photos_missing(Store& store, const Principal& who,
                          const std::vector<std::string>& hashes);

// One chunk of `who`'s upload of `hash`: `bytes` at `offset` of `total`.
// The last chunk verifies the SHA-256 and the image structure, keeps the
// bytes if the server lacks them, and makes `who`'s unit a holder.
PhotoReply photo_put(Store& store, const Principal& who, const std::string& hash,
                     std::int64_t offset, std::int64_t total, std::string_view bytes);

// The bytes of `hash` if `who` may have them (404 otherwise, the same as
// for a photo the server lacks: no oracle), served with nosniff.
PhotoReply photo_get(Store& store, const Principal& who, const std::string& hash);

// Purges stale uploads when the last purge is kUploadPurgeEveryMs old;
// `last_purge_ms` is the caller's memory of it (0: never).
Status purge_uploads_if_due(Store& store, std::int64_t now_ms, std::int64_t& last_purge_ms);

}  // namespace thidua
