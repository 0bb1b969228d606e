#include "cli/demo_sync.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "cli/db_option.h"
#include "cli/demo_cycle.h"
#include "cli/demo_png.h"
#include "cli/output.h"
#include "common/hex.h"
#include "netsim/proxy.h"
#include "records/records.h"
#include "store/node_store.h"
#include "store/server_store.h"
#include "sync/client/client.h"
#include "sync/server/server.h"

namespace thidua::cli {
namespace {

namespace fs = std::filesystem;

// Registers every node on the central database and gives each its token.
// Each step below returns the process exit code: 0, or 1 with the failure
// printed.
int register_nodes(Store& central, std::vector<DemoNode>& nodes) {
  for (auto& n : nodes) {
    ServerNode s{new_node_id(), n.unit, n.role, "demo " + n.unit, "", {}, {}, 0};
    n.token = new_token();
    if (Status st = ServerStore(central).add_server_node(s, sha256_hex(n.token)); !st.is_ok()) return fail("không thêm được nút", st);
  }
  return 0;
}

// Step 1: each node database made afresh under `dir`/nodes by `node init`.
int init_nodes(const std::string& dir, const std::string& url, const std::string& flaky_url,
               std::vector<DemoNode>& nodes) {
  fs::create_directories(fs::path(dir) / "nodes");
  for (auto& n : nodes) {
    std::string db = (fs::path(dir) / "nodes" / (n.unit + ".db")).string();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix, ec);
    ClientOptions o;
    o.backoff_base_ms = 50;
    auto made = init_node(db, n.flaky ? flaky_url : url, n.token, o);
    for (int i = 0; !made && n.flaky && i < 8; ++i) made = init_node(db, flaky_url, n.token, o);
    if (!made) return fail("không khởi tạo được nút " + n.unit, made.status());
    auto store = Store::open(db);
    if (!store) return fail_open_db(store.status());
    n.store = std::move(*store);
    print_row(n.label, *made);
  }
  return 0;
}

// Steps 3 to 5: every machine syncs, the province publishes the stories
// (each on its day) and takes the nominations through the council, the
// others receive what it published and decided.
int province_steps(std::vector<DemoNode>& nodes, const DemoSent& sent) {
  std::cout << "\n3. Có mạng: các máy đồng bộ (Mèo Vạc qua đường truyền rớt):\n";
  if (Status st = sync_nodes(nodes, 1, true); !st.is_ok()) return fail("không đồng bộ được", st);

  std::cout << "\n4. Tỉnh nhận bài và hồ sơ, đăng bài, họp Hội đồng, ghi quyết định:\n";
  Store& province = *nodes[kProvince].store;
  auto got = sync_until_done(province);
  if (!got) return fail("tỉnh không đồng bộ được", got.status());
  print_row(nodes[kProvince].label, *got);
  if (int rc = publish_stories(province, sent.stories); rc != 0) return rc;
  if (int rc = commendation_cycle(nodes[kProvince], sent); rc != 0) return rc;
  auto published = sync_until_done(province);
  if (!published) return fail("tỉnh không đồng bộ được", published.status());
  print_row(nodes[kProvince].label, *published);

  std::cout << "\n5. Các máy nhận bài đã đăng và kết quả xét khen thưởng:\n";
  if (Status st = sync_nodes(nodes, 1, true); !st.is_ok()) return fail("không đồng bộ được", st);
  return 0;
}

// Step 6, a correction: the province withdraws Yên Minh's story, the others'
// copies go at their next sync; published again (on 8 June 2021), it comes
// back whole.
int withdraw_and_republish(std::vector<DemoNode>& nodes, const std::string& story_id) {
  Store& province = *nodes[kProvince].store;
  const DemoNode& author = nodes[kYenMinh];
  const DemoNode& other = nodes[kDongVan];
  std::cout << "\n6. Tỉnh gỡ bài của " << author.label << " để đính chính, rồi đăng lại:\n";
  ReviewDetails correction;
  correction.note = "Gỡ để đính chính số liệu.";
  if (Status st = review_story(province, story_id, Decision::kUnpublish, correction); !st.is_ok()) {
    return fail("không gỡ được bài", st);
  }
  if (Status st = sync_nodes(nodes, 0, true); !st.is_ok()) return fail("không đồng bộ được", st);
  std::cout << "  sau khi gỡ: " << other.label << " giữ " << story_count(*other.store) << " bài, "
            << author.label << " vẫn giữ bài của mình (" << story_count(*author.store) << " bài)\n";
  correction.note = "Đã đính chính, đăng lại.";
  correction.today = "2021-06-08";
  if (Status st = review_story(province, story_id, Decision::kPublish, correction); !st.is_ok()) {
    return fail("không đăng lại được bài", st);
  }
  if (Status st = sync_nodes(nodes, 0, false); !st.is_ok()) return fail("không đồng bộ được", st);
  std::cout << "  đăng lại: " << other.label << " lại giữ " << story_count(*other.store)
            << " bài\n";
  return 0;
}

// How many rows of `table` belong to `unit` in `s`.
std::size_t unit_rows(Store& s, const char* table, const std::string& unit) {
  auto ids = s.ids_where(table, "unit_id", Value(unit));
  return ids ? ids->size() : 0;
}

// Step 7: Đồng Văn's PC is replaced. `node init` with the same token on a
// new database gets every row of the district, drafts and photos included
// (issue 11); the old PC, back on that token, is refused and changes
// nothing. The new machine then stands in for the old one.
int replace_machine(const std::string& dir, const std::string& url, DemoNode& node) {
  std::cout << "\n7. Máy của " << node.label << " hỏng, thay máy mới (thidua node init với cùng mã truy cập):\n";
  const std::string db = (fs::path(dir) / "nodes" / (node.unit + "-may-moi.db")).string();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix, ec);
  ClientOptions o;
  o.backoff_base_ms = 50;
  auto made = init_node(db, url, node.token, o);
  if (!made) return fail("không khởi tạo được máy mới của " + node.unit, made.status());
  auto fresh = Store::open(db);
  if (!fresh) return fail_open_db(fresh.status());
  print_row(node.label + " (máy mới)", *made);
  Store& old_pc = *node.store;
  std::cout << "  máy mới nhận " << unit_rows(**fresh, "nominations", node.unit) << "/"
            << unit_rows(old_pc, "nominations", node.unit) << " hồ sơ đề nghị khen thưởng và "
            << unit_rows(**fresh, "stories", node.unit) << "/"
            << unit_rows(old_pc, "stories", node.unit) << " bài của " << node.label
            << " (so với máy cũ), cùng " << story_count(**fresh) << " bài tất cả\n";
  auto back = sync_node(old_pc, o);
  if (back) return fail("máy cũ vẫn đồng bộ được", Status::conflict("hai máy cùng một mã nút"));
  std::cout << "  máy cũ đồng bộ lại: bị từ chối, không ghi gì lên máy chủ (thay đổi chưa gửi, nếu có, vẫn giữ trên máy cũ)\n";
  node.store = std::move(*fresh);
  return 0;
}

