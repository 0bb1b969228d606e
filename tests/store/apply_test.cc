// Merging remote cells: greatest (hlc, node) wins, no capture, idempotent.
// Just over 400 lines: every rule of the merge in one place.
#include <algorithm>
#include <random>

#include "store/server_store.h"
#include "tests/store/fixture.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kPk = "2021-q1-01:dong-van";

RemoteCell cell(const std::string& column, Value value, Hlc hlc, const std::string& node = "bbbbbbbbbbbbbbbb",
                std::optional<Hlc> base = std::nullopt) {
  return RemoteCell{"progress", kPk, column, std::move(value), hlc, node, base};
}

// The cells another node's insert of a progress row would send.
std::vector<RemoteCell> remote_insert(Hlc hlc, const std::string& status, std::int64_t percent,
                                      const std::string& node = "bbbbbbbbbbbbbbbb") {
  return {cell("_row", std::int64_t{1}, hlc, node), cell("task_id", std::string("2021-q1-01"), hlc, node),
          cell("unit_id", std::string("dong-van"), hlc, node), cell("status", status, hlc, node),
          cell("percent", percent, hlc, node)};
}

Value column(Store& s, const std::string& table, const std::string& id, const std::string& col) {
  auto row = s.get(table, id);
  REQUIRE(row.is_ok());
  REQUIRE(row->has_value());
  return (**row)[col];
}

}  // namespace

TEST_CASE("remote cells create the row, set clocks and capture nothing") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto before = outbox_size(*s);
  Hlc t = hlc_pack(f.clock->now_ms - 1000, 0);
  auto r = s->apply_remote(remote_insert(t, "in_progress", 30));
  REQUIRE(r.is_ok());
  for (auto o : r->outcomes) CHECK(o == ApplyOutcome::kApplied);
  CHECK(column(*s, "progress", kPk, "status") == Value{std::string("in_progress")});
  CHECK(column(*s, "progress", kPk, "percent") == Value{std::int64_t{30}});
  CHECK(outbox_size(*s) == before);
  auto clock = s->cell_clock("progress", kPk, "status");
  CHECK((*clock)->hlc == t);
  CHECK((*clock)->node == "bbbbbbbbbbbbbbbb");
}

TEST_CASE("applying the same batch twice is a no-op") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  auto batch = remote_insert(hlc_pack(f.clock->now_ms, 1), "done", 100);
  REQUIRE(s->apply_remote(batch).is_ok());
  auto first = s->export_json();
  auto again = s->apply_remote(batch);
  REQUIRE(again.is_ok());
  for (auto o : again->outcomes) CHECK(o == ApplyOutcome::kDuplicate);
  CHECK(*s->export_json() == *first);
}

TEST_CASE("an older remote cell loses to the local value; a newer one wins") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 50)).is_ok());
  Hlc local = (*s->cell_clock("progress", kPk, "percent"))->hlc;

  auto r = s->apply_remote({cell("percent", std::int64_t{20}, local - 1)});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kStale);
  CHECK(column(*s, "progress", kPk, "percent") == Value{std::int64_t{50}});

  r = s->apply_remote({cell("percent", std::int64_t{70}, local + 1, "bbbbbbbbbbbbbbbb", local)});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kApplied);
  CHECK(column(*s, "progress", kPk, "percent") == Value{std::int64_t{70}});
  CHECK(r->conflicts == 0);  // the writer had seen our value: no conflict
}

TEST_CASE("equal clocks are ordered by node id, the same way on every node") {
  StoreFixture f;
  auto a = f.open("a.db");
  auto b = f.open("b.db");
  seed_reference(*a);
  seed_reference(*b);
  Hlc t = hlc_pack(f.clock->now_ms, 9);
  std::vector<RemoteCell> low = {cell("note_md", std::string("từ nút 1111"), t, "1111111111111111")};
  std::vector<RemoteCell> high = {cell("note_md", std::string("từ nút 9999"), t, "9999999999999999")};
  auto ins = remote_insert(t - 5, "in_progress", 10);
  REQUIRE(a->apply_remote(ins).is_ok());
  REQUIRE(b->apply_remote(ins).is_ok());
  REQUIRE(a->apply_remote(low).is_ok());
  REQUIRE(a->apply_remote(high).is_ok());
  REQUIRE(b->apply_remote(high).is_ok());
  REQUIRE(b->apply_remote(low).is_ok());
  CHECK(column(*a, "progress", kPk, "note_md") == Value{std::string("từ nút 9999")});
  CHECK(column(*b, "progress", kPk, "note_md") == Value{std::string("từ nút 9999")});
}

