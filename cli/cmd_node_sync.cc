// `thidua node init` and `thidua node sync`: the two commands that need the
// server. Everything else a clerk does works with no link at all.
#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/db_option.h"
#include "cli/listen.h"
#include "cli/node_commands.h"
#include "cli/node_support.h"
#include "cli/output.h"
#include "sync/client/client.h"
#include "store/node_store.h"

namespace thidua::cli {
namespace {

struct InitOptions {
  std::string db, server, token;
  bool json = false;
};

struct SyncOptions {
  std::string db;
  std::string watch_text;  // parsed strictly: CLI11 wraps values past 64 bits
  int watch_s = 0;
  bool json = false;
  bool quiet = false;
};

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// "Đang đồng bộ: đã gửi 1200/5000 ô, đã nhận 300 ô" on one line that
// rewrites itself, on stderr, only when the terminal is a person's.
ClientOptions options_for(bool quiet) {
  ClientOptions o;
  if (quiet) return o;
  auto started = std::chrono::steady_clock::now();
  o.on_progress = [started](const SyncProgress& p) {
    if (std::chrono::steady_clock::now() - started < std::chrono::seconds(2)) return;  // short syncs stay silent
    std::cerr << "\rĐang đồng bộ: đã gửi " << p.cells_sent << "/" << p.cells_to_send << " ô, đã nhận "
              << p.cells_received << " ô";
    if (p.photo_bytes_to_send > 0) {
      std::cerr << ", ảnh " << p.photo_bytes_sent / 1024 << "/" << p.photo_bytes_to_send / 1024 << " KB";
    }
    std::cerr << "   " << std::flush;
  };
  return o;
}

void print_report(const SyncReport& r, bool json) {
  if (json) {
    nlohmann::json j = {{"requests", r.requests},         {"retries", r.retries},
                        {"bytes_sent", r.bytes_sent},     {"bytes_received", r.bytes_received},
                        {"cells_pushed", r.cells_pushed}, {"cells_rejected", r.cells_rejected},
                        {"cells_pulled", r.cells_pulled}, {"photos_uploaded", r.photos_uploaded},
                        {"conflicts", r.conflicts},       {"rows_withdrawn", r.rows_withdrawn},
                        {"rejections", r.rejections},
                        {"refused", r.refused}};
    // A province's only: a district's answer stays as it was.
    if (r.review_photos_downloaded) j["review_photos_downloaded"] = r.review_photos_downloaded;
    std::cout << j.dump() << "\n";
    return;
  }
  std::cout << "Đồng bộ xong: gửi " << r.cells_pushed << " ô, nhận " << r.cells_pulled << " ô, "
            << r.photos_uploaded << " ảnh; " << r.requests << " yêu cầu, " << r.bytes_sent << " byte đi, "
            << r.bytes_received << " byte về";
  if (r.retries) std::cout << ", thử lại " << r.retries << " lần";
  std::cout << ".\n";
  if (r.review_photos_downloaded) {
    std::cout << "Tải về " << r.review_photos_downloaded << " ảnh của bài chờ duyệt, đã duyệt, đã đăng\n";
  }
  if (r.conflicts) std::cout << "Có " << r.conflicts << " xung đột mới: xem thidua node conflicts\n";
  if (r.rows_withdrawn) std::cout << "Tỉnh đã gỡ " << r.rows_withdrawn << " bài của đơn vị khác: đã xoá khỏi máy này\n";
  for (const auto& why : r.rejections) std::cout << "Bị máy chủ từ chối: " << why << "\n";
  for (const auto& why : r.refused) std::cout << "Máy này từ chối: " << why << "\n";
}

// What a new copy received of its own unit's work (a replacement PC,
// issue 11): rows per table, and the photos fetched.
struct UnitWork {
  std::size_t progress = 0, stories = 0, nominations = 0;
  int photos = 0;
  bool any() const { return progress + stories + nominations > 0 || photos > 0; }
};

UnitWork unit_work(Store& store, const std::string& unit, const SyncReport& report) {
  auto rows = [&](const char* table) {
    auto ids = store.ids_where(table, "unit_id", Value(unit));
    return ids ? ids->size() : 0;
  };
  return {rows("progress"), rows("stories"), rows("nominations"), report.photos_downloaded};
}

int run_init(const InitOptions& o) {
  auto report = init_node(o.db, o.server, o.token, options_for(o.json));
  if (!report) return fail("không khởi tạo được nút " + o.db, report.status());
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  auto cfg = NodeStore(**store).node_config();
  if (!cfg || !*cfg) return fail("không đọc được cấu hình nút");
  const UnitWork work = unit_work(**store, (*cfg)->unit_id, *report);
  if (o.json) {
    nlohmann::json j = {{"node", (*store)->node_id()}, {"unit", (*cfg)->unit_id}, {"role", (*cfg)->role},
                        {"cells_pulled", report->cells_pulled}};
    if (work.any()) {
      j["unit_work"] = {{"progress", work.progress}, {"stories", work.stories}, {"nominations", work.nominations},
                        {"photos", work.photos}};
    }
    std::cout << j.dump() << "\n";
  } else {
    std::cout << "Đã khởi tạo nút " << (*store)->node_id() << " của đơn vị " << (*cfg)->unit_id << " ("
              << (*cfg)->role << ") tại " << o.db << ": nhận " << report->cells_pulled << " ô dữ liệu.\n";
    // Only a copy replacing an earlier machine of the node has any.
    if (work.any()) {
      std::cout << "Nhận lại công việc của đơn vị đã gửi từ máy trước: " << work.progress << " dòng tiến độ, "
                << work.stories << " bài (mọi trạng thái), " << work.nominations << " đề nghị khen thưởng, "
                << work.photos << " ảnh.\n";
    }
  }
  return 0;
}

int run_sync(SyncOptions o) {
  if (!o.watch_text.empty()) {
    auto every = parse_whole_number(o.watch_text, "--watch", 1, 86400);
    if (!every) return fail("không đồng bộ được", every.status());
    o.watch_s = static_cast<int>(*every);
  }
  auto store = open_node_db(o.db);
  if (!store) return fail_open_db(store.status());
  if (o.watch_s <= 0) {
    auto report = sync_node(**store, options_for(o.quiet || o.json));
    if (!o.quiet && !o.json) std::cerr << "\r";
    if (!report) return fail("đồng bộ chưa xong, dữ liệu vẫn được giữ trên máy và sẽ gửi lần sau", report.status());
    print_report(*report, o.json);
    return 0;
  }
  // --watch: sync now and every N seconds until Ctrl+C; a failed round is
  // reported and retried at the next tick, never fatal.
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  while (!g_stop) {
    auto report = sync_node(**store, options_for(true));
    if (report) {
      print_report(*report, o.json);
    } else {
      std::cerr << "thidua: chưa đồng bộ được (sẽ thử lại sau " << o.watch_s << " giây): "
                << report.status().message() << "\n";
    }
    for (int i = 0; i < o.watch_s * 10 && !g_stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}

}  // namespace

void add_node_sync_commands(CLI::App& node, Action* action) {
  auto init = std::make_shared<InitOptions>();
  auto* i = node.add_subcommand("init", "Khởi tạo máy của đơn vị: tải bản sao dữ liệu được phép xem từ máy chủ");
  add_db_option(*i, init->db, "Tệp cơ sở dữ liệu sẽ tạo trên máy này");
  i->add_option("--server", init->server, "Địa chỉ máy chủ, ví dụ http://192.0.2.10:8787")->required();
  i->add_option("--token", init->token, "Mã truy cập do người quản trị cấp")->required();
  i->add_flag("--json", init->json, "In kết quả dạng JSON");
  i->callback([init, action] { *action = [init] { return run_init(*init); }; });

  auto sync = std::make_shared<SyncOptions>();
  auto* s = node.add_subcommand("sync", "Đồng bộ với máy chủ: gửi mọi thay đổi đang chờ, nhận thay đổi mới");
  add_db_option(*s, sync->db, "Cơ sở dữ liệu của nút");
  s->add_option("--watch", sync->watch_text, "Đồng bộ lặp lại mỗi N giây (1–86400) cho đến khi dừng (Ctrl+C)");
  s->add_flag("--json", sync->json, "In kết quả dạng JSON");
  s->add_flag("--quiet", sync->quiet, "Không hiện dòng tiến độ");
  s->callback([sync, action] { *action = [sync] { return run_sync(*sync); }; });
}

}  // namespace thidua::cli