// What reached the server, what the dropping link did, what each district holds.
void print_outcome(Store& central, const netsim::Proxy& proxy, const std::vector<DemoNode>& nodes) {
  auto stats = proxy.stats();
  auto stories = central.count("stories");
  auto progress = central.count("progress");
  auto photos = central.count("blobs");
  auto nominations = central.count("nominations");
  std::cout << "\nKết quả trên máy chủ: " << (progress ? *progress : 0) << " dòng tiến độ, "
            << (stories ? *stories : 0) << " bài (đã đăng), " << (photos ? *photos : 0) << " ảnh, "
            << (nominations ? *nominations : 0) << " hồ sơ đề nghị khen thưởng.\n"
            << "Đường truyền của Mèo Vạc: " << stats.connections << " kết nối, " << stats.cuts
            << " lần rớt, " << stats.bytes_up << " B đi, " << stats.bytes_down
            << " B về — không mất, không trùng dữ liệu.\n";
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    std::cout << "  " << nodes[i].label << " giữ " << story_count(*nodes[i].store) << " bài\n";
  }
}

// Last: every node is pointed at the address `thidua server run` listens on
// by default, so that after the demo `server run --db <dir>/central.db` and
// the office web app's "Đồng bộ ngay" work together (the demo's own server
// was on a port of the moment).
int point_at_default_server(std::vector<DemoNode>& nodes) {
  for (auto& n : nodes) {
    NodeStore ns(*n.store);
    auto config = ns.node_config();
    if (!config) return fail_open_db(config.status());
    if (!*config) continue;
    (*config)->server_url = "http://127.0.0.1:8787";
    if (Status st = ns.set_node_config(**config); !st.is_ok()) return fail("không ghi được cấu hình máy", st);
  }
  return 0;
}

}  // namespace

int run_sync_demo(const std::string& dir, const std::string& content_dir, const std::string& central_path) {
  auto central = Store::open(central_path);
  if (!central) return fail_open_db(central.status());
  std::vector<DemoNode> nodes = demo_nodes();
  if (int rc = register_nodes(**central, nodes); rc != 0) return rc;

  ServerOptions so;
  so.db_path = central_path;
  so.port = 0;
  auto server = Server::open(so);
  if (!server) return fail("không chạy được máy chủ", server.status());
  std::thread serving([&] { (void)(*server)->run(); });
  struct Stopper {
    Server& s;
    std::thread& t;
    ~Stopper() {
      s.stop();
      t.join();
    }
  } stopper{**server, serving};
  const std::string url = "http://127.0.0.1:" + std::to_string((*server)->port());
  netsim::LinkProfile drops;
  drops.cut_probability = 0.5;
  drops.cut_range_bytes = 2048;  // the demo's requests are small: cut inside them
  drops.seed = 2021;
  auto proxy = netsim::Proxy::start("127.0.0.1", (*server)->port(), drops);
  if (!proxy) return fail("không tạo được đường truyền giả lập", proxy.status());
  const std::string flaky_url = "http://127.0.0.1:" + std::to_string((*proxy)->port());

  std::cout << "\nMáy chủ đồng bộ chạy tại " << url
            << "; Mèo Vạc nối qua đường truyền rớt ngẫu nhiên " << flaky_url << "\n\n1. Khởi tạo "
            << nodes.size() << " máy (tải bản sao được phép xem):\n";
  if (int rc = init_nodes(dir, url, flaky_url, nodes); rc != 0) return rc;
  const std::string photo_path = (fs::path(dir) / "nui-rong.png").string();
  {
    std::ofstream png(photo_path, std::ios::binary);
    png << make_demo_png(64, 40);
  }
  DemoSent sent;
  if (int rc = work_offline(nodes, content_dir, photo_path, sent); rc != 0) return rc;
  if (int rc = province_steps(nodes, sent); rc != 0) return rc;
  if (int rc = withdraw_and_republish(nodes, sent.stories.back().id); rc != 0) return rc;
  if (int rc = replace_machine(dir, url, nodes[kDongVan]); rc != 0) return rc;
  print_outcome(**central, **proxy, nodes);
  return point_at_default_server(nodes);
}

}  // namespace thidua::cli