TEST_CASE("bad cells are rejected with a reason and never block the rest of the batch") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc t = hlc_pack(f.clock->now_ms, 0);
  Hlc day_ahead = hlc_pack(f.clock->now_ms + 24LL * 3600 * 1000, 0);
  auto batch = remote_insert(t, "in_progress", 10);
  batch.push_back(RemoteCell{"secrets", "x", "a", std::string("b"), t, "bbbbbbbbbbbbbbbb", {}});
  batch.push_back(cell("colour", std::string("red"), t));
  batch.push_back(cell("percent", std::int64_t{140}, t + 1));
  batch.push_back(cell("status", std::string("finished"), t + 1));
  batch.push_back(cell("note_md", std::string("\xC3\x28"), t + 1));
  batch.push_back(cell("note_md", std::string("tương lai"), day_ahead));
  batch.push_back(RemoteCell{"progress", "2021-q1-01:meo-vac", "task_id", std::string("2021-q7-01"), t,
                             "bbbbbbbbbbbbbbbb", {}});
  auto r = s->apply_remote(batch);
  REQUIRE(r.is_ok());
  for (size_t i = 0; i < 5; ++i) CHECK(r->outcomes[i] == ApplyOutcome::kApplied);
  const char* expected[] = {"không có bảng",    "không có cột",   "phải từ 0 đến 100",
                            "phải là một trong các giá trị",   "không phải văn bản UTF-8",  "đi trước đồng hồ ở đây",
                            "không có dòng tasks nào có mã"};
  for (size_t i = 5; i < batch.size(); ++i) {
    CAPTURE(i);
    CHECK(r->outcomes[i] == ApplyOutcome::kRejected);
    CHECK(r->reasons[i].find(expected[i - 5]) != std::string::npos);
  }
  CHECK(column(*s, "progress", kPk, "percent") == Value{std::int64_t{10}});
  // The far-future stamp did not drag our clock forward.
  CHECK(hlc_wall_ms(*s->clock()) <= f.clock->now_ms);
}

TEST_CASE("applying a remote cell moves the local clock past it") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc remote = hlc_pack(f.clock->now_ms + 60'000, 3);  // a minute ahead: within bounds
  REQUIRE(s->apply_remote(remote_insert(remote, "in_progress", 10)).is_ok());
  CHECK(*s->clock() >= remote);
  REQUIRE(s->write("progress", progress_row("done", 100)).is_ok());
  CHECK(s->outbox()->back().hlc > remote);  // our next edit wins over what we saw
}

TEST_CASE("a remote delete leaves a tombstone that older writes cannot undo") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc t = hlc_pack(f.clock->now_ms - 10'000, 0);
  REQUIRE(s->apply_remote(remote_insert(t, "in_progress", 10)).is_ok());
  auto r = s->apply_remote({cell("_row", std::int64_t{0}, t + 10)});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kApplied);
  CHECK_FALSE(s->get("progress", kPk)->has_value());
  // A write made before the delete (it arrives late) does not bring the row back.
  r = s->apply_remote({cell("percent", std::int64_t{90}, t + 5)});
  CHECK(r->outcomes[0] == ApplyOutcome::kStale);
  CHECK_FALSE(s->get("progress", kPk)->has_value());
  // Inserting again, later, does; its cells may come in any order.
  auto again = remote_insert(t + 20, "done", 100);
  std::reverse(again.begin(), again.end());
  r = s->apply_remote(again);
  REQUIRE(r.is_ok());
  for (auto o : r->outcomes) CHECK(o == ApplyOutcome::kApplied);
  CHECK(column(*s, "progress", kPk, "status") == Value{std::string("done")});
}

