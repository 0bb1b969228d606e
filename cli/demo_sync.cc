#include "cli/demo_sync.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "cli/db_option.h"
#include "cli/demo_png.h"
#include "cli/output.h"
#include "netsim/proxy.h"
#include "records/records.h"
#include "sync/client/client.h"
#include "common/hex.h"
#include "sync/server/server.h"
#include "store/node_store.h"
#include "store/server_store.h"

namespace thidua::cli {
namespace {

namespace fs = std::filesystem;

struct DemoNode {
  std::string unit, role, label;
  std::string token;
  std::unique_ptr<Store> store;
  bool flaky = false;
};

Result<std::string> read_sample(const std::string& content_dir, const std::string& name) {
  std::ifstream in(fs::path(content_dir) / "samples" / name, std::ios::binary);
  if (!in) return Status::not_found("không có tệp mẫu " + (fs::path(content_dir) / "samples" / name).string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `s` padded with spaces to `width` characters (not bytes: Vietnamese
// letters take two or three bytes each).
std::string pad(const std::string& s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

void print_row(const std::string& who, const SyncReport& r) {
  std::cout << "  " << pad(who, 26) << std::right << std::setw(4) << r.requests
            << " yêu cầu" << std::setw(8) << r.bytes_sent << " B đi" << std::setw(8) << r.bytes_received
            << " B về" << std::setw(6) << r.cells_pushed << " ô gửi" << std::setw(6) << r.cells_pulled
            << " ô nhận";
  if (r.photos_uploaded) std::cout << ", " << r.photos_uploaded << " ảnh";
  if (r.photos_downloaded) std::cout << ", tải về " << r.photos_downloaded << " ảnh";
  if (r.retries) std::cout << ", thử lại " << r.retries << " lần";
  if (r.rows_withdrawn) std::cout << ", xoá " << r.rows_withdrawn << " bài bị gỡ";
  std::cout << "\n";
}

// Syncs until it succeeds: a dropping link may need a few tries, as a
// clerk pressing "sync" again would.
Result<SyncReport> sync_until_done(Store& store, int tries = 8) {
  ClientOptions o;
  o.backoff_base_ms = 50;
  o.backoff_max_ms = 400;
  SyncReport total;
  for (int i = 0; i < tries; ++i) {
    auto r = sync_node(store, o);
    if (r) {
      total.requests += r->requests;
      total.retries += r->retries;
      total.bytes_sent += r->bytes_sent;
      total.bytes_received += r->bytes_received;
      total.cells_pushed += r->cells_pushed;
      total.cells_pulled += r->cells_pulled;
      total.photos_uploaded += r->photos_uploaded;
      total.rows_withdrawn += r->rows_withdrawn;
      return total;
    }
    total.retries += 1;
  }
  return Status::io("đường truyền bị ngắt ở mọi lần thử");
}

// Syncs nodes[from..] one after the other, printing a row each when asked.
Status sync_nodes(std::vector<DemoNode>& nodes, std::size_t from, bool print) {
  for (std::size_t i = from; i < nodes.size(); ++i) {
    auto r = sync_until_done(*nodes[i].store);
    if (!r) return r.status().with_context(nodes[i].unit);
    if (print) print_row(nodes[i].label, *r);
  }
  return Status::ok();
}

std::int64_t story_count(Store& s) {
  auto n = s.count("stories");
  return n ? *n : 0;
}

// The four demo machines: the province and three districts, one of them
// (Mèo Vạc) behind the link that drops.
std::vector<DemoNode> demo_nodes() {
  std::vector<DemoNode> nodes(4);
  nodes[0] = {"ban-tdkt", "province", "Ban TĐKT (tỉnh)", "", nullptr, false};
  nodes[1] = {"dong-van", "district", "Đồng Văn", "", nullptr, false};
  nodes[2] = {"meo-vac", "district", "Mèo Vạc (mạng chập chờn)", "", nullptr, true};
  nodes[3] = {"yen-minh", "district", "Yên Minh", "", nullptr, false};
  return nodes;
}

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

// What one district does offline: progress on some tasks and one story.
struct Work {
  std::size_t node;
  std::string sample, title, subject, category;
  std::vector<std::string> tasks;
};

// Step 2 for one district: its progress reports, then its story submitted.
// The story's id is appended to `story_ids`.
int do_work(const Work& w, DemoNode& node, const std::string& content_dir, const std::string& photo_path,
            std::vector<std::string>& story_ids) {
  Store& s = *node.store;
  for (std::size_t k = 0; k < w.tasks.size(); ++k) {
    ProgressReport p;
    p.task_id = w.tasks[k];
    p.status = k == 0 ? "done" : "in_progress";
    p.percent = k == 0 ? 100 : 40 + 20 * static_cast<std::int64_t>(k);
    p.note_md = "Báo cáo của " + node.label + " về nhiệm vụ " + w.tasks[k];
    auto id = report_progress(s, p);
    if (!id) return fail("không báo cáo được tiến độ", id.status());
  }
  auto body = read_sample(content_dir, w.sample);
  if (!body) return fail("không đọc được bài mẫu", body.status());
  NewStory story{w.title, w.subject, w.category, *body, {}, "", ""};
  if (w.node == 1) story.photo_paths = {photo_path};
  auto id = add_story(s, story);
  if (!id) return fail("không viết được bài", id.status());
  if (Status st = submit_story(s, *id); !st.is_ok()) return fail("không gửi duyệt được bài", st);
  story_ids.push_back(*id);
  auto pending = s.outbox_count();
  std::cout << "  " << pad(node.label, 26) << w.tasks.size() << " báo cáo tiến độ, 1 bài \"" << w.title << "\""
            << (w.node == 1 ? " kèm ảnh" : "") << " — " << (pending ? *pending : 0) << " ô chờ gửi\n";
  return 0;
}

// Step 2: the districts work offline (Đồng Văn's story has a photo).
int work_offline(const std::string& dir, const std::string& content_dir, std::vector<DemoNode>& nodes,
                 std::vector<std::string>& story_ids) {
  std::cout << "\n2. Các huyện làm việc khi mất mạng: báo cáo tiến độ, viết bài điển hình.\n";
  const std::string photo_path = (fs::path(dir) / "nui-rong.png").string();
  {
    std::ofstream png(photo_path, std::ios::binary);
    png << make_demo_png(64, 40);
  }
  const std::vector<Work> work = {
      {1, "nguoi-giu-rung-lung-cu.md", "Người giữ rừng ở Lũng Cú", "Ông Sùng Mí Páo", "individual",
       {"2021-q1-01", "2021-q1-10", "2021-q2-09"}},
      {2, "co-giao-ban-mong.md", "Cô giáo đưa học trò trở lại lớp", "Cô Lò Thị Hoa", "individual",
       {"2021-q1-01", "2021-q2-02"}},
      {3, "hop-tac-xa-che-shan.md", "Hợp tác xã chè Shan tuyết Đông Minh", "HTX chè Đông Minh", "business",
       {"2021-q1-01", "2021-q2-06", "2021-q3-05"}},
  };
  for (const auto& w : work) {
    if (int rc = do_work(w, nodes[w.node], content_dir, photo_path, story_ids); rc != 0) return rc;
  }
  return 0;
}

// Steps 3 to 5: the districts sync, the province publishes every story, the
// districts receive each other's.
int publish_stories(std::vector<DemoNode>& nodes, const std::vector<std::string>& story_ids) {
  std::cout << "\n3. Có mạng: các huyện đồng bộ (Mèo Vạc qua đường truyền rớt):\n";
  if (Status st = sync_nodes(nodes, 1, true); !st.is_ok()) return fail("không đồng bộ được", st);

  std::cout << "\n4. Tỉnh nhận bài, duyệt và đăng:\n";
  Store& province = *nodes[0].store;
  auto got = sync_until_done(province);
  if (!got) return fail("tỉnh không đồng bộ được", got.status());
  print_row(nodes[0].label, *got);
  for (const auto& id : story_ids) {
    ReviewDetails d;
    d.note = "Bài tốt, đăng lên trang công khai.";
    if (Status st = review_story(province, id, Decision::kPublish, d); !st.is_ok()) return fail("không duyệt được bài", st);
  }
  auto published = sync_until_done(province);
  if (!published) return fail("tỉnh không đồng bộ được", published.status());
  print_row(nodes[0].label, *published);

  std::cout << "\n5. Các huyện nhận bài đã đăng của nhau:\n";
  if (Status st = sync_nodes(nodes, 1, true); !st.is_ok()) return fail("không đồng bộ được", st);
  return 0;
}

// Step 6, a correction: the province withdraws Yên Minh's story, the others'
// copies go at their next sync; published again, it comes back whole.
int withdraw_and_republish(std::vector<DemoNode>& nodes, const std::vector<std::string>& story_ids) {
  Store& province = *nodes[0].store;
  std::cout << "\n6. Tỉnh gỡ bài của " << nodes.back().label << " để đính chính, rồi đăng lại:\n";
  ReviewDetails correction;
  correction.note = "Gỡ để đính chính số liệu.";
  if (Status st = review_story(province, story_ids.back(), Decision::kUnpublish, correction); !st.is_ok()) {
    return fail("không gỡ được bài", st);
  }
  if (Status st = sync_nodes(nodes, 0, true); !st.is_ok()) return fail("không đồng bộ được", st);
  std::cout << "  sau khi gỡ: " << nodes[1].label << " giữ " << story_count(*nodes[1].store) << " bài, "
            << nodes.back().label << " vẫn giữ bài của mình (" << story_count(*nodes.back().store) << " bài)\n";
  correction.note = "Đã đính chính, đăng lại.";
  if (Status st = review_story(province, story_ids.back(), Decision::kPublish, correction); !st.is_ok()) {
    return fail("không đăng lại được bài", st);
  }
  if (Status st = sync_nodes(nodes, 0, false); !st.is_ok()) return fail("không đồng bộ được", st);
  std::cout << "  đăng lại: " << nodes[1].label << " lại giữ " << story_count(*nodes[1].store) << " bài\n";
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
  std::cout << "  máy mới nhận " << unit_rows(**fresh, "progress", node.unit) << "/"
            << unit_rows(old_pc, "progress", node.unit) << " dòng tiến độ và "
            << unit_rows(**fresh, "stories", node.unit) << "/" << unit_rows(old_pc, "stories", node.unit)
            << " bài của " << node.label << " (so với máy cũ), cùng " << story_count(**fresh)
            << " bài tất cả\n";
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
  std::cout << "\nKết quả trên máy chủ: " << (progress ? *progress : 0) << " dòng tiến độ, "
            << (stories ? *stories : 0) << " bài (đã đăng), " << (photos ? *photos : 0) << " ảnh.\n"
            << "Đường truyền của Mèo Vạc: " << stats.connections << " kết nối, " << stats.cuts << " lần rớt, "
            << stats.bytes_up << " B đi, " << stats.bytes_down << " B về — không mất, không trùng dữ liệu.\n";
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
  drops.seed = 2021;
  auto proxy = netsim::Proxy::start("127.0.0.1", (*server)->port(), drops);
  if (!proxy) return fail("không tạo được đường truyền giả lập", proxy.status());
  const std::string flaky_url = "http://127.0.0.1:" + std::to_string((*proxy)->port());

  std::cout << "\nMáy chủ đồng bộ chạy tại " << url << "; Mèo Vạc nối qua đường truyền rớt ngẫu nhiên " << flaky_url
            << "\n\n1. Khởi tạo 4 máy (tải bản sao được phép xem):\n";
  if (int rc = init_nodes(dir, url, flaky_url, nodes); rc != 0) return rc;
  std::vector<std::string> story_ids;
  if (int rc = work_offline(dir, content_dir, nodes, story_ids); rc != 0) return rc;
  if (int rc = publish_stories(nodes, story_ids); rc != 0) return rc;
  if (int rc = withdraw_and_republish(nodes, story_ids); rc != 0) return rc;
  if (int rc = replace_machine(dir, url, nodes[1]); rc != 0) return rc;
  print_outcome(**central, **proxy, nodes);
  return point_at_default_server(nodes);
}

}  // namespace thidua::cli
