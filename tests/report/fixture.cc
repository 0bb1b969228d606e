#include "tests/report/fixture.h"

#include <doctest/doctest.h>

#include "plan/import.h"
#include "plan/loader.h"

namespace thidua::testing {
namespace {

using S = std::string;
using I = std::int64_t;

void put(Store& s, const std::string& table, const Row& row) {
  Status st = s.write(table, row);
  REQUIRE_MESSAGE(st.is_ok(), (table + ": " + st.message()));
}

// Every unit the plan names for `task` reports `status`, or only the
// first `only` of them when it is set.
void report_all(Store& s, const Content& c, const std::string& task, const std::string& status, int only = 0) {
  for (const auto& t : c.plans.front().tasks) {
    if (t.id != task) continue;
    int n = 0;
    for (const auto& u : t.units) {
      if (only && n++ >= only) break;
      put(s, "progress", {{"id", task + ":" + u}, {"task_id", task}, {"unit_id", u}, {"status", status},
                          {"percent", I{status == "done" ? 100 : 40}}, {"reported_on", S("2021-06-01")}});
    }
  }
}

void one_report(Store& s, const std::string& task, const std::string& unit, const std::string& status) {
  put(s, "progress", {{"id", task + ":" + unit}, {"task_id", task}, {"unit_id", unit}, {"status", status}});
}

void progress(Store& s, const Content& c) {
  put(s, "tasks", {{"id", S("2021-q2-02")}, {"due", S("2021-05-15")}});
  report_all(s, c, "2021-q1-01", "done");
  report_all(s, c, "2021-q1-02", "done", 1);        // one of two: in progress
  one_report(s, "2021-q1-03", "ubnd-tinh", "in_progress");
  one_report(s, "2021-q1-03", "ban-tdkt", "blocked");
  one_report(s, "2021-q1-04", "dong-van", "done");  // not named: moves nothing
  one_report(s, "2021-q1-05", "hoi-dong-tdkt", "not_started");
  report_all(s, c, "2021-q1-10", "done");
  report_all(s, c, "2021-q2-01", "done");
  report_all(s, c, "2021-q2-02", "in_progress", 1);
  report_all(s, c, "2021-q2-03", "done");
  report_all(s, c, "2021-q3-01", "done");
  report_all(s, c, "2021-q3-02", "blocked", 1);
  report_all(s, c, "2021-q4-01", "done");
  report_all(s, c, "2021-q4-02", "in_progress", 1);
}

void stories(Store& s) {
  struct St {
    const char *id, *unit, *title, *category, *status, *published_on;
  };
  const St list[] = {
      {"s1", "dong-van", "Người giữ rừng ở Lũng Cú", "individual", "published", "2021-02-10"},
      {"s2", "meo-vac", "Hợp tác xã chè Shan tuyết", "collective", "published", "2021-06-30"},
      {"s3", "yen-minh", "Doanh nghiệp đồng hành", "business", "published", "2021-07-01"},
      {"s4", "bac-me", "Cô giáo vùng cao", "individual", "published", "2021-11-20"},
      {"s5", "quan-ba", "Bản nháp", "individual", "draft", ""},
      {"s6", "xin-man", "Đã gửi, chưa duyệt", "individual", "submitted", ""},
      {"s7", "vi-xuyen", "Đã gỡ khỏi trang", "collective", "approved", "2021-03-01"},
      {"s8", "bac-quang", kHostileTitle, "individual", "published", "2021-04-02"},
  };
  for (const auto& st : list) {
    Row r = {{"id", S(st.id)}, {"unit_id", S(st.unit)}, {"title", S(st.title)}, {"subject", S("Nhân vật ") + st.id},
             {"category", S(st.category)}, {"status", S(st.status)}, {"body_md", S("Nội dung.")}};
    if (*st.published_on) r["published_on"] = S(st.published_on);
    put(s, "stories", r);
  }
}

void awards_and_sessions(Store& s) {
  struct K {
    const char *id, *name, *level, *signer;
    I ordinal;
  };
  const K kinds[] = {
      {"bang-khen-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "province", "chu-tich-ubnd-tinh", 1},
      {"co-thi-dua-tinh", "Cờ thi đua của UBND tỉnh", "province", "chu-tich-ubnd-tinh", 2},
      {"chien-si-thi-dua-tinh", "Chiến sĩ thi đua cấp tỉnh", "province", "chu-tich-ubnd-tinh", 3},
      {"bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "state", "thu-tuong", 4},
      {"huan-chuong-lao-dong-3", "Huân chương Lao động hạng Ba", "state", "chu-tich-nuoc", 5},
  };
  for (const auto& k : kinds)
    put(s, "award_kinds", {{"id", S(k.id)}, {"name", S(k.name)}, {"level", S(k.level)}, {"signer", S(k.signer)},
                           {"nominee_kinds", S("individual,collective,business,entrepreneur")},
                           {"ordinal", k.ordinal}});
  const char* held[] = {"2021-03-25", "2021-06-28", "2021-09-27", "2021-12-20"};
  const char* roman[] = {"I", "II", "III", "IV"};
  for (int q = 1; q <= 4; ++q)
    put(s, "council_sessions", {{"id", "hd-2021-q" + std::to_string(q)}, {"year", I{2021}}, {"quarter", I{q}},
                                {"held_on", S(held[q - 1])}, {"title", S("Phiên họp quý ") + roman[q - 1] + "/2021"},
                                {"place", S("Hội trường UBND tỉnh")}, {"status", S("held")}});
}

struct Nom {
  const char *id, *unit, *nominee, *kind, *award_kind, *status, *session;
  const char *decision_no, *decided_on, *signing, *forwarded_on, *centre_result;
};

void nominations(Store& s) {
  const Nom list[] = {
      {"n-sub-1", "dong-van", "Lò Thị Hoa", "individual", "bang-khen-tinh", "submitted", "", "", "", "", "", ""},
      {"n-sub-2", "meo-vac", "Công ty Chè Mèo Vạc", "business", "bang-khen-tinh", "submitted", "", "", "", "", "", ""},
      {"n-rej-1", "yen-minh", "Trường Tiểu học Yên Minh", "collective", "co-thi-dua-tinh", "rejected", "hd-2021-q2",
       "", "", "", "", ""},
      {"n-app-1", "bac-me", "Ông Hoàng Văn Páo", "entrepreneur", "bang-khen-tinh", "appraised", "hd-2021-q4", "", "",
       "", "", ""},
      {"n-app-2", "xin-man", "Bà Vàng Thị Mai", "individual", "chien-si-thi-dua-tinh", "appraised", "", "", "", "",
       "", ""},
      {"n-ok-1", "dong-van", "Ông Sùng Mí Páo", "individual", "bang-khen-tinh", "approved", "hd-2021-q1",
       "15/QĐ-UBND", "2021-03-30", "chu-tich-ubnd-tinh", "", ""},
      {"n-ok-2", "meo-vac", "Xã Lũng Pù", "collective", "co-thi-dua-tinh", "approved", "hd-2021-q2", "820/QĐ-UBND",
       "2021-06-29", "chu-tich-ubnd-tinh", "", ""},
      {"n-ok-3", "quan-ba", kHostileNominee, "business", "bang-khen-tinh", "approved", "hd-2021-q2", "821/QĐ-UBND",
       "2021-06-29", "chu-tich-ubnd-tinh", "", ""},
      {"n-ok-4", "bac-quang", "Bà Nguyễn Thị Lan", "entrepreneur", "bang-khen-tinh", "approved", "hd-2021-q3",
       "1500/QĐ-UBND", "2021-09-28", "chu-tich-ubnd-tinh", "", ""},
      {"n-ok-5", "vi-xuyen", "Ông Lý Văn Chứ", "individual", "chien-si-thi-dua-tinh", "approved", "hd-2021-q4",
       "2300/QĐ-UBND", "2021-12-21", "chu-tich-ubnd-tinh", "", ""},
      {"n-fw-1", "ban-tdkt", "Ông Vương Chí Sình", "individual", "huan-chuong-lao-dong-3", "forwarded", "hd-2021-q1",
       "1234/QĐ-CTN", "2021-08-20", "chu-tich-nuoc", "2021-04-15", "conferred"},
      {"n-fw-2", "so-gddt", "Trường PTDT Nội trú tỉnh", "collective", "bang-khen-thu-tuong", "forwarded",
       "hd-2021-q3", "", "", "", "2021-10-05", "declined"},
  };
  for (const auto& n : list) {
    Row r = {{"id", S(n.id)}, {"unit_id", S(n.unit)}, {"nominee", S(n.nominee)}, {"nominee_kind", S(n.kind)},
             {"award_kind", S(n.award_kind)}, {"award", S("(theo hình thức)")}, {"status", S(n.status)},
             {"achievement_md", S("Thành tích.")}};
    auto opt = [&](const char* col, const char* v) {
      if (*v) r[col] = S(v);
    };
    opt("session_id", n.session);
    opt("decision_no", n.decision_no);
    opt("decided_on", n.decided_on);
    opt("signing_level", n.signing);
    opt("forwarded_on", n.forwarded_on);
    opt("centre_result", n.centre_result);
    if (S(n.status) != "submitted") r["appraisal_note"] = S("Hồ sơ đủ điều kiện.");
    if (S(n.status) == "rejected" || S(n.centre_result) == "declined") r["review_note"] = S("Chưa đủ tiêu chuẩn.");
    put(s, "nominations", r);
  }
  const char* docs[][3] = {{"d1", "n-ok-1", "to-trinh"}, {"d2", "n-ok-1", "bao-cao-thanh-tich"},
                           {"d3", "n-fw-1", "bien-ban"}, {"d4", "n-sub-2", "khac"}};
  I ordinal = 0;
  for (const auto& d : docs)
    put(s, "nomination_documents", {{"id", S(d[0])}, {"nomination_id", S(d[1])}, {"kind", S(d[2])},
                                    {"blob_hash", S(std::string(64, 'a'))}, {"file_name", S(d[0]) + ".pdf"},
                                    {"ordinal", ++ordinal}});
}

}  // namespace

void make_full_year(const std::string& path, const std::string& content_dir) {
  auto content = load_content(content_dir);
  REQUIRE_MESSAGE(content.is_ok(), content.status().message());
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.is_ok(), store.status().message());
  Store& s = **store;
  REQUIRE(import_content(s, *content).is_ok());
  REQUIRE(s.transaction([&] {
             progress(s, *content);
             stories(s);
             awards_and_sessions(s);
             nominations(s);
             return Status::ok();
           }).is_ok());
}

}  // namespace thidua::testing