TEST_CASE("a row that others refer to cannot be deleted by a remote cell") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("in_progress", 10)).is_ok());
  Hlc later = hlc_pack(f.clock->now_ms + 1000, 0);
  auto r = s->apply_remote({RemoteCell{"tasks", "2021-q1-01", "_row", std::int64_t{0}, later, "bbbbbbbbbbbbbbbb", {}}});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kRejected);
  CHECK(r->reasons[0].find("progress.task_id vẫn trỏ tới dòng này") != std::string::npos);
  CHECK(s->get("tasks", "2021-q1-01")->has_value());
}

TEST_CASE("concurrent edits of free text keep the losing text as a conflict") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc t0 = hlc_pack(f.clock->now_ms - 60'000, 0);
  REQUIRE(s->apply_remote(remote_insert(t0, "in_progress", 10)).is_ok());
  // Here, offline: the clerk writes a note (base: none, as the cell was empty).
  auto row = progress_row("in_progress", 10);
  row["note_md"] = std::string("Đã họp với các xã");
  REQUIRE(s->write("progress", row).is_ok());
  Hlc mine = (*s->cell_clock("progress", kPk, "note_md"))->hlc;

  // Another machine of the district wrote its own note later, not having seen ours.
  auto r = s->apply_remote({cell("note_md", std::string("Chưa họp"), mine + 5, "cccccccccccccccc", t0)});
  REQUIRE(r.is_ok());
  CHECK(r->outcomes[0] == ApplyOutcome::kApplied);
  CHECK(r->conflicts == 1);
  auto conflicts = s->conflicts();
  REQUIRE(conflicts->size() == 1);
  const auto& c = conflicts->front();
  CHECK(c.column == "note_md");
  CHECK(c.kept_value == Value{std::string("Chưa họp")});
  CHECK(c.lost_value == Value{std::string("Đã họp với các xã")});
  CHECK(c.lost_node == s->node_id());
  CHECK(column(*s, "progress", kPk, "note_md") == Value{std::string("Chưa họp")});
}

TEST_CASE("a losing concurrent write is kept too, when it is the remote one") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  REQUIRE(s->write("progress", progress_row("done", 100)).is_ok());
  Hlc mine = (*s->cell_clock("progress", kPk, "status"))->hlc;
  // An older, concurrent write that would move progress backwards.
  auto r = s->apply_remote({cell("status", std::string("in_progress"), mine - 1, "cccccccccccccccc")});
  CHECK(r->outcomes[0] == ApplyOutcome::kStale);
  CHECK(r->conflicts == 0);  // the winner (done) is ahead of the loser: nothing to review
  // A newer concurrent write that moves it backwards is kept for review.
  r = s->apply_remote({cell("status", std::string("blocked"), mine + 1, "cccccccccccccccc")});
  CHECK(r->outcomes[0] == ApplyOutcome::kApplied);
  CHECK(r->conflicts == 1);
  auto c = s->conflicts()->front();
  CHECK(c.kept_value == Value{std::string("blocked")});
  CHECK(c.lost_value == Value{std::string("done")});
}

TEST_CASE("the same node overwriting itself is never a conflict") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc t = hlc_pack(f.clock->now_ms - 1000, 0);
  REQUIRE(s->apply_remote(remote_insert(t, "in_progress", 10)).is_ok());
  REQUIRE(s->apply_remote({cell("note_md", std::string("một"), t + 1)}).is_ok());
  auto r = s->apply_remote({cell("note_md", std::string("hai"), t + 2)});
  CHECK(r->conflicts == 0);
  CHECK(s->conflicts()->empty());
}

TEST_CASE("resolving a conflict keeps the current value or writes the lost one back as a new edit") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc t0 = hlc_pack(f.clock->now_ms - 60'000, 0);
  REQUIRE(s->apply_remote(remote_insert(t0, "in_progress", 10)).is_ok());
  auto row = progress_row("in_progress", 10);
  row["note_md"] = std::string("bản của tôi");
  REQUIRE(s->write("progress", row).is_ok());
  Hlc mine = (*s->cell_clock("progress", kPk, "note_md"))->hlc;
  REQUIRE(s->apply_remote({cell("note_md", std::string("bản của họ"), mine + 1, "cccccccccccccccc", t0)})->conflicts == 1);
  auto id = s->conflicts()->front().id;

  auto before = outbox_size(*s);
  REQUIRE(s->resolve_conflict(id, /*keep_lost=*/true).is_ok());
  CHECK(column(*s, "progress", kPk, "note_md") == Value{std::string("bản của tôi")});
  CHECK(outbox_size(*s) == before + 1);
  CHECK(s->outbox()->back().hlc > mine + 1);  // the new edit wins over theirs everywhere
  CHECK(s->conflicts()->empty());
  CHECK(s->conflicts(true)->size() == 1);
  CHECK(s->resolve_conflict(id, false).code() == Status::Code::kNotFound);
}

