// The status summary and settling conflicts.
#include "tests/records/fixture.h"
#include "tests/support/images.h"
#include "store/node_store.h"

using namespace thidua;
using namespace thidua::testing;

namespace {

const std::string kOther = "bbbbbbbbbbbbbbbb";

RemoteCell title_cell(const std::string& story, const std::string& title, Hlc hlc,
                      const std::string& node) {
  return RemoteCell{"stories", story, "title", title, hlc, node, std::nullopt};
}

std::string title_of(Store& s, const std::string& story) {
  return text(get_row(s, "stories", story), "title");
}

// A local story whose title then meets a concurrent remote title.
std::string story_with_conflict(StoreFixture& f, Store& s, bool remote_wins) {
  NewStory st;
  st.title = "Tiêu đề của huyện";
  st.subject = "Ông Chứ";
  st.category = "individual";
  st.body_md = "Nội dung";
  auto id = add_story(s, st);
  REQUIRE(id.is_ok());
  const Hlc remote = hlc_pack(f.clock->now_ms + (remote_wins ? 1000 : -1000), 0);
  auto applied = s.apply_remote({title_cell(*id, "Tiêu đề của tỉnh", remote, kOther)});
  REQUIRE(applied.is_ok());
  REQUIRE(applied->conflicts == 1);
  return *id;
}

}  // namespace

TEST_CASE("the summary shows the node, its queues and its conflicts") {
  StoreFixture f;
  auto s = open_node(f);
  REQUIRE(s->ack_outbox(last_seq(*s)).is_ok());  // the reference data has been sent
  auto empty = node_summary(*s);
  REQUIRE(empty.is_ok());
  CHECK(empty->unit_id == "dong-van");
  CHECK(empty->unit_name == std::optional<std::string>("Huyện Đồng Văn"));
  CHECK(empty->role == "district");
  CHECK(empty->server_url == "http://127.0.0.1:1");
  CHECK(empty->node_id == s->node_id());
  CHECK_FALSE(empty->last_sync_at.has_value());
  CHECK(empty->pending_cells == 0);
  CHECK(empty->pending_records == 0);
  CHECK(empty->pending_photos == 0);
  CHECK(empty->open_conflicts == 0);

  write_file(f.dir.path() / "a.png", kOnePixelPng);
  NewStory st{"Tiêu đề", "Ông Chứ", "individual", "Nội dung", {f.dir.file("a.png")}, "", ""};
  REQUIRE(add_story(*s, st).is_ok());
  REQUIRE(NodeStore(*s).record_sync_outcome(Status::io("không kết nối được máy chủ")).is_ok());
  auto after = node_summary(*s);
  REQUIRE(after.is_ok());
  CHECK(after->pending_cells == outbox_size(*s));
  CHECK(after->pending_cells > 0);
  CHECK(after->pending_records == 1);  // the story and its photo's row: one thing to the clerk
  CHECK(after->pending_photos == 1);
  REQUIRE(report_progress(*s, {"2021-q1-01", "in_progress", 40, "Đã họp", ""}).is_ok());
  CHECK(node_summary(*s)->pending_records == 2);
  CHECK(after->last_error == std::optional<std::string>("không kết nối được máy chủ"));
}

TEST_CASE("summary and conflicts need a node configuration") {
  StoreFixture f;
  auto s = f.open();
  CHECK(contains(node_summary(*s).status().message(), "thidua node init"));
  CHECK(open_conflicts(*s).status().code() == Status::Code::kNotFound);
  CHECK(settle_conflict(*s, 1, Keep::kMine).code() == Status::Code::kNotFound);
}

TEST_CASE("keep mine restores this node's lost write and syncs it") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_conflict(f, *s, /*remote_wins=*/true);
  CHECK(title_of(*s, id) == "Tiêu đề của tỉnh");
  auto open = open_conflicts(*s);
  REQUIRE(open.is_ok());
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].lost_node == s->node_id());
  CHECK(node_summary(*s)->open_conflicts == 1);

  const auto before = last_seq(*s);
  REQUIRE(settle_conflict(*s, (*open)[0].id, Keep::kMine).is_ok());
  CHECK(title_of(*s, id) == "Tiêu đề của huyện");
  CHECK(outbox_entries(*s, "stories", before) == 1);
  CHECK(open_conflicts(*s)->empty());
  CHECK(settle_conflict(*s, (*open)[0].id, Keep::kMine).code() == Status::Code::kNotFound);
}

