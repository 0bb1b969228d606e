// /anh/<sha256>: photos from the node's own copy, for the pages that show
// stories. Serving by hash is safe for the reasons docs/security.md gives
// ("The office web app", photos): the hash is unguessable and the copy
// holds only what this unit may see.
#include "records/local_photos.h"
#include "webapp/internal/pages_review.h"

namespace thidua::webapp {

Response photo_file(App::Impl& app, const std::string& hash) {
  Result<LocalPhoto> photo = Status::internal("");
  {
    std::lock_guard lock(app.store_mu);
    photo = local_photo(*app.store, hash);
  }
  if (!photo) {
    switch (photo.status().code()) {
      case Status::Code::kInvalid:
        return app.error(404, "Không tìm thấy ảnh", "Địa chỉ này không dẫn tới ảnh nào.");
      case Status::Code::kNotFound:
        return app.error(404, "Không tìm thấy ảnh",
                         "Máy này chưa có ảnh này. Ảnh của bài chờ duyệt được tải về khi đồng bộ: "
                         "hãy đồng bộ lại rồi mở lại trang.");
      default:
        return app.error(500, "Không đọc được ảnh", photo.status().message());
    }
  }
  Response r;
  r.body = std::move(photo->bytes);
  r.headers.emplace_back("Content-Type", photo->mime);
  // The address names the bytes (their SHA-256): they never change, and
  // `private` keeps shared caches from holding a unit's unpublished photo.
  r.headers.emplace_back("Cache-Control", "private, max-age=31536000, immutable");
  return r;
}

}  // namespace thidua::webapp