TEST_CASE("a cell a constraint refuses is rejected alone; the rest of its row is applied") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  Hlc t = hlc_pack(f.clock->now_ms, 0);
  auto batch = remote_insert(t, "in_progress", 10);
  batch.push_back(cell("note_md", Value(), t));  // NOT NULL in the table
  auto r = s->apply_remote(batch);
  REQUIRE(r.is_ok());
  for (size_t i = 0; i + 1 < batch.size(); ++i) CHECK(r->outcomes[i] == ApplyOutcome::kApplied);
  CHECK(r->outcomes.back() == ApplyOutcome::kRejected);
  CHECK(r->reasons.back().find("NOT NULL") != std::string::npos);
  CHECK(column(*s, "progress", kPk, "percent") == Value{std::int64_t{10}});
  CHECK_FALSE(s->cell_clock("progress", kPk, "note_md")->has_value());
}

TEST_CASE("rows of one table that refer to each other arrive in one batch, in any order") {
  StoreFixture f;
  auto s = f.open();
  Hlc t = hlc_pack(f.clock->now_ms, 0);
  const std::string node = "bbbbbbbbbbbbbbbb";
  // "a-xa" sorts before "z-tinh", its parent.
  std::vector<RemoteCell> batch = {
      {"units", "a-xa", "_row", std::int64_t{1}, t, node, {}},
      {"units", "a-xa", "parent_id", std::string("z-tinh"), t, node, {}},
      {"units", "z-tinh", "_row", std::int64_t{1}, t, node, {}},
      {"units", "z-tinh", "name", std::string("Tỉnh"), t, node, {}},
  };
  auto r = s->apply_remote(batch);
  REQUIRE(r.is_ok());
  for (size_t i = 0; i < batch.size(); ++i) {
    CAPTURE(i);
    CHECK(r->outcomes[i] == ApplyOutcome::kApplied);
  }
  CHECK(column(*s, "units", "a-xa", "parent_id") == Value{std::string("z-tinh")});
}

