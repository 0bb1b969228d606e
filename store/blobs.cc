// Store: photos, content-addressed.
#include "store/internal/store_impl.h"

namespace thidua {

Status Store::put_blob(const BlobInfo& info, const std::string& bytes, bool queue_upload) {
  auto st = impl_->cached("INSERT INTO blobs (hash, mime, size, width, height, bytes) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING");
  if (!st) return st.status();
  st->bind(1, info.hash).bind(2, info.mime).bind(3, static_cast<std::int64_t>(bytes.size()));
  info.width ? st->bind(4, *info.width) : st->bind_null(4);
  info.height ? st->bind(5, *info.height) : st->bind_null(5);
  st->bind_blob(6, bytes);
  THIDUA_RETURN_IF_ERROR(st->run());
  if (!queue_upload) return Status::ok();
  auto q = impl_->cached("INSERT OR IGNORE INTO sync_photo_outbox (hash) VALUES (?)");
  if (!q) return q.status();
  q->bind(1, info.hash);
  return q->run();
}

Result<std::optional<BlobInfo>> Store::blob_info(const std::string& hash) {
  auto st = impl_->cached("SELECT hash, mime, size, width, height FROM blobs WHERE hash = ?");
  if (!st) return st.status();
  st->bind(1, hash);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<BlobInfo>();
  BlobInfo b;
  b.hash = st->text(0);
  b.mime = st->text(1);
  b.size = st->int64(2);
  if (!st->is_null(3)) b.width = st->int64(3);
  if (!st->is_null(4)) b.height = st->int64(4);
  return std::optional<BlobInfo>(std::move(b));
}

Result<std::optional<std::string>> Store::blob_bytes(const std::string& hash) {
  auto st = impl_->cached("SELECT bytes FROM blobs WHERE hash = ?");
  if (!st) return st.status();
  st->bind(1, hash);
  auto row = st->step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st->blob(0));
}

}  // namespace thidua
