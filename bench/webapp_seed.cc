// Seeding the web app benchmark's two copies (bench/webapp_seed.h). Rows
// are written straight through Store::write, in one transaction each, as
// sync would leave them; only the district's own reports go through
// records (report_progress), as a clerk makes them.
#include "bench/webapp_seed.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "bench/bench_support.h"
#include "plan/import.h"
#include "plan/loader.h"
#include "records/records.h"
#include "store/hlc.h"
#include "store/node_store.h"
#include "store/store.h"

namespace thidua::bench {
namespace {

constexpr const char* kDistrict = "dong-van";
constexpr const char* kProvince = "ubnd-tinh";

// ~480 bytes of varied Vietnamese prose, like a story's body.
std::string prose(std::mt19937& rng) {
  static const char* kWords[] = {"đồng bào", "bản", "rừng", "ruộng bậc thang", "hợp tác xã",
                                 "chè Shan tuyết", "đường", "trường học", "thôn", "giúp đỡ",
                                 "gương mẫu", "phong trào", "năm", "người dân", "xây dựng"};
  std::string out;
  while (out.size() < 480) {
    out += kWords[rng() % std::size(kWords)];
    out += (rng() % 9 == 0) ? ". " : " ";
  }
  return out;
}

std::string hex_id(std::mt19937& rng, int i) {
  char id[33];
  std::snprintf(id, sizeof id, "%016x%016x", static_cast<unsigned>(rng()), i);
  return id;
}

struct Opened {
  Content content;
  std::unique_ptr<Store> store;
  std::vector<std::string> districts;  // unit ids of kind district, in file order
};

Opened open_copy(const std::string& db, const SeedOptions& o, const char* unit, const char* role) {
  Opened c{check(load_content(o.content), "load " + o.content), check(Store::open(db), "open " + db), {}};
  check(import_content(*c.store, c.content), "import the plan");
  check(NodeStore(*c.store).set_node_config({unit, role, "http://127.0.0.1:1", "t", {}, {}}), "node config");
  for (const auto& u : c.content.units)
    if (u.kind == "district") c.districts.push_back(u.id);
  if (c.districts.empty()) die("content has no district units");
  return c;
}

void write_story(Store& s, std::mt19937& rng, const std::string& id, const std::string& unit,
                 int i, const char* status) {
  check(s.write("stories", {{"id", id},
                            {"unit_id", unit},
                            {"title", "Điển hình tiên tiến số " + std::to_string(i)},
                            {"subject", "Nguyễn Văn " + std::to_string(i % 97)},
                            {"category", std::string("individual")},
                            {"status", std::string(status)},
                            {"created_on", std::string("2021-06-01")},
                            {"body_md", prose(rng)}}),
        "story " + id);
}

void write_nomination(Store& s, std::mt19937& rng, const std::string& id, const std::string& unit,
                      int i, const char* status) {
  check(s.write("nominations", {{"id", id},
                                {"unit_id", unit},
                                {"nominee", "Lò Thị " + std::to_string(i)},
                                {"nominee_kind", std::string(i % 5 ? "individual" : "collective")},
                                {"award", std::string("Giấy khen của Chủ tịch UBND tỉnh")},
                                {"achievement_md", prose(rng)},
                                {"status", std::string(status)}}),
        "nomination " + id);
}

void ack_all(Store& s) {
  auto out = check(s.outbox(), "outbox");
  if (!out.empty()) check(s.ack_outbox(out.back().seq), "ack outbox");
}

// `n` of the district's own stories get a body the province wrote later:
// the remote body wins and this copy's is the lost side of a conflict.
void make_conflicts(Store& s, const std::vector<std::string>& stories, int n) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<RemoteCell> cells;
  for (int i = 0; i < n && i < static_cast<int>(stories.size()); ++i) {
    check(s.write("stories", {{"id", stories[i]}, {"body_md", "Bản của huyện, sửa lần " + std::to_string(i)}}),
          "local edit");
    cells.push_back({"stories", stories[i], "body_md", std::string("Bản của tỉnh"),
                     hlc_pack(now + 60'000, static_cast<std::uint32_t>(i)), "bbbbbbbbbbbbbbbb", std::nullopt});
  }
  const auto applied = check(s.apply_remote(cells), "apply the province's bodies");
  if (applied.conflicts != static_cast<int>(cells.size()))
    die("expected " + std::to_string(cells.size()) + " conflicts, got " + std::to_string(applied.conflicts));
}

}  // namespace

SeededDistrict seed_district(const std::string& db, const SeedOptions& o) {
  auto c = open_copy(db, o, kDistrict, "district");
  Store& s = *c.store;
  SeededDistrict out;
  std::mt19937 rng(12);
  std::vector<std::string> own;
  const char* statuses[] = {"draft", "submitted", "published", "rejected"};
  const char* nom_statuses[] = {"submitted", "rejected", "appraised", "approved", "forwarded"};
  check(s.transaction([&]() -> Status {
    for (int i = 0; i < o.stories; ++i) {
      const std::string id = hex_id(rng, i);
      if (i % 100 < o.own_percent) {
        write_story(s, rng, id, kDistrict, i, statuses[i % 4]);
        own.push_back(id);
      } else {
        write_story(s, rng, id, c.districts[i % c.districts.size()], i, "published");
      }
    }
    for (int i = 0; i < o.nominations; ++i) {
      const std::string id = hex_id(rng, i);
      write_nomination(s, rng, id, kDistrict, i, nom_statuses[i % 5]);
      if (i == o.nominations / 2) out.nomination = id;
    }
    return Status::ok();
  }), "write stories and nominations");
  if (own.empty() || out.nomination.empty()) die("no own story or nomination seeded");
  out.own_story = own[own.size() / 2];
  out.own_stories = static_cast<int>(own.size());
  for (const auto& plan : c.content.plans)
    for (const auto& t : plan.tasks) out.tasks.push_back(t.id);
  const char* days[] = {"2021-03-20", "2021-06-20", "2021-09-20", "2021-12-20"};
  const char* status[] = {"not_started", "in_progress", "in_progress", "done"};
  for (int round = 0; round < 4; ++round) {
    if (round == 3) ack_all(s);
    for (const auto& t : out.tasks) {
      ProgressReport r{t, status[round], 25 * (round + 1),
                       "Đã triển khai tới **" + std::to_string(round + 1) + "/4** thôn.\n\n" + prose(rng),
                       days[round]};
      check(report_progress(s, r), "report " + t);
    }
  }
  make_conflicts(s, own, o.conflicts);
  return out;
}

SeededProvince seed_province(const std::string& db, const SeedOptions& o) {
  auto c = open_copy(db, o, kProvince, "province");
  Store& s = *c.store;
  SeededProvince out;
  std::mt19937 rng(21);
  const auto& units = c.districts;
  check(s.transaction([&]() -> Status {
    // Every `step`-th story waits: submitted, one in six approved.
    const int step = o.waiting > 0 ? std::max(1, o.stories / o.waiting) : o.stories + 1;
    for (int i = 0; i < o.stories; ++i) {
      const std::string id = hex_id(rng, i);
      const bool waits = i % step == 0;
      write_story(s, rng, id, units[i % units.size()], i,
                  !waits ? "published" : (i / step) % 6 == 5 ? "approved" : "submitted");
      if (waits && out.waiting_story.empty() && i / step >= o.waiting / 2) out.waiting_story = id;
    }
    const char* decided[] = {"rejected", "approved", "forwarded"};
    for (int i = 0; i < o.waiting_noms * 3; ++i) {
      const std::string id = hex_id(rng, i);
      const bool waits = i % 3 == 0;
      write_nomination(s, rng, id, units[i % units.size()], i,
                       waits ? (i % 2 ? "appraised" : "submitted") : decided[i % 3]);
      if (waits && out.waiting_nomination.empty() && i >= o.waiting_noms * 3 / 2) out.waiting_nomination = id;
    }
    for (const auto& plan : c.content.plans) {
      for (const auto& t : plan.tasks) {
        // The units the plan names, then every district (the districts
        // report on every task, as the district copy's clerk does).
        std::vector<std::string> reporters = t.units;
        for (const auto& u : units)
          if (std::find(reporters.begin(), reporters.end(), u) == reporters.end()) reporters.push_back(u);
        for (const auto& u : reporters) {
          THIDUA_RETURN_IF_ERROR(s.write(
              "progress", {{"id", t.id + ":" + u},
                           {"task_id", t.id},
                           {"unit_id", u},
                           {"status", std::string(out.reports % 3 ? "done" : "in_progress")},
                           {"percent", std::int64_t{out.reports % 3 ? 100 : 80}},
                           {"note_md", "Đã triển khai tới **4/4** thôn.\n\n" + prose(rng)},
                           {"reported_on", std::string("2021-12-20")}}));
          if (out.task.empty() && !t.units.empty()) out.task = t.id, out.unit = t.units.front();
          ++out.reports;
        }
      }
    }
    return Status::ok();
  }), "write the province's copy");
  if (out.waiting_story.empty() || out.waiting_nomination.empty() || out.task.empty())
    die("nothing waiting or reported in the province's copy");
  ack_all(s);
  return out;
}

}  // namespace thidua::bench
