// `thidua node nomination attach|documents|detach`: a nomination's dossier
// documents (issue 13 §3), the same operations as the web app's nomination
// page (records/documents.h).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/db_option.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/documents.h"

namespace thidua::cli {
namespace {

struct AttachOptions {
  std::string db, id, kind, file;
};

int run_attach(const AttachOptions& o) {
  const std::string what = "không đính kèm được tài liệu vào hồ sơ " + o.id;
  auto bytes = read_document_file(o.file);
  if (!bytes) return fail(what, bytes.status());
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  auto id = attach_document(**store, o.id, o.kind, *bytes, o.file);
  if (!id) return fail(what, id.status());
  std::cout << "Đã đính kèm " << document_kind_label(o.kind) << " vào hồ sơ " << o.id
            << " (mã tài liệu " << *id << "); tài liệu sẽ được gửi khi máy đồng bộ\n";
  return 0;
}

struct ListOptions {
  std::string db, id;
};

// One line per document: kind, name, size, whether this copy holds it, id.
int run_list(const ListOptions& o) {
  auto store = open_node_db_to_read(o.db);
  if (!store) return fail_open_db(store.status());
  auto docs = list_documents(**store, o.id);
  if (!docs) return fail("không đọc được tài liệu của hồ sơ " + o.id, docs.status());
  if (docs->empty()) std::cout << "Hồ sơ " << o.id << " chưa có tài liệu nào\n";
  for (const auto& d : *docs) {
    std::cout << d.ordinal << ". " << document_kind_label(d.kind) << ": " << d.file_name << " ("
              << (d.held ? std::to_string(d.size) + " byte" : std::string("chưa tải về máy này"))
              << ") mã " << d.id << "\n";
  }
  return 0;
}

int run_detach(const ListOptions& o) {
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  Status st = remove_document(**store, o.id);
  if (!st.is_ok()) return fail("không bỏ được tài liệu " + o.id, st);
  std::cout << "Đã bỏ tài liệu " << o.id << " khỏi hồ sơ\n";
  return 0;
}

}  // namespace

void add_nomination_documents(CLI::App& nomination, Action* action) {
  auto a = std::make_shared<AttachOptions>();
  auto* attach = nomination.add_subcommand(
      "attach", "Đính kèm một tệp (PDF, JPEG, PNG; tối đa 10 MB) vào hồ sơ đề nghị");
  add_db_option(*attach, a->db);
  attach->add_option("--id", a->id, "Mã hồ sơ")->required();
  attach
      ->add_option("--kind", a->kind,
                   "Loại: to-trinh (tờ trình), bien-ban (biên bản), bao-cao-thanh-tich, khac")
      ->required();
  attach->add_option("--file", a->file, "Tệp cần đính kèm")->required();
  attach->callback([a, action] { *action = [a] { return run_attach(*a); }; });

  auto l = std::make_shared<ListOptions>();
  auto* list = nomination.add_subcommand("documents", "Liệt kê tài liệu của một hồ sơ đề nghị");
  add_db_option(*list, l->db);
  list->add_option("--id", l->id, "Mã hồ sơ")->required();
  list->callback([l, action] { *action = [l] { return run_list(*l); }; });

  auto d = std::make_shared<ListOptions>();
  auto* detach = nomination.add_subcommand("detach", "Bỏ một tài liệu khỏi hồ sơ đề nghị");
  add_db_option(*detach, d->db);
  detach->add_option("--id", d->id, "Mã tài liệu (xem `nomination documents`)")->required();
  detach->callback([d, action] { *action = [d] { return run_detach(*d); }; });
}

}  // namespace thidua::cli
