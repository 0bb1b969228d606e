#include "records/internal/photo_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/hex.h"
#include "photo/downscale.h"
#include "records/node.h"

namespace thidua::records_internal {
namespace {

Status too_large(const std::string& name, std::uintmax_t size) {
  return Status::invalid("ảnh " + name + " lớn quá " + std::to_string(kMaxPhotoBytes >> 20) + " MB (" +
                         std::to_string(size) + " byte); hãy thu nhỏ ảnh rồi thử lại");
}

Result<std::string> read_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Status::invalid("không tìm thấy tệp ảnh " + path);
  if (!fs::is_regular_file(status)) return Status::invalid(path + " không phải một tệp ảnh");
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::invalid("không đọc được tệp ảnh " + path + ": " + ec.message());
  // Checked before reading, so a huge file is never loaded into memory.
  if (size > kMaxPhotoBytes) return too_large(path, size);
  std::ifstream in(path, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
  if (in.bad() || !in.is_open()) return Status::invalid("không đọc được tệp ảnh " + path);
  if (bytes.size() > kMaxPhotoBytes) return too_large(path, bytes.size());  // it grew while we read
  return bytes;
}

Result<PhotoFile> prepare(const std::string& name, std::string original) {
  if (original.size() > kMaxPhotoBytes) return too_large(name, original.size());
  // Data a camera put after a JPEG's end is not kept (nor sent, nor published).
  const std::string_view whole = trim_image_trailer(original);
  auto image = sniff_image(whole);
  if (!image) {
    return Status::invalid("tệp " + name + " không phải ảnh JPEG, PNG hay WebP: " + image.status().message());
  }
  auto small = downscale_photo(whole);
  if (!small) return small.status().with_context("ảnh " + name);
  PhotoFile photo;
  photo.name = name;
  photo.bytes = std::move(small->bytes);
  photo.original = std::move(original);
  photo.info.hash = sha256_hex(photo.bytes);
  photo.info.mime = small->info.mime;
  photo.info.size = static_cast<std::int64_t>(photo.bytes.size());
  photo.info.width = small->info.width;
  photo.info.height = small->info.height;
  return photo;
}

std::string extension_of(std::string_view bytes) {
  auto info = sniff_image(trim_image_trailer(bytes));
  if (info && info->mime == "image/png") return ".png";
  if (info && info->mime == "image/webp") return ".webp";
  return ".jpg";
}

std::filesystem::path original_path(const Store& store, const PhotoFile& photo) {
  return std::filesystem::path(store.path() + ".originals") / (photo.info.hash + extension_of(photo.original));
}

// Writes `bytes` to `target` through a temporary file beside it, so a
// crash never leaves half an original under the final name.
Status write_atomically(const std::filesystem::path& target, const std::string& bytes) {
  const std::filesystem::path tmp = target.string() + ".tmp-" + random_hex(16);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      return Status::io("không lưu được ảnh gốc vào " + target.string() + " (đĩa đầy hoặc không có quyền ghi?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Status::io("không lưu được ảnh gốc vào " + target.string() + ": " + ec.message());
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<PhotoFile>> read_photos(const std::vector<std::string>& paths,
                                           const std::vector<PickedPhoto>& picked) {
  std::vector<PhotoFile> photos;
  for (const auto& path : paths) {
    THIDUA_ASSIGN_OR_RETURN(std::string bytes, read_file(path));
    THIDUA_ASSIGN_OR_RETURN(PhotoFile photo, prepare(path, std::move(bytes)));
    photos.push_back(std::move(photo));
  }
  for (const auto& p : picked) {
    THIDUA_ASSIGN_OR_RETURN(PhotoFile photo, prepare(p.name.empty() ? "(không tên)" : p.name, p.bytes));
    photos.push_back(std::move(photo));
  }
  return photos;
}

Result<std::vector<std::string>> keep_originals(const Store& store, const std::vector<PhotoFile>& photos) {
  std::vector<std::string> created;
  if (store.path() == ":memory:" || store.path().empty()) return created;
  for (const auto& photo : photos) {
    if (photo.original == photo.bytes) continue;
    const std::filesystem::path target = original_path(store, photo);
    std::error_code ec;
    if (std::filesystem::exists(target, ec)) continue;  // the same photo picked before
    std::filesystem::create_directories(target.parent_path(), ec);
    Status st = ec ? Status::io("không tạo được thư mục ảnh gốc " + target.parent_path().string() + ": " +
                                ec.message())
                   : write_atomically(target, photo.original);
    if (!st.is_ok()) {
      undo_originals(created);
      return st;
    }
    created.push_back(target.string());
  }
  return created;
}

void undo_originals(const std::vector<std::string>& created) {
  for (const auto& file : created) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
  }
}

Status attach_photos(Store& store, const std::string& story_id,
                     const std::vector<PhotoFile>& photos, const std::string& alt,
                     std::int64_t first_ordinal) {
  std::int64_t ordinal = first_ordinal;
  for (const auto& photo : photos) {
    THIDUA_RETURN_IF_ERROR(store.put_blob(photo.info, photo.bytes));
    THIDUA_RETURN_IF_ERROR(store.write("story_photos", {{"id", new_row_id()},
                                                        {"story_id", story_id},
                                                        {"blob_hash", photo.info.hash},
                                                        {"alt", alt},
                                                        {"ordinal", ordinal++}}));
  }
  return Status::ok();
}

std::vector<PhotoSaving> savings_of(const std::vector<PhotoFile>& photos, const Store& store) {
  std::vector<PhotoSaving> out;
  for (const auto& photo : photos) {
    PhotoSaving s;
    s.name = photo.name;
    s.hash = photo.info.hash;
    s.original_bytes = static_cast<std::int64_t>(photo.original.size());
    s.stored_bytes = photo.info.size;
    s.width = photo.info.width.value_or(0);
    s.height = photo.info.height.value_or(0);
    const bool kept = photo.original != photo.bytes && store.path() != ":memory:" && !store.path().empty();
    if (kept) s.original_file = original_path(store, photo).string();
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace thidua::records_internal

namespace thidua {
namespace {

// 4'200'000 -> "4,2 MB", 310'000 -> "310 kB", 999 -> "999 byte": decimal
// units as a PC's file manager shows them, Vietnamese decimal comma.
std::string size_text(std::int64_t bytes) {
  if (bytes >= 1'000'000) {
    const std::int64_t tenths = (bytes + 50'000) / 100'000;
    return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " MB";
  }
  if (bytes >= 1'000) return std::to_string((bytes + 500) / 1'000) + " kB";
  return std::to_string(bytes) + " byte";
}

}  // namespace

std::string saving_text(const PhotoSaving& saving) {
  if (saving.original_bytes == saving.stored_bytes && saving.original_file.empty()) {
    return "giữ nguyên " + size_text(saving.stored_bytes);
  }
  return "đã giảm từ " + size_text(saving.original_bytes) + " xuống " + size_text(saving.stored_bytes);
}

}  // namespace thidua
