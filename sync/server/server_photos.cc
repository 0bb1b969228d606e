#include "sync/server/internal/server_photos.h"

#include "common/hex.h"
#include "photo/document.h"
#include "photo/photo.h"
#include "sync/server/internal/public_change.h"
#include "sync/protocol/protocol.h"
#include "store/server_store.h"

namespace thidua {
namespace {

PhotoReply error(int status, const std::string& message) {
  return PhotoReply{status, encode_error(message), "application/json", {}};
}

PhotoReply offset_reply(int status, std::int64_t offset, bool done) {
  return PhotoReply{status, encode_upload_offset(offset, done), "application/json", {}};
}

// Whether `who`'s unit has proved it holds `hash` (and the server has it).
Result<bool> held_by_unit(Store& store, const Principal& who, const std::string& hash) {
  auto info = store.blob_info(hash);
  if (!info) return info.status();
  if (!*info) return false;
  return ServerStore(store).unit_holds_blob(hash, who.unit_id);
}

// Room for `more` bytes of a new or continued upload of this node.
PhotoReply check_quota(Store& store, const Principal& who, bool starting, std::size_t more) {
  auto usage = ServerStore(store).upload_usage(who.node_id);
  if (!usage) return error(500, usage.status().message());
  if (starting && usage->uploads >= kMaxUploadsPerNode) {
    return error(429, "máy đang có " + std::to_string(usage->uploads) +
                          " ảnh gửi dở trên máy chủ (tối đa " + std::to_string(kMaxUploadsPerNode) +
                          "); hãy gửi xong các ảnh đó, ảnh gửi dở quá 14 ngày sẽ bị xoá");
  }
  if (usage->bytes + static_cast<std::int64_t>(more) > kMaxUploadBytesPerNode) {
    return error(413, "ảnh gửi dở của máy đã chiếm " + std::to_string(usage->bytes >> 20) +
                          " MB trên máy chủ (tối đa " +
                          std::to_string(kMaxUploadBytesPerNode >> 20) +
                          " MB); hãy gửi xong các ảnh đó, ảnh gửi dở quá 14 ngày sẽ bị xoá");
  }
  return PhotoReply{};
}

// The whole upload is in: verify it, keep it, record the holder.
PhotoReply finish_upload(Store& store, const Principal& who, const std::string& hash,
                         std::int64_t total) {
  auto data = ServerStore(store).upload_data(who.node_id, hash);
  // Complete or bad, this node's upload starts over; no other node's moves.
  Status dropped = ServerStore(store).drop_upload(who.node_id, hash);
  if (!data) return error(500, data.status().message());
  if (!dropped.is_ok()) return error(500, dropped.message());
  if (!*data) return error(500, "upload vanished");
  if (sha256_hex(**data) != hash) return error(422, "nội dung ảnh không khớp mã băm; hãy gửi lại");
  // A story's photo or a dossier's document (issue 13): the same queue.
  BlobInfo info{hash, "", total, {}, {}};
  if (auto image = sniff_image(**data)) {
    info = BlobInfo{hash, image->mime, total, image->width, image->height};
  } else if (auto document = sniff_document(**data)) {
    info = BlobInfo{hash, document->mime, total, document->width, document->height};
  } else {
    return error(422, "tệp không phải ảnh JPEG, PNG, WebP hay tài liệu PDF hợp lệ: " + image.status().message());
  }
  bool shown = false;
  Status kept = store.transaction([&]() -> Status {
    auto have = store.blob_info(hash);
    if (!have) return have.status();
    if (!*have) {
      THIDUA_RETURN_IF_ERROR(store.put_blob(info, **data, /*queue_upload=*/false));
      auto published = photo_public(store, hash);
      if (!published) return published.status();
      shown = *published;
    }
    return ServerStore(store).add_blob_holder(hash, who.unit_id);
  });
  if (!kept.is_ok()) return error(500, kept.message());
  PhotoReply done = offset_reply(200, total, true);
  done.public_photo = shown;
  return done;
}

}  // namespace

PhotoReply photos_missing(Store& store, const Principal& who,
                          const std::vector<std::string>& hashes) {
  std::vector<MissingPhoto> missing;
  for (const auto& h : hashes) {
    auto held = held_by_unit(store, who, h);
    if (!held) return error(500, held.status().message());
    if (*held) continue;
    auto offset = ServerStore(store).upload_offset(who.node_id, h);
    if (!offset) return error(500, offset.status().message());
    missing.push_back({h, *offset});
  }
  return PhotoReply{200, encode_missing(missing), "application/json", {}};
}

PhotoReply photo_put(Store& store, const Principal& who, const std::string& hash,
                     std::int64_t offset, std::int64_t total, std::string_view bytes) {
  if (total <= 0 || total > static_cast<std::int64_t>(kMaxPhotoBytes)) {
    return error(413, "ảnh phải từ 1 byte đến " + std::to_string(kMaxPhotoBytes) + " byte");
  }
  const auto size = static_cast<std::int64_t>(bytes.size());
  if (offset < 0 || bytes.empty() || offset > total - size) {
    return error(400, "đoạn ảnh nằm ngoài kích thước đã khai");
  }
  auto held = held_by_unit(store, who, hash);
  if (!held) return error(500, held.status().message());
  if (*held) return offset_reply(200, total, true);
  auto at = ServerStore(store).upload_offset(who.node_id, hash);
  if (!at) return error(500, at.status().message());
  if (*at != offset) return offset_reply(409, *at, false);
  PhotoReply room = check_quota(store, who, /*starting=*/*at == 0, bytes.size());
  if (room.status != 200) return room;
  Status appended = ServerStore(store).append_upload(who.node_id, hash, total, offset, std::string(bytes));
  if (appended.code() == Status::Code::kConflict) {
    // The declared total changed mid-way: this node's upload starts over.
    Status dropped = ServerStore(store).drop_upload(who.node_id, hash);
    if (!dropped.is_ok()) return error(500, dropped.message());
    return offset_reply(409, 0, false);
  }
  if (!appended.is_ok()) return error(500, appended.message());
  const std::int64_t now_at = offset + size;
  PhotoReply reply =
      now_at < total ? offset_reply(200, now_at, false) : finish_upload(store, who, hash, total);
  reply.log =
      "photo=" + hash.substr(0, 12) + " at=" + std::to_string(now_at) + "/" + std::to_string(total);
  return reply;
}

PhotoReply photo_get(Store& store, const Principal& who, const std::string& hash) {
  auto allowed = photo_readable(store, who, hash);
  if (!allowed) return error(500, allowed.status().message());
  if (!*allowed) return error(404, "không có ảnh này");
  auto info = store.blob_info(hash);
  auto bytes = store.blob_bytes(hash);
  if (!info || !bytes) return error(500, "không đọc được ảnh");
  if (!*info || !*bytes) return error(404, "không có ảnh này");
  return PhotoReply{200, std::move(**bytes), (*info)->mime, {}};
}

Status purge_uploads_if_due(Store& store, std::int64_t now_ms, std::int64_t& last_purge_ms) {
  if (last_purge_ms != 0 && now_ms - last_purge_ms < kUploadPurgeEveryMs) return Status::ok();
  auto purged = ServerStore(store).purge_stale_uploads(kUploadMaxAgeMs);
  if (!purged) return purged.status();
  last_purge_ms = now_ms;
  return Status::ok();
}

}  // namespace thidua
