// A nomination's dossier documents in the office app: the list and upload
// form on the nomination's page, attaching and removing, and the download.
// Served as attachments only (Content-Disposition, nosniff and the app's
// strict CSP from add_security_headers): a document is the clerk's file,
// never a page of this app. docs/security.md, "Dossier documents".
#include "webapp/internal/pages_docs.h"

#include <optional>

#include "common/hex.h"
#include "photo/document.h"
#include "records/documents.h"
#include "records/nominations.h"
#include "webapp/internal/http.h"

namespace thidua::webapp {
namespace {

const std::string kNoms = "/de-nghi/";
const std::string kDocs = "/tai-lieu";
const std::string kUnchanged = " Không có gì được lưu.";

std::string nomination_href(const std::string& id) { return kNoms + percent_encode(id); }

// The page this node shows the nomination on: its unit's own page, or for
// the province another unit's in Chờ duyệt (the caller holds store_mu).
std::string page_of(App::Impl& app, const std::string& id) {
  auto n = find_nomination(*app.store, id);
  if (n && n->unit_id != app.node.unit_id && app.node.is_province())
    return "/cho-duyet/de-nghi/" + percent_encode(id);
  return nomination_href(id);
}

// "/de-nghi/<id>/tai-lieu[/<doc>/bo]" split: the nomination id and, for a
// removal, the document id (both percent-decoded).
struct DocPath {
  std::string nomination, document;
  bool removal = false;
};

std::optional<DocPath> parse(const std::string& path) {
  if (path.rfind(kNoms, 0) != 0) return std::nullopt;
  const std::string rest = path.substr(kNoms.size());
  const auto slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) return std::nullopt;
  auto nomination = percent_decode(rest.substr(0, slash), false);
  if (!nomination || nomination->empty()) return std::nullopt;
  const std::string tail = rest.substr(slash);
  if (tail == kDocs) return DocPath{*nomination, "", false};
  const std::string prefix = kDocs + "/";
  if (tail.rfind(prefix, 0) != 0 || tail.size() <= prefix.size() + 3 || !tail.ends_with("/bo"))
    return std::nullopt;
  auto doc = percent_decode(tail.substr(prefix.size(), tail.size() - prefix.size() - 3), false);
  if (!doc || doc->empty() || doc->find('/') != std::string::npos) return std::nullopt;
  return DocPath{*nomination, *doc, true};
}

// "1,2 MB" / "310 kB" / "999 byte", decimal units as the clerk's PC shows.
std::string size_words(std::int64_t bytes) {
  if (bytes >= 1'000'000) {
    const std::int64_t tenths = (bytes + 50'000) / 100'000;
    return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " MB";
  }
  if (bytes >= 1'000) return std::to_string((bytes + 500) / 1'000) + " kB";
  return std::to_string(bytes) + " byte";
}

// A records/ refusal as the page that fits: 404, 403, 409 or 400.
Response refused(App::Impl& app, const Status& st, const std::string& title) {
  switch (st.code()) {
    case Status::Code::kNotFound:
      return app.error(404, "Không tìm thấy hồ sơ", st.message() + "." + kUnchanged);
    case Status::Code::kConflict:
      return app.error(409, title, st.message() + "." + kUnchanged);
    case Status::Code::kInvalid:
      return app.error(400, title, st.message() + "." + kUnchanged);
    default:
      return app.error(500, title, st.message());
  }
}

Response attach(App::Impl& app, const Ctx& ctx, const std::string& nomination) {
  const UploadedFile* file = nullptr;
  for (const auto& part : ctx.req.files) {
    if (part.name != "tai_lieu" || (part.filename.empty() && part.content.empty())) continue;
    if (file) {
      return app.error(400, "Mỗi lần chỉ gửi một tệp",
                       "Hãy chọn một tệp mỗi lần đính kèm." + kUnchanged);
    }
    file = &part;
  }
  if (!file)
    return app.error(400, "Chưa chọn tệp",
                     "Hãy chọn tệp PDF, JPEG hoặc PNG cần đính kèm." + kUnchanged);
  std::lock_guard lock(app.store_mu);
  auto id =
      attach_document(*app.store, nomination, field(ctx, "kind"), file->content, file->filename);
  if (!id) return refused(app, id.status(), "Chưa đính kèm được tài liệu");
  return App::Impl::redirect(page_of(app, nomination) + "?da-dinh-kem=1#tai-lieu");
}

Response detach(App::Impl& app, const DocPath& p) {
  std::lock_guard lock(app.store_mu);
  auto doc = app.store->get("nomination_documents", p.document);
  if (!doc) return app.error(500, "Không đọc được tài liệu", doc.status().message());
  const bool of_this = doc->has_value() && (**doc).count("nomination_id") &&
                       (**doc).at("nomination_id") == Value(p.nomination);
  if (!of_this) {
    return app.error(404, "Không tìm thấy tài liệu",
                     "Hồ sơ này không có tài liệu đó." + kUnchanged);
  }
  Status st = remove_document(*app.store, p.document);
  if (!st.is_ok()) return refused(app, st, "Chưa bỏ được tài liệu");
  return App::Impl::redirect(page_of(app, p.nomination) + "#tai-lieu");
}

// `filename*` (RFC 6266 / 5987): the name in UTF-8, percent-encoded, so no
// byte of it can end the header; an ASCII fallback for old browsers.
std::string disposition(const std::string& name, const std::string& mime) {
  return "attachment; filename=\"tai-lieu" + document_extension(mime) + "\"; filename*=UTF-8''" +
         percent_encode(name);
}

}  // namespace

bool is_documents_route(const std::string& path) { return parse(path).has_value(); }

bool takes_documents(const std::string& path) {
  auto p = parse(path);
  return p && !p->removal;
}

Response route_documents(App::Impl& app, const Ctx& ctx) {
  auto p = parse(ctx.req.path);
  if (ctx.req.method != "POST") {
    Response r =
        app.error(405, "Không dùng được cách gửi này",
                  "Trang này chỉ nhận biểu mẫu gửi lên. Hãy mở lại hồ sơ từ danh sách đề nghị.");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  return p->removal ? detach(app, *p) : attach(app, ctx, p->nomination);
}

Response document_download(App::Impl& app, const std::string& hash) {
  if (!is_sha256_hex(hash))
    return app.error(404, "Không tìm thấy tài liệu", "Địa chỉ này không dẫn tới tài liệu nào.");
  Result<DocumentFile> file = Status::internal("");
  {
    std::lock_guard lock(app.store_mu);
    file = document_file(*app.store, hash);
  }
  if (!file) {
    switch (file.status().code()) {
      case Status::Code::kNotFound:
        return app.error(
            404, "Không tìm thấy tài liệu",
            "Máy này chưa có tài liệu này. Tài liệu của hồ sơ được tải về khi đồng bộ: hãy đồng bộ "
            "lại rồi mở lại trang.");
      case Status::Code::kInvalid:
        return app.error(403, "Tài liệu của đơn vị khác",
                         "Máy này chỉ mở tài liệu của hồ sơ đơn vị mình.");
      default:
        return app.error(500, "Không đọc được tài liệu", file.status().message());
    }
  }
  // The stored bytes are what the hash names and are a document: the
  // browser is told what they are, never the stored mime on trust.
  auto type = sniff_document(file->bytes);
  if (sha256_hex(file->bytes) != hash || !type) {
    return app.error(500, "Tài liệu bị hỏng",
                     "Nội dung tài liệu trên máy này không khớp mã của nó.");
  }
  Response r;
  r.body = std::move(file->bytes);
  r.headers.emplace_back("Content-Type", type->mime);
  r.headers.emplace_back("Content-Disposition", disposition(file->file_name, type->mime));
  return r;
}

void set_documents(App::Impl& app, Data& d, const std::string& nomination_id, bool editable) {
  auto docs = list_documents(*app.store, nomination_id);
  List items;
  if (docs) {
    for (const auto& doc : *docs) {
      Data item;
      item.set("kind_words", document_kind_label(doc.kind));
      item.set("file_name", doc.file_name);
      if (doc.held) {
        item.set("href", "/ho-so/" + doc.blob_hash);
        item.set("size_words", size_words(doc.size));
      }
      if (editable) {
        item.set("remove_action",
                 nomination_href(nomination_id) + kDocs + "/" + percent_encode(doc.id) + "/bo");
      }
      items.push_back(item);
    }
  } else {
    d.set("documents_error", docs.status().message());
  }
  Data section;
  section.set("has_documents", flag(!items.empty()));
  section.set("documents", items);
  section.set("max_mb", std::to_string(kMaxDocumentBytes >> 20));
  if (editable) {
    section.set("upload_action", nomination_href(nomination_id) + kDocs);
    List kinds;
    for (const char* k : kDocumentKinds) {
      Data o;
      o.set("code", k);
      o.set("words", document_kind_label(k));
      kinds.push_back(o);
    }
    section.set("kinds", kinds);
  }
  d.set("documents_section", section);
}

}  // namespace thidua::webapp
