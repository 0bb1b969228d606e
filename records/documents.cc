#include "records/documents.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/hex.h"
#include "photo/document.h"
#include "records/internal/checks.h"
#include "records/node.h"
#include "records/nominations.h"
#include "store/schema.h"

namespace thidua {

using namespace records_internal;

namespace {

const char* const kNominationWhat = "hồ sơ đề nghị khen thưởng";

// Length of the UTF-8 sequence a lead byte starts; 0 for a byte that
// cannot start one.
std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool forbidden_ascii(unsigned char c) {
  return c < 0x20 || c == 0x7F ||
         std::string_view("<>:\"|?*").find(static_cast<char>(c)) != std::string_view::npos;
}

// `name` with bad bytes and characters replaced, cut to `limit` bytes on a
// character boundary.
std::string sanitize(std::string_view name, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t n = utf8_length(static_cast<unsigned char>(name[i]));
    const bool good = n > 0 && i + n <= name.size() && is_valid_utf8(name.substr(i, n));
    const std::string_view ch = good ? name.substr(i, n) : std::string_view("_");
    if (out.size() + ch.size() > limit) break;
    if (ch.size() == 1 && forbidden_ascii(static_cast<unsigned char>(ch[0]))) {
      out += '_';
    } else {
      out += ch;
    }
    i += good ? n : 1;
  }
  return out;
}

std::string trim_spaces_and_dots(std::string s) {
  const auto keep = [](char c) { return c != ' ' && c != '.'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), keep));
  s.erase(std::find_if(s.rbegin(), s.rend(), keep).base(), s.end());
  return s;
}

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(
      suffix.begin(), suffix.end(), s.end() - static_cast<std::ptrdiff_t>(suffix.size()),
      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

bool has_extension_of(const std::string& name, const std::string& mime) {
  if (mime == "image/jpeg") return ends_with_ci(name, ".jpg") || ends_with_ci(name, ".jpeg");
  const std::string ext = document_extension(mime);
  return !ext.empty() && ends_with_ci(name, ext);
}

// The nomination, refused unless this node may change its documents now.
Result<Row> writable_nomination(Store& store, const NodeIdentity& node, const std::string& id) {
  THIDUA_ASSIGN_OR_RETURN(Row nom, require_row(store, "nominations", id, kNominationWhat));
  if (node.is_province()) return nom;
  const std::string unit = text_of(nom, "unit_id");
  if (unit != node.unit_id) {
    return Status::invalid("hồ sơ " + id + " là của đơn vị " + unit +
                           "; chỉ đơn vị đó hoặc cấp tỉnh được đính kèm tài liệu");
  }
  const std::string status = text_of(nom, "status");
  if (!nomination_open_to_unit(status)) {
    return Status::conflict("hồ sơ " + id + " đang ở trạng thái " + status_label(status) +
                            "; cấp tỉnh đã xét nên không thêm hay bỏ tài liệu được nữa, trừ khi "
                            "cấp tỉnh trả lại hồ sơ");
  }
  return nom;
}

Result<std::int64_t> next_ordinal(Store& store, const std::string& nomination_id) {
  THIDUA_ASSIGN_OR_RETURN(auto rows, store.rows_where("nomination_documents", "nomination_id",
                                                      {nomination_id}, {"ordinal"}));
  std::int64_t next = 1;
  for (const Row& r : rows) next = std::max(next, int_of(r, "ordinal") + 1);
  return next;
}

// A JPEG's bytes after its end marker, as trim_image_trailer finds them.
std::string_view without_trailer(std::string_view bytes) {
  return bytes.substr(0, 3) == "\xFF\xD8\xFF" ? trim_image_trailer(bytes) : bytes;
}

}  // namespace

std::string document_kind_label(const std::string& kind) {
  if (kind == "to-trinh") return "Tờ trình";
  if (kind == "bien-ban") return "Biên bản";
  if (kind == "bao-cao-thanh-tich") return "Báo cáo thành tích";
  if (kind == "khac") return "Tài liệu khác";
  return kind;
}

std::string clean_document_name(const std::string& picked, const std::string& mime) {
  const auto slash = picked.find_last_of("/\\");
  std::string base = slash == std::string::npos ? picked : picked.substr(slash + 1);
  const std::string ext = document_extension(mime);
  std::string name = trim_spaces_and_dots(sanitize(base, kMaxDocumentNameBytes));
  if (name.empty()) return "tai-lieu" + ext;
  if (has_extension_of(name, mime)) return name;
  name = trim_spaces_and_dots(sanitize(name, kMaxDocumentNameBytes - ext.size()));
  return (name.empty() ? std::string("tai-lieu") : name) + ext;
}

