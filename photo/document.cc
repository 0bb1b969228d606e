#include "photo/document.h"

#include <algorithm>

namespace thidua {
namespace {

constexpr std::string_view kTypes = "chỉ nhận tệp PDF, ảnh JPEG hoặc PNG";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Result<DocumentType> sniff_pdf(std::string_view bytes) {
  // "%PDF-1.7": the version is a digit, a dot and a digit.
  if (bytes.size() < 8 || !is_digit(bytes[5]) || bytes[6] != '.' || !is_digit(bytes[7])) {
    return Status::invalid("tệp bắt đầu như PDF nhưng không có số phiên bản PDF; " +
                           std::string(kTypes));
  }
  const std::string_view tail =
      bytes.substr(bytes.size() - std::min<std::size_t>(bytes.size(), 1024));
  if (tail.find("%%EOF") == std::string_view::npos) {
    return Status::invalid(
        "tệp PDF không có dấu kết thúc (%%EOF): có thể tệp bị cắt dở; hãy lưu lại tệp rồi thử lại");
  }
  return DocumentType{kPdfMime, std::nullopt, std::nullopt};
}

}  // namespace

Result<DocumentType> sniff_document(std::string_view bytes) {
  if (bytes.empty()) return Status::invalid("tệp rỗng; " + std::string(kTypes));
  if (bytes.size() > kMaxDocumentBytes) {
    return Status::invalid("tệp lớn quá " + std::to_string(kMaxDocumentBytes >> 20) + " MB (" +
                           std::to_string(bytes.size()) +
                           " byte); hãy chia thành nhiều tệp nhỏ hơn");
  }
  if (starts_with(bytes, "%PDF-")) return sniff_pdf(bytes);
  const bool jpeg = starts_with(bytes, "\xFF\xD8\xFF");
  const bool png = starts_with(bytes, "\x89PNG\r\n\x1A\n");
  if (!jpeg && !png)
    return Status::invalid("tệp không phải PDF, JPEG hay PNG; " + std::string(kTypes));
  auto image = sniff_image(bytes);
  if (!image) {
    return Status::invalid(std::string(jpeg ? "ảnh JPEG" : "ảnh PNG") +
                           " bị hỏng: " + image.status().message());
  }
  return DocumentType{image->mime, image->width, image->height};
}

std::string document_extension(std::string_view mime) {
  if (mime == kPdfMime) return ".pdf";
  if (mime == "image/jpeg") return ".jpg";
  if (mime == "image/png") return ".png";
  return "";
}

}  // namespace thidua