TEST_CASE("a batch merges exactly as its cells merged one at a time would") {
  // The merge decides a row's cells together; this holds it to the meaning
  // of merging each cell alone, over random batches with duplicates,
  // deletes, stale and concurrent writes and cells a constraint refuses.
  std::mt19937 rng(20211);
  const std::vector<std::string> pks = {"2021-q1-01:dong-van", "2021-q1-01:meo-vac"};
  const std::vector<std::string> nodes = {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int round = 0; round < 40; ++round) {
    CAPTURE(round);
    StoreFixture f;
    auto whole = f.open("whole.db");
    auto single = f.open("single.db");
    for (Store* s : {whole.get(), single.get()}) {
      seed_reference(*s);
      REQUIRE(s->write("units", {{"id", std::string("meo-vac")}, {"name", std::string("Huyện Mèo Vạc")}}).is_ok());
    }
    const Hlc base_time = hlc_pack(f.clock->now_ms - 100'000, 0);
    auto random_cell = [&](const std::string& pk) {
      RemoteCell c{"progress", pk, "", Value(), base_time + static_cast<Hlc>(pick(6)) * 1000,
                   nodes[static_cast<size_t>(pick(3))], {}};
      switch (pick(6)) {
        case 0: c.column = "_row"; c.value = std::int64_t{pick(4) == 0 ? 0 : 1}; break;
        case 1: c.column = "status"; c.value = std::string(pick(2) ? "done" : "blocked"); break;
        case 2: c.column = "percent"; c.value = std::int64_t{pick(3) * 50}; break;
        case 3: c.column = "note_md"; c.value = pick(5) ? Value(std::string("ghi chú ") + std::to_string(pick(3))) : Value(); break;
        case 4: c.column = "unit_id"; c.value = std::string(pick(2) ? "dong-van" : "meo-vac"); break;
        default: c.column = "task_id"; c.value = std::string(pick(4) ? "2021-q1-01" : "2021-q9-99"); break;
      }
      if (pick(3) == 0) c.base = base_time + static_cast<Hlc>(pick(6)) * 1000;
      return c;
    };
    for (int batch_no = 0; batch_no < 3; ++batch_no) {
      std::vector<RemoteCell> batch;
      for (const auto& pk : pks) {  // in merge order: by id, `_row` first
        std::vector<RemoteCell> row;
        for (int k = pick(8); k > 0; --k) row.push_back(random_cell(pk));
        std::stable_partition(row.begin(), row.end(), [](const RemoteCell& c) { return c.column == "_row"; });
        batch.insert(batch.end(), row.begin(), row.end());
      }
      auto together = whole->apply_remote(batch);
      REQUIRE(together.is_ok());
      for (size_t i = 0; i < batch.size(); ++i) {
        CAPTURE(i);
        auto alone = single->apply_remote({batch[i]});
        REQUIRE(alone.is_ok());
        CHECK(alone->outcomes[0] == together->outcomes[i]);
        CHECK(alone->reasons[0] == together->reasons[i]);
      }
    }
    CHECK(*whole->export_json() == *single->export_json());
    auto a = whole->conflicts();
    auto b = single->conflicts();
    REQUIRE(a->size() == b->size());
    for (size_t i = 0; i < a->size(); ++i) {
      CHECK((*a)[i].kept_value == (*b)[i].kept_value);
      CHECK((*a)[i].lost_value == (*b)[i].lost_value);
    }
    for (const auto& pk : pks) {
      for (const char* col : {"_row", "status", "percent", "note_md", "unit_id", "task_id"}) {
        auto x = whole->cell_clock("progress", pk, col);
        auto y = single->cell_clock("progress", pk, col);
        REQUIRE(x.is_ok());
        CHECK(x->has_value() == y->has_value());
        if (x->has_value() && y->has_value()) CHECK((*x)->hlc == (*y)->hlc);
      }
    }
  }
}

TEST_CASE("the audit log keeps one record per merged row and answers for every cell: who, when, from what to what") {
  StoreFixture f;
  auto s = f.open();
  seed_reference(*s);
  ApplyOptions audit;
  audit.audit = true;
  Hlc t1 = hlc_pack(f.clock->now_ms - 1000, 0);
  REQUIRE(s->apply_remote(remote_insert(t1, "in_progress", 30), audit).is_ok());
  Hlc t2 = t1 + 5;
  auto second = std::vector<RemoteCell>{cell("percent", std::int64_t{60}, t2, "cccccccccccccccc"),
                                        cell("note_md", std::string("Ghi \"chú\"\t\\"), t2, "cccccccccccccccc")};
  REQUIRE(s->apply_remote(second, audit).is_ok());
  auto log = ServerStore(*s).audit_of("progress");
  REQUIRE(log.is_ok());
  REQUIRE(log->size() == 7);
  CHECK(*ServerStore(*s).audit_count() == 7);
  const auto& e = *log;
  CHECK(e[0].column == "_row");
  CHECK(e[0].old_value == Value{std::int64_t{0}});
  CHECK(e[0].new_value == Value{std::int64_t{1}});
  CHECK(e[4].column == "percent");
  CHECK(is_null(e[4].old_value));
  CHECK(e[4].new_value == Value{std::int64_t{30}});
  CHECK(e[4].hlc == t1);
  CHECK(e[4].node_id == "bbbbbbbbbbbbbbbb");
  for (int i = 1; i < 5; ++i) CHECK(e[i].id == e[0].id);  // one record
  CHECK(e[5].id > e[0].id);
  CHECK(e[5].column == "percent");
  CHECK(e[5].old_value == Value{std::int64_t{30}});
  CHECK(e[5].new_value == Value{std::int64_t{60}});
  CHECK(e[5].node_id == "cccccccccccccccc");
  CHECK(e[6].column == "note_md");
  CHECK(e[6].old_value == Value{std::string("")});
  CHECK(e[6].new_value == Value{std::string("Ghi \"chú\"\t\\")});
  CHECK(e[6].hlc == t2);
  CHECK(e[6].at.size() == 24);
}
