// A central database with the real 2021 plan and a few stories, progress
// rows with history and nominations, for the site generator's tests.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "plan/import.h"
#include "plan/loader.h"
#include "sitegen/site.h"
#include "store/store.h"
#include "tests/support/temp_dir.h"
#include "store/server_store.h"

namespace thidua::testing {

// A text no published page may contain: it lives only in drafts.
inline const std::string kDraftMarker = "BAN-NHAP-KHONG-DUOC-LO-7f3a9c";

struct SiteFixture {
  TempDir dir;
  std::string db = dir.file("central.db");
  std::string content = THIDUA_SOURCE_DIR "/content";
  std::string out = dir.file("public");
  std::string district_node = "d0d0d0d0d0d0d0d0";

  SiteFixture() {
    auto store = open();
    auto content_data = load_content(content);
    REQUIRE_MESSAGE(content_data.is_ok(), content_data.status().message());
    REQUIRE(import_content(*store, *content_data).is_ok());
    REQUIRE(ServerStore(*store).add_server_node(ServerNode{district_node, "dong-van", "district", "Đồng Văn", "", {}, {}, 0},
                                   std::string(64, 'a')).is_ok());
    story(*store, "s1", "dong-van", "Người giữ rừng ở Lũng Cú", "individual", "published", "2021-05-02",
          "Ông **Sùng Mí Páo** giữ rừng đầu nguồn.\n\n# Kết quả\n\nHơn 40 héc-ta rừng được giữ nguyên.");
    story(*store, "s2", "meo-vac", "Hợp tác xã chè Shan tuyết", "business", "published", "2021-06-10",
          "Hợp tác xã làm chè sạch cho đồng bào.");
    story(*store, "s3", "yen-minh", "Bản nháp: " + kDraftMarker, "collective", "draft", "",
          "Nội dung nháp " + kDraftMarker);
    story(*store, "s4", "dong-van", "Bị trả lại " + kDraftMarker, "collective", "rejected", "", kDraftMarker);
    story(*store, "s5", "dong-van", "Đã gửi " + kDraftMarker, "individual", "submitted", "", kDraftMarker);
    REQUIRE(store->write("nominations", {{"id", std::string("n1")}, {"unit_id", std::string("dong-van")},
                                         {"nominee", std::string("Sùng Mí Páo")}, {"award", std::string("Bằng khen")},
                                         {"status", std::string("approved")}, {"council_session", std::string("2021-06")},
                                         {"decision_no", std::string("123/QĐ-UBND")},
                                         {"decided_on", std::string("2021-06-30")}}).is_ok());
    REQUIRE(store->write("nominations", {{"id", std::string("n2")}, {"unit_id", std::string("meo-vac")},
                                         {"nominee", std::string("Chưa duyệt " + kDraftMarker)},
                                         {"award", std::string("Giấy khen")}, {"status", std::string("submitted")}}).is_ok());
    // Progress as the district's node sent it, so the audit log has history.
    report(*store, "2021-q1-01:dong-van", "in_progress", 40, "Đang triển khai", 1);
    report(*store, "2021-q1-01:dong-van", "done", 100, "Đã xong", 2);
    // The note as the province reviewed and published it (issue 13): the
    // only one the site shows.
    REQUIRE(store->write("progress", {{"id", std::string("2021-q1-01:dong-van")},
                                      {"public_note_md", std::string("Hoàn thành ở **19 xã**.")}}).is_ok());
    commendation_cycle(*store);
  }