Result<std::string> read_document_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Status::invalid("không tìm thấy tệp " + path);
  if (!fs::is_regular_file(status)) return Status::invalid(path + " không phải một tệp");
  const auto size = fs::file_size(path, ec);
  if (ec) return Status::invalid("không đọc được tệp " + path + ": " + ec.message());
  const auto too_large = [&](std::uintmax_t n) {
    return Status::invalid("tệp " + path + " lớn quá " + std::to_string(kMaxDocumentBytes >> 20) +
                           " MB (" + std::to_string(n) +
                           " byte); hãy chia thành nhiều tệp nhỏ hơn");
  };
  if (size > kMaxDocumentBytes)
    return too_large(size);  // before reading: a huge file is never loaded
  std::ifstream in(path, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>{});
  if (in.bad() || !in.is_open()) return Status::invalid("không đọc được tệp " + path);
  if (bytes.size() > kMaxDocumentBytes) return too_large(bytes.size());  // it grew while we read
  return bytes;
}

Result<std::string> attach_document(Store& store, const std::string& nomination_id,
                                    const std::string& kind, const std::string& picked,
                                    const std::string& file_name) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  THIDUA_RETURN_IF_ERROR(check_one_of("loại tài liệu", kind, kDocumentKinds));
  const std::string shown = file_name.empty() ? std::string("(không tên)") : file_name;
  const std::string bytes(without_trailer(picked));
  auto type = sniff_document(bytes);
  if (!type) return type.status().with_context("tệp " + clean_document_name(shown, ""));
  BlobInfo info{sha256_hex(bytes), type->mime, static_cast<std::int64_t>(bytes.size()), type->width,
                type->height};
  const std::string id = new_row_id();
  Status written = store.transaction([&]() -> Status {
    THIDUA_RETURN_IF_ERROR(writable_nomination(store, node, nomination_id).status());
    THIDUA_ASSIGN_OR_RETURN(std::int64_t ordinal, next_ordinal(store, nomination_id));
    THIDUA_RETURN_IF_ERROR(store.put_blob(info, bytes));
    return store.write("nomination_documents",
                       {{"id", id},
                        {"nomination_id", nomination_id},
                        {"blob_hash", info.hash},
                        {"kind", kind},
                        {"file_name", clean_document_name(file_name, type->mime)},
                        {"ordinal", ordinal}});
  });
  if (!written.is_ok()) return written;
  return id;
}

Result<std::vector<Document>> list_documents(Store& store, const std::string& nomination_id) {
  std::vector<Document> out;
  Status read = store.read_snapshot([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(
        auto rows, store.rows_where("nomination_documents", "nomination_id", {nomination_id}));
    for (const Row& r : rows) {
      Document d;
      d.id = text_of(r, "id");
      d.nomination_id = nomination_id;
      d.blob_hash = text_of(r, "blob_hash");
      d.kind = text_of(r, "kind");
      d.file_name = text_of(r, "file_name");
      d.ordinal = int_of(r, "ordinal");
      THIDUA_ASSIGN_OR_RETURN(auto info, store.blob_info(d.blob_hash));
      if (info) {
        d.held = true;
        d.mime = info->mime;
        d.size = info->size;
      }
      out.push_back(std::move(d));
    }
    return Status::ok();
  });
  if (!read.is_ok()) return read;
  std::sort(out.begin(), out.end(), [](const Document& a, const Document& b) {
    return a.ordinal != b.ordinal ? a.ordinal < b.ordinal : a.id < b.id;
  });
  return out;
}

Status remove_document(Store& store, const std::string& document_id) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  return store.transaction([&]() -> Status {
    THIDUA_ASSIGN_OR_RETURN(Row doc,
                            require_row(store, "nomination_documents", document_id, "tài liệu"));
    THIDUA_RETURN_IF_ERROR(
        writable_nomination(store, node, text_of(doc, "nomination_id")).status());
    return store.remove("nomination_documents", document_id);
  });
}

Result<DocumentFile> document_file(Store& store, const std::string& blob_hash) {
  THIDUA_ASSIGN_OR_RETURN(NodeIdentity node, node_identity(store));
  const Status none =
      Status::not_found("không có tài liệu " + blob_hash.substr(0, 12) + " trong máy này");
  THIDUA_ASSIGN_OR_RETURN(auto ids,
                          store.ids_where("nomination_documents", "blob_hash", Value(blob_hash)));
  bool found = false, allowed = false;
  std::string file_name;
  for (const auto& id : ids) {
    THIDUA_ASSIGN_OR_RETURN(auto doc, store.get("nomination_documents", id));
    if (!doc) continue;
    THIDUA_ASSIGN_OR_RETURN(auto nom, store.get("nominations", text_of(*doc, "nomination_id")));
    if (!nom) continue;
    found = true;
    if (node.is_province() || text_of(*nom, "unit_id") == node.unit_id) {
      allowed = true;
      file_name = text_of(*doc, "file_name");
      break;
    }
  }
  if (!found) return none;
  if (!allowed) return Status::invalid("tài liệu này thuộc hồ sơ của đơn vị khác");
  THIDUA_ASSIGN_OR_RETURN(auto info, store.blob_info(blob_hash));
  THIDUA_ASSIGN_OR_RETURN(auto bytes, store.blob_bytes(blob_hash));
  if (!info || !bytes) return none;
  return DocumentFile{std::move(*bytes), info->mime, file_name};
}

}  // namespace thidua
