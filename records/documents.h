// A nomination's dossier documents (issue 13 §3): tờ trình, biên bản, báo
// cáo thành tích as PDF, JPEG or PNG files, attached by the unit or the
// province. The bytes are stored content-addressed in `blobs` and queued
// for upload exactly like a story's photos (the same resumable,
// hash-verified queue; sync/server and sync/client move them), but never
// downscaled and never published: the public site shows no document, and
// the server serves one only to the province and to the nomination's unit
// (docs/security.md, "Dossier documents").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace thidua {

inline constexpr const char* kDocumentKinds[] = {"to-trinh", "bien-ban", "bao-cao-thanh-tich",
                                                 "khac"};

// "Tờ trình" for "to-trinh", ...; the code itself for an unknown kind.
std::string document_kind_label(const std::string& kind);

// The longest file name kept, in bytes (a cleaned name is cut on a
// character boundary): enough for "Tờ trình đề nghị khen thưởng ... .pdf".
constexpr std::size_t kMaxDocumentNameBytes = 120;

// `picked` as a download may safely name it: the part after the last '/'
// or '\' (no folder of the clerk's PC is kept or sent), control characters
// and the characters Windows forbids (<>:"|?*) replaced by '_', bytes that
// are not UTF-8 replaced by '_', spaces and dots trimmed at both ends, cut
// to kMaxDocumentNameBytes, and ending in the extension of `mime` (".pdf",
// ".jpg", ".png": added when missing, so a file named "x.html" is saved as
// "x.html.pdf"). "tai-lieu.<ext>" when nothing is left.
std::string clean_document_name(const std::string& picked, const std::string& mime);

// One document as the nomination's pages list it.
struct Document {
  std::string id;
  std::string nomination_id;
  std::string blob_hash;  // SHA-256 of the bytes, 64 lowercase hex digits
  std::string kind;       // one of kDocumentKinds
  std::string file_name;  // cleaned (clean_document_name)
  std::int64_t ordinal = 0;
  std::string mime;       // "" when this copy does not hold the bytes yet
  std::int64_t size = 0;  // bytes; 0 when not held
  bool held = false;      // whether this copy holds the bytes
};

// Attaches `bytes` to nomination `nomination_id` as a document of `kind`
// and returns the new document's id. The bytes are checked by content
// (photo/document.h: PDF, JPEG or PNG, at most kMaxDocumentBytes) and
// stored as they are (a JPEG's data after its end marker is cut, as for
// photos: phone cameras put the place there); stored once by SHA-256 and
// queued for upload. `file_name` is cleaned (clean_document_name). A
// district attaches only to its own unit's nomination while it is open to
// it (records/nominations.h, nomination_open_to_unit), as the server
// enforces; the province to any. kNotFound for an unknown nomination;
// kInvalid for a bad kind or file, or another unit's nomination; kConflict
// naming the status when a district's nomination is no longer open.
// Nothing is written on failure.
Result<std::string> attach_document(Store& store, const std::string& nomination_id,
                                    const std::string& kind, const std::string& bytes,
                                    const std::string& file_name);

// Reads the file at `path` for attach_document: kInvalid in Vietnamese when
// it is missing, not a regular file, or larger than kMaxDocumentBytes
// (checked before reading).
Result<std::string> read_document_file(const std::string& path);

// The documents of a nomination in this copy, by ordinal then id. The
// caller decides who may see them (a district's copy holds only its own
// unit's nominations).
Result<std::vector<Document>> list_documents(Store& store, const std::string& nomination_id);

// Removes a document (its row; the bytes stay, content-addressed, as a
// photo's do). The same rule as attach_document, judged on the document's
// nomination. kNotFound for an unknown document id.
Status remove_document(Store& store, const std::string& document_id);

// A document's bytes for a download from this copy.
struct DocumentFile {
  std::string bytes;
  std::string mime;
  std::string file_name;
};

// The bytes of the document with hash `blob_hash`, for this node: the
// province any document; a district only one of its own unit's
// nominations (kInvalid otherwise, so a page answers 403). kNotFound when
// no document of this copy uses the hash or its bytes have not arrived.
Result<DocumentFile> document_file(Store& store, const std::string& blob_hash);

}  // namespace thidua