  // Issue 13: award kinds, a council session, and two decided commendations
  // (one province-level, one state-level conferred by the centre) whose
  // dossiers hold text the site must never show.
  void commendation_cycle(Store& s) {
    award_kind(s, "bang-khen-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "province", "chu-tich-ubnd-tinh", 1);
    award_kind(s, "co-thi-dua-cp", "Cờ thi đua của Chính phủ", "state", "thu-tuong", 2);
    REQUIRE(s.write("council_sessions", {{"id", std::string("2021-q2")}, {"year", std::int64_t{2021}},
                                         {"quarter", std::int64_t{2}}, {"held_on", std::string("2021-06-25")},
                                         {"title", std::string("Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh quý II/2021")},
                                         {"place", std::string("Hội trường UBND tỉnh")},
                                         {"status", std::string("held")}}).is_ok());
    Row province = nomination("n3", "meo-vac", "Hợp tác xã chè Shan tuyết Mèo Vạc", "business", "bang-khen-tinh",
                              "approved");
    province["session_id"] = std::string("2021-q2");
    province["decision_no"] = std::string("456/QĐ-UBND");
    province["decided_on"] = std::string("2021-06-30");
    province["signing_level"] = std::string("chu-tich-ubnd-tinh");
    REQUIRE(s.write("nominations", province).is_ok());
    Row state = nomination("n4", "dong-van", "Giàng Thị Mai", "entrepreneur", "co-thi-dua-cp", "forwarded");
    state["session_id"] = std::string("2021-q2");
    state["forwarded_on"] = std::string("2021-07-01");
    state["centre_result"] = std::string("conferred");
    state["decision_no"] = std::string("789/QĐ-TTg");
    state["decided_on"] = std::string("2021-07-10");
    state["signing_level"] = std::string("thu-tuong");
    REQUIRE(s.write("nominations", state).is_ok());
  }

  void award_kind(Store& s, const std::string& id, const std::string& name, const std::string& level,
                  const std::string& signer, std::int64_t ordinal) {
    REQUIRE(s.write("award_kinds", {{"id", id}, {"name", name}, {"level", level}, {"signer", signer},
                                    {"ordinal", ordinal}}).is_ok());
  }

  // A nomination whose dossier (achievement, appraisal, review note) holds
  // kDraftMarker: no page may show it, decided or not.
  static Row nomination(const std::string& id, const std::string& unit, const std::string& nominee,
                        const std::string& kind, const std::string& award_kind, const std::string& status) {
    return Row{{"id", id},
               {"unit_id", unit},
               {"nominee", nominee},
               {"nominee_kind", kind},
               {"award", std::string("Đề nghị của huyện")},
               {"award_kind", award_kind},
               {"achievement_md", "Thành tích " + kDraftMarker},
               {"appraisal_note", "Thẩm định " + kDraftMarker},
               {"appraised_on", std::string("2021-06-01")},
               {"review_note", "Ý kiến " + kDraftMarker},
               {"status", status}};
  }

  std::unique_ptr<Store> open() {
    auto s = Store::open(db);
    REQUIRE_MESSAGE(s.is_ok(), s.status().message());
    return std::move(*s);
  }

  void story(Store& s, const std::string& id, const std::string& unit, const std::string& title,
             const std::string& category, const std::string& status, const std::string& published_on,
             const std::string& body) {
    Row row{{"id", id},          {"unit_id", unit},     {"title", title},   {"subject", std::string("Chủ thể")},
            {"category", category}, {"status", status}, {"body_md", body}, {"created_on", std::string("2021-04-01")}};
    if (!published_on.empty()) row["published_on"] = published_on;
    REQUIRE(s.write("stories", row).is_ok());
  }

  void report(Store& s, const std::string& id, const std::string& status, std::int64_t percent,
              const std::string& note, int step) {
    const Hlc t = hlc_pack(1'620'000'000'000 + step * 1000, 0);
    std::vector<RemoteCell> cells = {
        {"progress", id, "_row", std::int64_t{1}, t, district_node, {}},
        {"progress", id, "task_id", id.substr(0, id.find(':')), t, district_node, {}},
        {"progress", id, "unit_id", id.substr(id.find(':') + 1), t, district_node, {}},
        {"progress", id, "status", status, t, district_node, {}},
        {"progress", id, "percent", percent, t, district_node, {}},
        {"progress", id, "note_md", note, t, district_node, {}},
        {"progress", id, "reported_on", std::string("2021-03-2") + std::to_string(step), t, district_node, {}}};
    ApplyOptions o;
    o.audit = true;
    auto r = s.apply_remote(cells, o);
    REQUIRE(r.is_ok());
  }

  Result<site::BuildReport> build(const std::string& out_dir = "") {
    site::BuildOptions o;
    o.db_path = db;
    o.content_dir = content;
    o.out_dir = out_dir.empty() ? out : out_dir;
    o.base_url = "https://thidua.example.vn/";
    o.today = "2021-07-15";
    return site::build_site(o);
  }
};

// Every file under `root` (relative path -> bytes).
inline std::map<std::string, std::string> read_tree(const std::string& root) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    files[std::filesystem::relative(e.path(), root).string()] = buf.str();
  }
  return files;
}

}  // namespace thidua::testing
