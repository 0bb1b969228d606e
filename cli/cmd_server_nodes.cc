// `thidua server add-node | revoke-node | nodes`: the operator's node admin.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/db_option.h"
#include "cli/output.h"
#include "cli/server_commands.h"
#include "common/hex.h"
#include "sync/server/server.h"
#include "store/store.h"
#include "store/value.h"
#include "store/server_store.h"

namespace thidua::cli {
namespace {

struct AddOptions {
  std::string db, unit, role, name;
  bool json = false;
};
struct RevokeOptions {
  std::string db, node;
};
struct ListOptions {
  std::string db;
  bool json = false;
};

// A node's role must fit the unit it works for (issue 11: a province body
// was given a district node): "province" is for the province's own bodies
// (content/units kind "province"), which review and publish; "district" for
// every other unit, which reports its own work. kInvalid in Vietnamese
// naming the role to use.
Status check_role(const std::string& unit, const std::string& kind, const std::string& role) {
  if (role == "district" && kind == "province") {
    return Status::invalid(unit + " là cơ quan cấp tỉnh; hãy dùng --role province");
  }
  if (role == "province" && kind != "province") {
    return Status::invalid(unit + " không phải cơ quan cấp tỉnh (loại " + (kind.empty() ? "?" : kind) +
                           "); hãy dùng --role district");
  }
  return Status::ok();
}

Result<std::unique_ptr<Store>> open_central(const std::string& db) {
  OpenOptions o;
  o.create = false;
  return Store::open(db, o);
}

int run_add(const AddOptions& o) {
  auto store = open_central(o.db);
  if (!store) return fail_open_db(store.status());
  auto unit = (*store)->get("units", o.unit);
  if (!unit) return fail("không đọc được danh sách đơn vị", unit.status());
  if (!*unit) return fail("không có đơn vị " + o.unit + " (xem: thidua export --db " + o.db + ")");
  if (Status st = check_role(o.unit, as_text(**unit, "kind"), o.role); !st.is_ok()) {
    return fail("không thêm được nút", st);
  }
  ServerNode node;
  node.id = new_node_id();
  node.unit_id = o.unit;
  node.role = o.role;
  node.name = o.name;
  const std::string token = new_token();
  if (Status st = ServerStore(**store).add_server_node(node, sha256_hex(token)); !st.is_ok()) {
    return fail("không thêm được nút", st);
  }
  if (o.json) {
    nlohmann::json j = {{"node", node.id}, {"token", token}, {"unit", node.unit_id}, {"role", node.role}};
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "Đã thêm nút " << node.id << " cho đơn vị " << node.unit_id << " (" << node.role << ")\n"
              << "Mã truy cập (chỉ hiện một lần, hãy trao cho cán bộ của nút):\n"
              << token << "\n";
  }
  return 0;
}

int run_revoke(const RevokeOptions& o) {
  auto store = open_central(o.db);
  if (!store) return fail_open_db(store.status());
  if (Status st = ServerStore(**store).revoke_server_node(o.node); !st.is_ok()) return fail("không thu hồi được nút " + o.node, st);
  std::cout << "Đã thu hồi mã truy cập của nút " << o.node << "\n";
  return 0;
}

int run_list(const ListOptions& o) {
  // Only reads: never migrates the file (issue 11). It reads the server's
  // own tables, so an older file is refused with what to run first.
  OpenOptions read;
  read.create = false;
  read.read_only = true;
  auto store = Store::open(o.db, read);
  if (!store) return fail_open_db(store.status());
  auto nodes = ServerStore(**store).server_nodes();
  auto head = (*store)->feed_head();
  if (!nodes || !head) return fail("không đọc được danh sách nút");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& n : *nodes) {
    // Changes on the server this node has not pulled yet (an upper bound:
    // some may be hidden from it).
    std::int64_t behind = std::max<std::int64_t>(0, *head - n.last_cursor);
    if (o.json) {
      list.push_back({{"id", n.id}, {"unit", n.unit_id}, {"role", n.role}, {"name", n.name},
                      {"created_at", n.created_at}, {"last_sync_at", n.last_sync_at.value_or("")},
                      {"revoked", n.revoked_at.has_value()}, {"pending_pull", behind}});
    } else {
      std::cout << n.id << "  " << n.unit_id << "  " << n.role << "  "
                << (n.last_sync_at ? "đồng bộ lần cuối " + *n.last_sync_at : std::string("chưa đồng bộ")) << "  "
                << "chờ nhận ≤" << behind << " ô" << (n.revoked_at ? "  ĐÃ THU HỒI" : "")
                << (n.name.empty() ? "" : "  " + n.name) << "\n";
    }
  }
  if (o.json) std::cout << list.dump(2) << "\n";
  if (!o.json && nodes->empty()) std::cout << "Chưa có nút nào. Thêm: thidua server add-node --db " << o.db << " --unit ... --role district\n";
  return 0;
}

}  // namespace

void add_server_node_admin(CLI::App& server, Action* action) {
  auto add = std::make_shared<AddOptions>();
  auto* a = server.add_subcommand("add-node", "Thêm một nút (máy của huyện hoặc tỉnh) và cấp mã truy cập");
  add_db_option(*a, add->db, kCentralDbHelp);
  a->add_option("--unit", add->unit, "Mã đơn vị, ví dụ dong-van")->required();
  a->add_option("--role", add->role, "Vai trò: district (huyện) hoặc province (tỉnh)")
      ->required()
      ->check(CLI::IsMember({"district", "province"}));
  a->add_option("--name", add->name, "Tên gợi nhớ của máy");
  a->add_flag("--json", add->json, "In kết quả dạng JSON");
  a->callback([add, action] { *action = [add] { return run_add(*add); }; });

  auto revoke = std::make_shared<RevokeOptions>();
  auto* r = server.add_subcommand("revoke-node", "Thu hồi mã truy cập của một nút");
  add_db_option(*r, revoke->db, kCentralDbHelp);
  r->add_option("--node", revoke->node, "Mã nút")->required();
  r->callback([revoke, action] { *action = [revoke] { return run_revoke(*revoke); }; });

  auto list = std::make_shared<ListOptions>();
  auto* l = server.add_subcommand("nodes", "Liệt kê các nút, lần đồng bộ cuối và số ô chờ nhận");
  add_db_option(*l, list->db, kCentralDbHelp);
  l->add_flag("--json", list->json, "In kết quả dạng JSON");
  l->callback([list, action] { *action = [list] { return run_list(*list); }; });
}

}  // namespace thidua::cli
