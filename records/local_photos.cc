#include "records/local_photos.h"

#include "common/hex.h"
#include "photo/photo.h"

namespace thidua {

Result<LocalPhoto> local_photo(Store& store, const std::string& hash) {
  if (!is_sha256_hex(hash)) {
    return Status::invalid("mã ảnh phải gồm 64 chữ số hex viết thường (không phải \"" +
                           hash.substr(0, 80) + "\")");
  }
  auto bytes = store.blob_bytes(hash);
  if (!bytes) return bytes.status();
  if (!*bytes) return Status::not_found("máy này chưa có ảnh " + hash.substr(0, 12));
  // Served as immutable under its hash for a year: the bytes must be the
  // ones the hash names, whatever the database file went through.
  if (sha256_hex(**bytes) != hash) {
    return Status::corrupt("ảnh " + hash.substr(0, 12) + " trong cơ sở dữ liệu không khớp mã băm");
  }
  auto image = sniff_image(**bytes);
  if (!image) {
    return Status::corrupt("ảnh " + hash.substr(0, 12) +
                           " trong cơ sở dữ liệu không phải ảnh JPEG, PNG hay WebP: " +
                           image.status().message());
  }
  return LocalPhoto{image->mime, std::move(**bytes)};
}

Result<bool> photo_present(Store& store, const std::string& hash) {
  if (!is_sha256_hex(hash)) return false;
  auto info = store.blob_info(hash);
  if (!info) return info.status();
  return info->has_value();
}

}  // namespace thidua
