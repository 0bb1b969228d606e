// POST /api/v1/photos/missing, PUT and GET /api/v1/photos/<sha256>: HTTP in
// and out here, the logic in server_photos.cc.
#include "sync/server/internal/server_impl.h"

#include <cstdint>
#include <optional>
#include <string>

#include "common/parse.h"
#include "photo/photo.h"
#include "sync/protocol/protocol.h"

namespace thidua {

using server_internal::refuse_unread;
using server_internal::reply_error;
using server_internal::t_note;

void Server::Impl::reply_photo(httplib::Response& res, PhotoReply reply) {
  res.status = reply.status;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(std::move(reply.body), reply.content_type);
  if (!reply.log.empty()) t_note.detail = reply.log;
}

void Server::Impl::photos_missing(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
  auto who = authenticate_locked(req, res);
  if (!who) return;
  auto body = read_body(req, res, reader, opt.max_body_bytes, opt.max_decompressed_bytes);
  if (!body) return;
  auto hashes = decode_hash_list(*body);
  if (!hashes) return reply_error(res, 400, "yêu cầu không hợp lệ: " + hashes.status().message());
  std::lock_guard lock(db_mu);
  reply_photo(res, thidua::photos_missing(*store, *who, *hashes));
}

void Server::Impl::photo_put(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
  auto who = authenticate_locked(req, res);
  if (!who) return;
  const std::string hash = req.matches[1];
  const std::optional<std::int64_t> offset_param = parse_int64(req.get_param_value("offset"));
  const std::optional<std::int64_t> total_param = parse_int64(req.get_param_value("total"));
  if (!offset_param || !total_param) return refuse_unread(res, 400, "thiếu hoặc sai tham số offset/total");
  const std::int64_t offset = *offset_param, total = *total_param;
  if (total <= 0 || total > static_cast<std::int64_t>(kMaxPhotoBytes)) {
    return refuse_unread(res, 413, "ảnh phải từ 1 byte đến " + std::to_string(kMaxPhotoBytes) + " byte");
  }
  auto chunk = read_body(req, res, reader, kMaxPhotoBytes + kMaxHeaderBytes, kMaxPhotoBytes);
  if (!chunk) return;
  PhotoReply reply;
  {
    std::lock_guard lock(db_mu);
    if (Status purged = purge_uploads_if_due(*store, now_ms(), last_upload_purge_ms); !purged.is_ok()) {
      return reply_error(res, 500, purged.message());
    }
    reply = thidua::photo_put(*store, *who, hash, offset, total, *chunk);
  }
  const bool shown = reply.public_photo;
  reply_photo(res, std::move(reply));
  if (shown && opt.on_public_change) {
    metrics.count_public_change();
    opt.on_public_change();
  }
}

void Server::Impl::photo_get(const httplib::Request& req, httplib::Response& res) {
  const std::string hash = req.matches[1];
  std::lock_guard lock(db_mu);
  auto who = authenticate(req, res);
  if (!who) return;
  reply_photo(res, thidua::photo_get(*store, *who, hash));
}

}  // namespace thidua
