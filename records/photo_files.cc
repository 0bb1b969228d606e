#include "records/internal/photo_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/hex.h"
#include "records/node.h"

namespace thidua::records_internal {
namespace {

Result<PhotoFile> read_photo(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Status::invalid("không tìm thấy tệp ảnh " + path);
  if (!fs::is_regular_file(status)) return Status::invalid(path + " không phải một tệp ảnh");
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::invalid("không đọc được tệp ảnh " + path + ": " + ec.message());
  // Checked before reading, so a huge file is never loaded into memory.
  if (size > kMaxPhotoBytes) {
    return Status::invalid("ảnh " + path + " lớn quá " + std::to_string(kMaxPhotoBytes >> 20) +
                           " MB (" + std::to_string(size) + " byte); hãy thu nhỏ ảnh rồi thử lại");
  }
  std::ifstream in(path, std::ios::binary);
  PhotoFile photo;
  photo.path = path;
  photo.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad() || !in.is_open()) return Status::invalid("không đọc được tệp ảnh " + path);
  if (photo.bytes.size() > kMaxPhotoBytes) {  // the file grew while we read it
    return Status::invalid("ảnh " + path + " lớn quá " + std::to_string(kMaxPhotoBytes >> 20) +
                           " MB");
  }
  // Data a camera put after a JPEG's end is not kept (nor sent, nor published).
  photo.bytes.resize(trim_image_trailer(photo.bytes).size());
  auto image = sniff_image(photo.bytes);
  if (!image) {
    return Status::invalid("tệp " + path +
                           " không phải ảnh JPEG, PNG hay WebP: " + image.status().message());
  }
  photo.info.hash = sha256_hex(photo.bytes);
  photo.info.mime = image->mime;
  photo.info.size = static_cast<std::int64_t>(photo.bytes.size());
  photo.info.width = image->width;
  photo.info.height = image->height;
  return photo;
}

}  // namespace

Result<std::vector<PhotoFile>> read_photos(const std::vector<std::string>& paths) {
  std::vector<PhotoFile> photos;
  for (const auto& path : paths) {
    THIDUA_ASSIGN_OR_RETURN(PhotoFile photo, read_photo(path));
    photos.push_back(std::move(photo));
  }
  return photos;
}

Status attach_photos(Store& store, const std::string& story_id,
                     const std::vector<PhotoFile>& photos, const std::string& alt,
                     std::int64_t first_ordinal) {
  std::int64_t ordinal = first_ordinal;
  for (const auto& photo : photos) {
    THIDUA_RETURN_IF_ERROR(store.put_blob(photo.info, photo.bytes));
    THIDUA_RETURN_IF_ERROR(store.write("story_photos", {{"id", random_id()},
                                                        {"story_id", story_id},
                                                        {"blob_hash", photo.info.hash},
                                                        {"alt", alt},
                                                        {"ordinal", ordinal++}}));
  }
  return Status::ok();
}

}  // namespace thidua::records_internal