TEST_CASE("keep theirs when this node's write is the one kept") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_conflict(f, *s, /*remote_wins=*/false);
  CHECK(title_of(*s, id) == "Tiêu đề của huyện");
  auto open = open_conflicts(*s);
  REQUIRE(open->size() == 1);
  CHECK((*open)[0].kept_node == s->node_id());
  REQUIRE(settle_conflict(*s, (*open)[0].id, Keep::kTheirs).is_ok());
  CHECK(title_of(*s, id) == "Tiêu đề của tỉnh");
}

TEST_CASE("keep mine when mine is already kept changes nothing but closes the conflict") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_conflict(f, *s, /*remote_wins=*/false);
  const auto before = last_seq(*s);
  REQUIRE(settle_conflict(*s, open_conflicts(*s)->at(0).id, Keep::kMine).is_ok());
  CHECK(title_of(*s, id) == "Tiêu đề của huyện");
  CHECK(last_seq(*s) == before);
  CHECK(open_conflicts(*s)->empty());
}

TEST_CASE("a conflict between two other nodes is settled by current or lost") {
  StoreFixture f;
  auto s = open_node(f);
  const Hlc t = hlc_pack(f.clock->now_ms, 0);
  auto created = s->apply_remote(
      {{"stories", "far", "_row", std::int64_t{1}, t, "cccccccccccccccc", std::nullopt},
       {"stories", "far", "unit_id", std::string("meo-vac"), t, "cccccccccccccccc", std::nullopt},
       title_cell("far", "Bản của máy C", t, "cccccccccccccccc")});
  REQUIRE(created.is_ok());
  auto clash = s->apply_remote({title_cell("far", "Bản của máy D", t + 5, "dddddddddddddddd")});
  REQUIRE(clash.is_ok());
  REQUIRE(clash->conflicts == 1);
  const auto id = open_conflicts(*s)->at(0).id;

  Status mine = settle_conflict(*s, id, Keep::kMine);
  CHECK(mine.code() == Status::Code::kInvalid);
  CHECK(contains(mine.message(), "--keep current"));
  CHECK(settle_conflict(*s, id, Keep::kTheirs).code() == Status::Code::kInvalid);
  REQUIRE(settle_conflict(*s, id, Keep::kLost).is_ok());
  CHECK(title_of(*s, "far") == "Bản của máy C");
  CHECK(settle_conflict(*s, 999, Keep::kCurrent).code() == Status::Code::kNotFound);
}

TEST_CASE("regression (issue 11 item 5c): keep mine into a story the province approved is refused before it is written") {
  StoreFixture f;
  auto s = open_node(f);
  const std::string id = story_with_conflict(f, *s, /*remote_wins=*/true);
  const Hlc later = hlc_pack(f.clock->now_ms + 2000, 0);
  auto approved = s->apply_remote({{"stories", id, "status", std::string("approved"), later, kOther, std::nullopt}});
  REQUIRE(approved.is_ok());
  REQUIRE(approved->outcomes[0] == ApplyOutcome::kApplied);
  const auto conflict = open_conflicts(*s)->at(0).id;
  const Snapshot before = snapshot(*s);

  Status mine = settle_conflict(*s, conflict, Keep::kMine);
  CHECK(mine.code() == Status::Code::kConflict);
  CHECK(contains(mine.message(), "đã duyệt (approved)"));
  CHECK(contains(mine.message(), "--keep current"));
  CHECK(snapshot(*s) == before);
  CHECK(open_conflicts(*s)->size() == 1);
  // Keeping the province's title closes it.
  REQUIRE(settle_conflict(*s, conflict, Keep::kTheirs).is_ok());
  CHECK(title_of(*s, id) == "Tiêu đề của tỉnh");
  CHECK(open_conflicts(*s)->empty());
}
