// Internal to webapp/: a nomination's dossier documents (issue 13 §3;
// pages_docs.cc, the partial nom_documents.mustache).
//
//   POST /de-nghi/<id>/tai-lieu           multipart: csrf, kind, one file
//                                         "tai_lieu": attaches it
//   POST /de-nghi/<id>/tai-lieu/<doc>/bo  removes document <doc>
//   GET  /ho-so/<sha256>                  the document's bytes, as an
//                                         attachment (never shown inline)
// records/documents.h decides who may (a district its own open nominations,
// the province any); these parse, call it and render.
#pragma once

#include <string>

#include "webapp/internal/app_impl.h"

namespace thidua::webapp {

// Whether `path` is a document route under /de-nghi/ (the two POSTs).
bool is_documents_route(const std::string& path);
// Whether `path` takes a multipart upload: /de-nghi/<id>/tai-lieu only.
bool takes_documents(const std::string& path);
// The answer to a documents route (is_documents_route was true).
Response route_documents(App::Impl& app, const Ctx& ctx);
// GET /ho-so/<hash>: 404 for a malformed hash or one this copy has no
// document for (or not its bytes yet), 403 for another unit's document.
Response document_download(App::Impl& app, const std::string& hash);
// The document list and upload form of nomination `nomination_id` into `d`
// for the nom_documents partial (nom.mustache, review_nomination.mustache;
// the caller holds store_mu). `editable`: whether this node may change
// them now.
void set_documents(App::Impl& app, Data& d, const std::string& nomination_id, bool editable);

}  // namespace thidua::webapp
