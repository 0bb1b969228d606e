#include "cli/demo_nodes.h"

#include <iomanip>
#include <iostream>

namespace thidua::cli {

std::vector<DemoNode> demo_nodes() {
  std::vector<DemoNode> nodes(6);
  nodes[kProvince] = {"ban-tdkt", "province", "Ban TĐKT (tỉnh)", "", nullptr, false};
  nodes[kDongVan] = {"dong-van", "district", "Đồng Văn", "", nullptr, false};
  nodes[kMeoVac] = {"meo-vac", "district", "Mèo Vạc (mạng chập chờn)", "", nullptr, true};
  nodes[kYenMinh] = {"yen-minh", "district", "Yên Minh", "", nullptr, false};
  nodes[kUbndTinh] = {"ubnd-tinh", "province", "UBND tỉnh", "", nullptr, false};
  nodes[kDoanhNghiep] = {
      "hoi-doanh-nghiep", "district", "Hội Doanh nghiệp tỉnh", "", nullptr, false};
  return nodes;
}

std::string pad(const std::string& s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

void print_row(const std::string& who, const SyncReport& r) {
  std::cout << "  " << pad(who, 26) << std::right << std::setw(4) << r.requests << " yêu cầu"
            << std::setw(8) << r.bytes_sent << " B đi" << std::setw(8) << r.bytes_received
            << " B về" << std::setw(6) << r.cells_pushed << " ô gửi" << std::setw(6)
            << r.cells_pulled << " ô nhận";
  if (r.photos_uploaded) std::cout << ", " << r.photos_uploaded << " ảnh";
  if (r.photos_downloaded) std::cout << ", tải về " << r.photos_downloaded << " ảnh";
  if (r.retries) std::cout << ", thử lại " << r.retries << " lần";
  if (r.rows_withdrawn) std::cout << ", xoá " << r.rows_withdrawn << " bài bị gỡ";
  std::cout << "\n";
}

Result<SyncReport> sync_until_done(Store& store, int tries) {
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

}  // namespace thidua::cli
