// `thidua node status` and `thidua node conflicts`.
#include <CLI/CLI.hpp>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "cli/db_option.h"
#include "cli/listen.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "records/conflicts.h"
#include "records/summary.h"

namespace thidua::cli {
namespace {

using nlohmann::json;

json to_json(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json to_json(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

// Values are stored UTF-8, but a message must never throw on one that is not.
std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

// A value on one line: Markdown notes keep their line breaks as "\n".
std::string one_line(const Value& v) {
  std::string s = describe(v), out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

struct StatusOptions {
  std::string db;
  bool json = false;
};

json differing_json(const std::vector<DifferingCell>& cells) {
  json out = json::array();
  for (const auto& c : cells) {
    out.push_back({{"table", c.table}, {"pk", c.pk}, {"column", c.column}, {"value", to_json(c.value)},
                   {"reason", c.reason}});
  }
  return out;
}

// The cells the server refused that still stand here: the copy differs
// from the server's until the clerk or the province changes them.
void print_differing(const std::vector<DifferingCell>& cells) {
  if (cells.empty()) return;
  std::cout << "Ô khác với máy chủ (máy chủ không nhận, máy này vẫn giữ): " << cells.size() << "\n";
  for (const auto& c : cells) {
    std::cout << "  " << c.table << " " << c.pk << ", cột " << c.column << ": " << one_line(c.value)
              << "\n    lý do: " << c.reason << "\n";
  }
}

// The public site the server rebuilds, as a province node last heard of it.
void print_site(const NodeSummary& s) {
  if (s.role != "province") return;
  if (s.site_built_at) std::cout << "Trang công khai cập nhật lúc: " << *s.site_built_at << "\n";
  if (s.site_error) {
    std::cout << "Lỗi dựng trang công khai lúc " << s.site_failed_at.value_or("?") << ": " << *s.site_error << "\n";
  }
}

int run_status(const StatusOptions& o) {
  auto store = open_node_db_to_read(o.db);
  if (!store) return fail_open_db(store.status());
  auto s = node_summary(**store);
  if (!s) return fail("không đọc được trạng thái của máy", s.status());
  if (o.json) {
    std::cout << dump({{"node_id", s->node_id},
                       {"unit_id", s->unit_id},
                       {"unit_name", to_json(s->unit_name)},
                       {"role", s->role},
                       {"server_url", s->server_url},
                       {"last_sync_at", to_json(s->last_sync_at)},
                       {"last_error", to_json(s->last_error)},
                       {"pending_cells", s->pending_cells},
                       {"pending_records", s->pending_records},
                       {"pending_photos", s->pending_photos},
                       {"pending_documents", s->pending_documents},
                       {"open_conflicts", s->open_conflicts},
                       {"refused", s->refused},
                       {"last_refusal", s->last_refusal},
                       {"differs_from_server", differing_json(s->differing)},
                       {"site_built_at", to_json(s->site_built_at)},
                       {"site_failed_at", to_json(s->site_failed_at)},
                       {"site_error", to_json(s->site_error)}})
              << "\n";
    return 0;
  }
  std::cout << "Đơn vị: " << s->unit_name.value_or(s->unit_id) << " (" << s->unit_id << ")\n"
            << "Cấp: " << (s->role == "province" ? "tỉnh" : "huyện") << " (" << s->role << ")\n"
            << "Máy chủ: " << s->server_url << "\n"
            << "Mã nút: " << s->node_id << "\n"
            << "Đồng bộ thành công gần nhất: " << s->last_sync_at.value_or("chưa có") << "\n";
  if (s->last_error) std::cout << "Lỗi đồng bộ gần nhất: " << *s->last_error << "\n";
  // Counted as the web app's home page counts them (a report, a story with
  // its photos), with the cells the sync will send beside it; photos and
  // dossier documents share the upload queue, counted apart.
  std::cout << "Thay đổi chờ gửi: " << s->pending_records << " (" << s->pending_cells << " ô dữ liệu)\n"
            << "Ảnh chờ tải lên: " << s->pending_photos << "\n"
            << "Tài liệu hồ sơ chờ tải lên: " << s->pending_documents << "\n"
            << "Xung đột chưa giải quyết: " << s->open_conflicts << "\n";
  if (s->refused > 0) {
    std::cout << "Thay đổi bị từ chối (gửi đi hoặc nhận về): " << s->refused << "; gần nhất: " << s->last_refusal
              << "\n";
  }
  print_differing(s->differing);
  print_site(*s);
  return 0;
}

struct ConflictsOptions {
  std::string db;
  std::string resolve_text;  // parsed strictly: CLI11 wraps values past 64 bits
  std::int64_t resolve = 0;
  bool has_resolve = false;
  std::string keep;
  bool json = false;
};

int list_conflicts(Store& store, const ConflictsOptions& o) {
  auto list = open_conflicts(store);
  if (!list) return fail("không đọc được danh sách xung đột", list.status());
  const std::string& me = store.node_id();
  if (o.json) {
    json out = json::array();
    for (const auto& c : *list) {
      out.push_back({{"id", c.id},
                     {"table", c.table},
                     {"pk", c.pk},
                     {"column", c.column},
                     {"kept_value", to_json(c.kept_value)},
                     {"kept_node", c.kept_node},
                     {"kept_is_mine", c.kept_node == me},
                     {"lost_value", to_json(c.lost_value)},
                     {"lost_node", c.lost_node},
                     {"lost_is_mine", c.lost_node == me}});
    }
    std::cout << dump(out) << "\n";
    return 0;
  }
  if (list->empty()) {
    std::cout << "Không có xung đột nào cần giải quyết\n";
    return 0;
  }
  auto who = [&](const std::string& node) { return node == me ? node + ", máy này" : node; };
  for (const auto& c : *list) {
    std::cout << "Xung đột số " << c.id << ": " << c.table << " " << c.pk << ", cột " << c.column
              << "\n"
              << "  đang giữ: " << one_line(c.kept_value) << " (nút " << who(c.kept_node) << ")\n"
              << "  bị thay:  " << one_line(c.lost_value) << " (nút " << who(c.lost_node) << ")\n";
  }
  std::cout << "Giải quyết: thidua node conflicts --db " << o.db
            << " --resolve SỐ --keep mine|theirs\n";
  return 0;
}

int run_conflicts(ConflictsOptions o) {
  if (o.has_resolve) {
    auto number = parse_whole_number(o.resolve_text, "--resolve", 1, std::numeric_limits<std::int64_t>::max());
    if (!number) return fail("không giải quyết được xung đột", number.status());
    o.resolve = *number;
  }
  const std::string what = "không giải quyết được xung đột số " + std::to_string(o.resolve);
  if (o.has_resolve != !o.keep.empty()) {
    return fail("hãy dùng --resolve SỐ cùng với --keep mine|theirs|current|lost");
  }
  std::optional<Keep> keep;
  if (o.has_resolve) {
    for (auto [name, value] :
         {std::pair{"mine", Keep::kMine}, std::pair{"theirs", Keep::kTheirs},
          std::pair{"current", Keep::kCurrent}, std::pair{"lost", Keep::kLost}}) {
      if (o.keep == name) keep = value;
    }
    if (!keep)
      return fail(what + ": --keep phải là mine, theirs, current hoặc lost (không phải \"" +
                  o.keep + "\")");
  }
  // Listing only reads: it never migrates the file (issue 11).
  auto store = keep ? open_node_db(o.db) : open_node_db_to_read(o.db);
  if (!store) return fail_open_db(store.status());
  if (!keep) return list_conflicts(**store, o);
  Status st = settle_conflict(**store, o.resolve, *keep);
  if (!st.is_ok()) return fail(what, st);
  if (o.json) {
    std::cout << dump({{"resolved", o.resolve}, {"keep", o.keep}}) << "\n";
  } else {
    std::cout << "Đã giải quyết xung đột số " << o.resolve << "\n";
  }
  return 0;
}

}  // namespace

void add_node_status(CLI::App& node, Action* action) {
  auto o = std::make_shared<StatusOptions>();
  auto* cmd = node.add_subcommand(
      "status", "Xem máy này thuộc đơn vị nào, lần đồng bộ gần nhất và những gì còn chờ gửi");
  add_db_option(*cmd, o->db);
  cmd->add_flag("--json", o->json, "In dạng JSON");
  cmd->callback([o, action] { *action = [o] { return run_status(*o); }; });
}

void add_node_conflicts(CLI::App& node, Action* action) {
  auto o = std::make_shared<ConflictsOptions>();
  auto* cmd = node.add_subcommand(
      "conflicts",
      "Xem và giải quyết các chỗ hai máy cùng sửa một nội dung trong khi chưa đồng bộ");
  add_db_option(*cmd, o->db);
  auto* resolve = cmd->add_option("--resolve", o->resolve_text, "Số của xung đột cần giải quyết");
  cmd->add_option("--keep", o->keep,
                  "Giữ giá trị nào: mine (của máy này), theirs (của máy kia), current (đang có), "
                  "lost (bị thay)");
  cmd->add_flag("--json", o->json, "In dạng JSON");
  cmd->callback([o, action, resolve] {
    o->has_resolve = resolve->count() > 0;
    *action = [o] { return run_conflicts(*o); };
  });
}

}  // namespace thidua::cli
