// Dossier documents (issue 13): the files a nomination carries (tờ trình,
// biên bản, báo cáo thành tích), recognised by their content. Pure
// functions, no I/O; bounded by the buffer like photo.h, since the server
// runs them on bytes from the network.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "photo/photo.h"

namespace thidua {

// The largest document a nomination may carry: the largest photo, on
// purpose. Documents move by the photos' queue (upload chunks, the
// server's wire limit, each node's quota of unfinished uploads, the fetch's
// bounded read), all sized by kMaxPhotoBytes; one bound keeps every one of
// them right. 10 MiB holds a scanned tờ trình or biên bản of some twenty
// pages at 200 dpi; a longer dossier is attached as several files.
constexpr std::size_t kMaxDocumentBytes = kMaxPhotoBytes;

inline constexpr const char* kPdfMime = "application/pdf";

struct DocumentType {
  std::string mime;  // "application/pdf", "image/jpeg" or "image/png"
  // An image's size in pixels; unset for a PDF (blobs.width/height NULL).
  std::optional<std::int64_t> width, height;
};

// Recognises a document by its first bytes and, for images, its structure:
// - PDF: "%PDF-" and a version ("1.7", "2.0") at the start, and the end
//   marker "%%EOF" within the last 1024 bytes (so a file cut short in
//   transit is refused, as the PDF specification lets readers do);
// - JPEG (FF D8 FF) and PNG (its 8-byte signature): sniff_image's walk of
//   the whole structure (photo.h), which gives the size.
// Nothing else: not WebP (a scanner never writes one and the board's PCs
// may not open it), not a Word file, not HTML. kInvalid in Vietnamese for
// the clerk who picked the file, saying which types are taken; empty input
// and input over kMaxDocumentBytes are refused too.
Result<DocumentType> sniff_document(std::string_view bytes);

// The file extension a document of `mime` is saved with: ".pdf", ".jpg",
// ".png" ("" for any other mime).
std::string document_extension(std::string_view mime);

}  // namespace thidua
